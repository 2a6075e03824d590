using DmmActors.Protocol;
using DmmActors.Protocol.Wire;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace DmmActors.Tests.Wire;

/// <summary>Every message encoded in its RFC layout and decoded again is the message it was, field by field.</summary>
public class WireRoundTripTests
{
    static readonly WireCodec Codec = new(WireSamples.AccessRouters, WireSamples.HomeAgentOf);

    public static IEnumerable<object[]> Types() => WireSamples.ByType.Keys.Select(k => new object[] { k });

    static byte[] Encode(WireCase c) => c.Message is DataPacket data
        ? Codec.Encode(data, c.From, c.To, c.Tunnelled)
        : Codec.Encode((ISignal)c.Message, c.From, c.To);

    [Theory]
    [MemberData(nameof(Types))]
    public void Encode_then_decode_gives_the_same_message(string type)
    {
        var property = Prop.ForAll(WireSamples.ByType[type].ToArbitrary(), c =>
        {
            var decoded = Codec.Decode(Encode(c)).Message;
            return WireEquality.Same(c.Message, decoded);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }

    [Fact]
    public void Every_signal_type_the_emulator_sends_has_a_generator()
    {
        var signals = typeof(Signal).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Signal)) && !t.IsAbstract).Select(t => t.Name);
        Assert.Empty(signals.Except(WireSamples.ByType.Keys));
    }

    [Fact]
    public void A_corrupted_checksum_is_refused_by_name()
    {
        var sample = WireSamples.ByType[nameof(ProxyBindingUpdate)].Sample(10, 1).First();
        var bytes = Encode(sample);
        bytes[^1] ^= 0x5A;
        var error = Assert.Throws<WireFormatException>(() => Codec.Decode(bytes));
        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public void A_truncated_packet_is_refused_naming_what_was_being_read()
    {
        var sample = WireSamples.ByType[nameof(RouterAdvertisement)].Sample(10, 1).First();
        var bytes = Encode(sample);
        var error = Assert.Throws<WireFormatException>(() => Codec.Decode(bytes.AsSpan(0, 30)));
        Assert.Contains("truncated", error.Message);
    }
}
