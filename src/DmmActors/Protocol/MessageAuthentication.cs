using System.Buffers.Binary;

namespace DmmActors.Protocol;

/// <summary>An HMAC-SHA256 value, held as four words so that a message carrying it compares by value.</summary>
public readonly record struct Authenticator(ulong W0, ulong W1, ulong W2, ulong W3)
{
    public const int Length = 32;

    public static Authenticator Read(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]), BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));

    public void Write(Span<byte> bytes)
    {
        BinaryPrimitives.WriteUInt64BigEndian(bytes, W0);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], W1);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[16..], W2);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[24..], W3);
    }
}

/// <summary>
/// The Mobility Message Authentication option a message carries (RFC 4285 §5, mobility option
/// 9): the SPI of the security association it was computed under, and the authenticator.
/// </summary>
public readonly record struct MessageAuthentication(uint Spi, Authenticator Value);

/// <summary>What a message's authentication covers (RFC 4285 §5.1), as encoded for a message from <see cref="From"/> to <see cref="To"/>.</summary>
internal sealed class CoveredBytes(Addressing.Endpoint from, Addressing.Endpoint to, byte[] bytes)
{
    public Addressing.Endpoint From { get; } = from;
    public Addressing.Endpoint To { get; } = to;
    public byte[] Bytes { get; } = bytes;
}
