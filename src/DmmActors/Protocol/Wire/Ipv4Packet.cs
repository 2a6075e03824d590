using DmmActors.Addressing;

namespace DmmActors.Protocol.Wire;

/// <summary>The IPv4 header (RFC 791 §3.1) as read from the wire; <see cref="End"/> is the offset where its payload ends.</summary>
public readonly record struct Ipv4Header(Ipv4Address Source, Ipv4Address Destination, byte Protocol, int End);

/// <summary>IPv4 protocol numbers (IANA) of the headers the emulator writes over IPv4.</summary>
public static class Ipv4Protocol
{
    /// <summary>IPv4 in IPv4 (RFC 2003).</summary>
    public const byte Ipv4 = 4;
    public const byte Udp = 17;
    /// <summary>IPv6 in IPv4 (RFC 4213 §3.5).</summary>
    public const byte Ipv6 = 41;
}

/// <summary>Writing and reading the IPv4 header with its checksum, and the UDP checksum over IPv4's pseudo-header (RFC 768).</summary>
public static class Ipv4Packet
{
    public const int HeaderLength = 20;
    public const byte TimeToLive = 64;

    /// <summary>Writes a header with no options whose total length and checksum <see cref="Close"/> patches; returns where it starts.</summary>
    public static int Open(PacketWriter w, Ipv4Address source, Ipv4Address destination, byte protocol)
    {
        var start = w.Length;
        w.U8(0x45); w.U8(0);           // version 4, IHL 5; DSCP and ECN 0
        w.U16(0);                       // total length, patched
        w.U16(0); w.U16(0x4000);        // identification; DF set, so no fragment needs one (RFC 6864 §4.1)
        w.U8(TimeToLive); w.U8(protocol);
        w.U16(0);                       // header checksum, patched
        Address(w, source);
        Address(w, destination);
        return start;
    }

    public static void Address(PacketWriter w, Ipv4Address address) => w.U32(address.Value);

    public static void Close(PacketWriter w, int start)
    {
        var total = w.Length - start;
        if (total > ushort.MaxValue) throw new WireFormatException($"an IPv4 packet of {total} bytes");
        w.PatchU16(start + 2, total);
        w.PatchU16(start + 10, (ushort)~InternetChecksum.Fold(InternetChecksum.Sum(w.Slice(start, HeaderLength))));
    }

    public static Ipv4Header Read(ref PacketReader r, ReadOnlySpan<byte> whole)
    {
        var start = r.Position;
        var first = r.U8("IPv4 version and IHL");
        if (first >> 4 != 4) throw new WireFormatException($"not an IPv4 packet (version {first >> 4})");
        if ((first & 0xF) != 5) throw new WireFormatException($"IPv4 header of {(first & 0xF) * 4} bytes; the emulator writes none with options");
        r.U8("IPv4 DSCP");
        var total = r.U16("IPv4 total length");
        r.U16("IPv4 identification");
        if ((r.U16("IPv4 flags and fragment offset") & 0x3FFF) != 0) throw new WireFormatException("a fragment of an IPv4 packet");
        r.U8("IPv4 time to live");
        var protocol = r.U8("IPv4 protocol");
        r.U16("IPv4 header checksum");
        var source = Ipv4Address.Read(r.Bytes(4, "IPv4 source address"));
        var destination = Ipv4Address.Read(r.Bytes(4, "IPv4 destination address"));
        if (InternetChecksum.Fold(InternetChecksum.Sum(whole.Slice(start, HeaderLength))) != 0xFFFF) throw new WireFormatException("bad IPv4 header checksum");
        if (total < HeaderLength || start + total > whole.Length) throw new WireFormatException($"IPv4 total length {total} runs past the packet's {whole.Length - start} bytes");
        return new Ipv4Header(source, destination, protocol, start + total);
    }

    /// <summary>The UDP checksum of <paramref name="datagram"/> over IPv4's pseudo-header; a computed zero is sent as all ones (RFC 768).</summary>
    public static ushort UdpChecksum(ReadOnlySpan<byte> datagram, Ipv4Address source, Ipv4Address destination) =>
        InternetChecksum.Udp(Fold(datagram, source, destination));

    public static bool UdpChecksumHolds(ReadOnlySpan<byte> datagram, Ipv4Address source, Ipv4Address destination) =>
        Fold(datagram, source, destination) == 0xFFFF;

    static ushort Fold(ReadOnlySpan<byte> datagram, Ipv4Address source, Ipv4Address destination)
    {
        Span<byte> pseudo = stackalloc byte[12];
        source.Write(pseudo);
        destination.Write(pseudo[4..]);
        pseudo[8] = 0; pseudo[9] = Ipv4Protocol.Udp;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(pseudo[10..], (ushort)datagram.Length);
        return InternetChecksum.Fold(InternetChecksum.Sum(pseudo) + InternetChecksum.Sum(datagram));
    }
}
