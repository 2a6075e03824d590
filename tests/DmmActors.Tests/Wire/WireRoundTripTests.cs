using DmmActors.Protocol;
using DmmActors.Protocol.Wire;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace DmmActors.Tests.Wire;

/// <summary>Every message encoded in its RFC layout and decoded again is the message it was, field by field.</summary>
public class WireRoundTripTests
{
    [Theory]
    [MemberData(nameof(WireSamples.Types), MemberType = typeof(WireSamples))]
    public void Encode_then_decode_gives_the_same_message(string type)
    {
        var property = Prop.ForAll(WireSamples.ByType[type].ToArbitrary(), c =>
        {
            var decoded = WireSamples.Codec.Decode(WireSamples.Encode(c)).Message;
            return WireEquality.Same(c.Message, decoded);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }

    [Fact]
    public void A_data_packets_length_as_the_data_plane_counts_it_is_what_its_encoding_writes()
    {
        var property = Prop.ForAll(WireSamples.ByType[nameof(DataPacket)].ToArbitrary(), c =>
            WireSamples.Encode(c).Length == WireCodec.DataLength((DataPacket)c.Message, c.Tunnelled));
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
        var bytes = WireSamples.Encode(sample);
        bytes[^1] ^= 0x5A;
        var error = Assert.Throws<WireFormatException>(() => WireSamples.Codec.Decode(bytes));
        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public void An_RFC_8885_option_without_the_D_flag_is_refused()
    {
        var procedure = new ProcedureRef(new Addressing.MnIdentifier(3), 1, ProcedureKind.Handover);
        var pbu = new ProxyBindingUpdate(procedure, Addressing.ModelTime.Zero, procedure.MobileNode, Addressing.Prefix64.Delegated(1, 3),
            HandoffIndicator.HandoffBetweenMagsSameInterface, 1, Addressing.ModelTime.Zero, 10, 1) { Dmm = true, AnchoredPrefixes = [Addressing.Prefix64.Delegated(2, 3)] };
        var bytes = WireSamples.Codec.Encode(pbu, Addressing.Endpoint.AccessRouter(1), Addressing.Endpoint.Anchor(9));
        Assert.IsType<ProxyBindingUpdate>(WireSamples.Codec.Decode(bytes).Message);
        // A sender that writes the option but not the D flag (RFC 8885 §4.1, 0x0010 of the flags after the sequence number).
        var cleared = WireSamples.Codec.Encode(pbu with { Dmm = false }, Addressing.Endpoint.AccessRouter(1), Addressing.Endpoint.Anchor(9));
        var error = Assert.Throws<WireFormatException>(() => WireSamples.Codec.Decode(cleared));
        Assert.Contains("no D flag", error.Message);
    }

    [Fact]
    public void A_truncated_packet_is_refused_naming_what_was_being_read()
    {
        var sample = WireSamples.ByType[nameof(RouterAdvertisement)].Sample(10, 1).First();
        var bytes = WireSamples.Encode(sample);
        var error = Assert.Throws<WireFormatException>(() => WireSamples.Codec.Decode(bytes.AsSpan(0, 30)));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void A_route_update_not_sent_to_all_RIP_routers_is_refused()
    {
        var sample = WireSamples.ByType[nameof(PrefixRoute)].Sample(10, 1).First();
        var bytes = WireSamples.Encode(sample);
        bytes[24 + 15] = 0x0a; // the destination's last octet: ff02::a, not ff02::9
        var error = Assert.Throws<WireFormatException>(() => WireSamples.Codec.Decode(bytes));
        Assert.Contains("ff02::9", error.Message);
    }
}
