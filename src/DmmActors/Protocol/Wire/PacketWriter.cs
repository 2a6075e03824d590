using System.Buffers.Binary;

namespace DmmActors.Protocol.Wire;

/// <summary>Writes a packet in network byte order into a growing buffer, and patches lengths and checksums written later.</summary>
public sealed class PacketWriter
{
    byte[] buffer = new byte[256];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => buffer.AsSpan(0, Length);

    public void Reset() => Length = 0;

    Span<byte> Take(int count)
    {
        if (Length + count > buffer.Length) Array.Resize(ref buffer, Math.Max(buffer.Length * 2, Length + count));
        var span = buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }

    public void U8(int value) => Take(1)[0] = (byte)value;
    public void U16(int value) => BinaryPrimitives.WriteUInt16BigEndian(Take(2), (ushort)value);
    public void U32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Take(4), value);
    public void I32(int value) => BinaryPrimitives.WriteInt32BigEndian(Take(4), value);
    public void U64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Take(8), value);
    public void I64(long value) => BinaryPrimitives.WriteInt64BigEndian(Take(8), value);
    public void Bytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Take(bytes.Length));
    public void Zeros(int count) => Take(count).Clear();

    public void PatchU8(int at, int value) => buffer[at] = (byte)value;
    public void PatchU16(int at, int value) => BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(at, 2), (ushort)value);

    public Span<byte> Slice(int from, int count) => buffer.AsSpan(from, count);

    public byte[] ToArray() => buffer.AsSpan(0, Length).ToArray();
}
