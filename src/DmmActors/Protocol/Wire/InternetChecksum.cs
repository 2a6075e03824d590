namespace DmmActors.Protocol.Wire;

/// <summary>The one's complement sum of RFC 1071 that IPv4's header, UDP, ICMPv6 and the mobility header share.</summary>
public static class InternetChecksum
{
    /// <summary>The 16-bit words of <paramref name="bytes"/> added up, an odd last byte padded with zero, not yet folded.</summary>
    public static ulong Sum(ReadOnlySpan<byte> bytes)
    {
        ulong sum = 0;
        int i = 0;
        for (; i + 1 < bytes.Length; i += 2) sum += (uint)(bytes[i] << 8 | bytes[i + 1]);
        if (i < bytes.Length) sum += (uint)(bytes[i] << 8);
        return sum;
    }

    /// <summary>Folds the carries back in: the one's complement sum.</summary>
    public static ushort Fold(ulong sum)
    {
        while (sum >> 16 != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)sum;
    }

    /// <summary>RFC 768 (kept for IPv6 by RFC 8200 §8.1): a computed UDP checksum of zero is sent as all ones.</summary>
    public static ushort Udp(ushort folded)
    {
        var checksum = (ushort)~folded;
        return checksum == 0 ? (ushort)0xFFFF : checksum;
    }
}
