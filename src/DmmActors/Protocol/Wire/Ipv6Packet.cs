using DmmActors.Addressing;

namespace DmmActors.Protocol.Wire;

/// <summary>IPv6 protocol numbers (IANA "Assigned Internet Protocol Numbers") of the headers the emulator writes.</summary>
public static class NextHeader
{
    public const byte HopByHopOptions = 0;
    /// <summary>IPv4 in IPv6 (RFC 2473).</summary>
    public const byte Ipv4 = 4;
    public const byte Udp = 17;
    /// <summary>IPv6 in IPv6 (RFC 2473).</summary>
    public const byte Ipv6 = 41;
    /// <summary>The routing header (RFC 8200 §4.4); the emulator writes only type 2 (RFC 6275 §6.4).</summary>
    public const byte Routing = 43;
    /// <summary>IPsec's Encapsulating Security Payload (RFC 4303).</summary>
    public const byte Esp = 50;
    public const byte Icmpv6 = 58;
    public const byte NoNextHeader = 59;
    public const byte DestinationOptions = 60;
    /// <summary>RFC 6275 §6.1.</summary>
    public const byte MobilityHeader = 135;
}

/// <summary>The fixed IPv6 header (RFC 8200 §3) as read from the wire; <see cref="End"/> is the offset where its payload ends.</summary>
public readonly record struct Ipv6Header(Ipv6Address Source, Ipv6Address Destination, byte NextHeader, byte HopLimit, int End);

/// <summary>Writing and reading the IPv6 header, and the upper-layer checksum over its pseudo-header (RFC 8200 §8.1).</summary>
public static class Ipv6Packet
{
    public const int HeaderLength = 40;

    /// <summary>Writes a header whose payload length is patched by <see cref="Close"/>; returns where it starts.</summary>
    public static int Open(PacketWriter w, Ipv6Address source, Ipv6Address destination, byte nextHeader, byte hopLimit)
    {
        var start = w.Length;
        w.U32(0x6000_0000); // version 6, traffic class 0, flow label 0
        w.U16(0);
        w.U8(nextHeader);
        w.U8(hopLimit);
        Address(w, source);
        Address(w, destination);
        return start;
    }

    public static void Address(PacketWriter w, Ipv6Address address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.Write(bytes);
        w.Bytes(bytes);
    }

    public static void Close(PacketWriter w, int start)
    {
        var payload = w.Length - start - HeaderLength;
        if (payload > ushort.MaxValue) throw new WireFormatException($"an IPv6 payload of {payload} bytes needs a jumbogram");
        w.PatchU16(start + 4, payload);
    }

    public static Ipv6Header Read(ref PacketReader r)
    {
        var first = r.U32("IPv6 header");
        if (first >> 28 != 6) throw new WireFormatException($"not an IPv6 packet (version {first >> 28})");
        var payload = r.U16("IPv6 payload length");
        var next = r.U8("IPv6 next header");
        var hopLimit = r.U8("IPv6 hop limit");
        var source = Ipv6Address.Read(r.Bytes(16, "IPv6 source address"));
        var destination = Ipv6Address.Read(r.Bytes(16, "IPv6 destination address"));
        if (payload > r.Remaining) throw new WireFormatException($"IPv6 payload length {payload} runs past the packet's {r.Remaining} bytes");
        return new Ipv6Header(source, destination, next, hopLimit, r.Position + payload);
    }

    /// <summary>The Internet checksum of <paramref name="upper"/> with the pseudo-header of RFC 8200 §8.1.</summary>
    public static ushort Checksum(ReadOnlySpan<byte> upper, Ipv6Address source, Ipv6Address destination, byte nextHeader)
    {
        var folded = Fold(upper, source, destination, nextHeader);
        return nextHeader == NextHeader.Udp ? InternetChecksum.Udp(folded) : (ushort)~folded;
    }

    /// <summary>Whether the checksum stored in <paramref name="upper"/> is right: the sum over it, stored checksum included, is all ones.</summary>
    public static bool ChecksumHolds(ReadOnlySpan<byte> upper, Ipv6Address source, Ipv6Address destination, byte nextHeader) =>
        Fold(upper, source, destination, nextHeader) == 0xFFFF;

    static ushort Fold(ReadOnlySpan<byte> upper, Ipv6Address source, Ipv6Address destination, byte nextHeader)
    {
        Span<byte> pseudo = stackalloc byte[40];
        source.Write(pseudo);
        destination.Write(pseudo[16..]);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(pseudo[32..], (uint)upper.Length);
        pseudo[36] = pseudo[37] = pseudo[38] = 0;
        pseudo[39] = nextHeader;
        return InternetChecksum.Fold(InternetChecksum.Sum(pseudo) + InternetChecksum.Sum(upper));
    }
}
