using System.Buffers.Binary;

namespace DmmActors.Protocol.Wire;

/// <summary>Reads a packet in network byte order; running past its end is a <see cref="WireFormatException"/> naming what was being read.</summary>
public ref struct PacketReader(ReadOnlySpan<byte> bytes)
{
    readonly ReadOnlySpan<byte> bytes = bytes;

    public int Position { get; private set; }
    public readonly int Remaining => bytes.Length - Position;

    ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count < 0 || Position + count > bytes.Length)
            throw new WireFormatException($"truncated {what}: {count} bytes needed at offset {Position}, {bytes.Length - Position} left");
        var span = bytes.Slice(Position, count);
        Position += count;
        return span;
    }

    public byte U8(string what) => Take(1, what)[0];
    public ushort U16(string what) => BinaryPrimitives.ReadUInt16BigEndian(Take(2, what));
    public uint U32(string what) => BinaryPrimitives.ReadUInt32BigEndian(Take(4, what));
    public int I32(string what) => BinaryPrimitives.ReadInt32BigEndian(Take(4, what));
    public ulong U64(string what) => BinaryPrimitives.ReadUInt64BigEndian(Take(8, what));
    public long I64(string what) => BinaryPrimitives.ReadInt64BigEndian(Take(8, what));
    public ReadOnlySpan<byte> Bytes(int count, string what) => Take(count, what);
    public void Skip(int count, string what) => Take(count, what);
}
