using DmmActors.Protocol.Wire;
using DmmActors.Tests.Wire;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace DmmActors.Tests.Fuzz;

/// <summary>
/// Every decoder of the wire format fed noise and damaged packets: each packet decodes or is
/// refused with a <see cref="WireFormatException"/>, never another exception. Damage that keeps
/// the checksum (a word raised and another lowered by as much) gets past the checksum check
/// into the headers and options behind it.
/// </summary>
public class WireFuzzTests
{
    static bool DecodesOrRefuses(byte[] packet)
    {
        try { WireSamples.Codec.Decode(packet); return true; }
        catch (WireFormatException e) when (!e.Message.Contains('\n')) { return true; }
        catch (Exception e)
        {
            Assert.Fail($"{e.GetType().Name}: {e.Message}\n{e.StackTrace}\npacket: {Convert.ToHexString(packet)}");
            return false;
        }
    }

    /// <summary>
    /// Adds d to one 16-bit word and takes it from another: the ones'-complement sum, and so
    /// every checksum over both (pseudo-header addresses included), stays as it was.
    /// </summary>
    static void ShiftBetweenWords(byte[] p, int from, int to, ushort d)
    {
        static ushort Word(byte[] b, int at) => (ushort)(b[at] << 8 | b[at + 1]);
        static void Set(byte[] b, int at, int v) { b[at] = (byte)(v >> 8); b[at + 1] = (byte)v; }
        static int Fold(int v) => (v & 0xFFFF) + (v >> 16);
        Set(p, from, Fold(Word(p, from) + d));
        Set(p, to, Fold(Word(p, to) + (ushort)~d));
    }

    [Theory]
    [MemberData(nameof(WireSamples.Types), MemberType = typeof(WireSamples))]
    public void A_damaged_packet_decodes_or_is_refused(string type)
    {
        var gen =
            from c in WireSamples.ByType[type]
            from shifts in Gen.Choose(0, int.MaxValue).ArrayOf().Resize(6)
            from flips in Gen.Choose(0, int.MaxValue).ArrayOf().Resize(2)
            from cut in Gen.Frequency((4, Gen.Constant(-1)), (1, Gen.Choose(0, int.MaxValue)))
            select (Case: c, Shifts: shifts, Flips: flips, Cut: cut);
        Check.One(Outcome.Cases(400), Prop.ForAll(gen.ToArbitrary(), g =>
        {
            var packet = WireSamples.Encode(g.Case);
            // Words from the source address on: the pseudo-header's and the upper layer's.
            var words = (packet.Length - 8) / 2;
            for (int k = 0; k + 1 < g.Shifts.Length; k += 2)
                ShiftBetweenWords(packet, 8 + 2 * (g.Shifts[k] % words), 8 + 2 * (g.Shifts[k + 1] % words), (ushort)(g.Shifts[k] >> 8));
            foreach (var f in g.Flips) packet[f % packet.Length] ^= (byte)(1 << (f >> 28 & 7));
            if (g.Cut >= 0) packet = packet[..(g.Cut % (packet.Length + 1))];
            return DecodesOrRefuses(packet);
        }));
    }

    [Fact]
    public void Noise_decodes_or_is_refused() =>
        Check.One(Outcome.Cases(2000), Prop.ForAll(
            Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().Resize(300).ToArbitrary(), DecodesOrRefuses));

    [Fact]
    public void Noise_behind_a_valid_IPv6_header_decodes_or_is_refused()
    {
        var gen =
            from next in Gen.Elements<byte>(0, 4, 41, 58, 60, 17, 135, 43, 59)
            from body in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().Resize(200)
            select (Next: next, Body: body);
        Check.One(Outcome.Cases(2000), Prop.ForAll(gen.ToArbitrary(), g =>
        {
            var packet = new byte[40 + g.Body.Length];
            packet[0] = 0x60;
            packet[4] = (byte)(g.Body.Length >> 8);
            packet[5] = (byte)g.Body.Length;
            packet[6] = g.Next;
            packet[7] = 64;
            packet[8] = 0x20; packet[9] = 0x01; packet[10] = 0x0d; packet[11] = 0xb8;
            packet[24] = 0x20; packet[25] = 0x01; packet[26] = 0x0d; packet[27] = 0xb8;
            g.Body.CopyTo(packet, 40);
            return DecodesOrRefuses(packet);
        }));
    }
}
