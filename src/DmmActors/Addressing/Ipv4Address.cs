using System.Buffers.Binary;

namespace DmmActors.Addressing;

/// <summary>An IPv4 address, in host order. 0.0.0.0 is also RFC 5555 §3.1.1's request for an address the home agent assigns.</summary>
public readonly record struct Ipv4Address(uint Value)
{
    public static readonly Ipv4Address Unspecified = new(0);

    public bool IsUnspecified => Value == 0;

    public static Ipv4Address Of(byte a, byte b, byte c, byte d) => new((uint)(a << 24 | b << 16 | c << 8 | d));

    public void Write(Span<byte> to) => BinaryPrimitives.WriteUInt32BigEndian(to, Value);

    public static Ipv4Address Read(ReadOnlySpan<byte> from) => new(BinaryPrimitives.ReadUInt32BigEndian(from));

    /// <summary>RFC 4291 §2.5.5.2: the IPv4-mapped IPv6 address, ::ffff:a.b.c.d, which stands for this address in an IPv6 header (RFC 5555 §4.1).</summary>
    public Ipv6Address Mapped => new(0, 0x0000_ffff_0000_0000UL | Value);

    public static bool TryMapped(Ipv6Address address, out Ipv4Address v4)
    {
        v4 = new Ipv4Address((uint)address.Low);
        return address.High == 0 && address.Low >> 32 == 0x0000_ffff;
    }

    public override string ToString() => $"{Value >> 24}.{(Value >> 16) & 255}.{(Value >> 8) & 255}.{Value & 255}";
}
