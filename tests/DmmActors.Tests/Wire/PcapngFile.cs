using System.Buffers.Binary;

namespace DmmActors.Tests.Wire;

/// <summary>Reads back the Enhanced Packet Blocks of a pcapng file: each packet's bytes and timestamp, in file order.</summary>
public static class PcapngFile
{
    public sealed record Frame(int Number, byte[] Bytes, long TimestampMicros);

    public static IReadOnlyList<Frame> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var frames = new List<Frame>();
        for (int at = 0; at + 12 <= bytes.Length;)
        {
            var type = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 4));
            if (length < 12 || at + length > bytes.Length) throw new InvalidDataException($"pcapng block at {at} has length {length}");
            if (type == 6)
            {
                var ts = (long)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12)) << 32 | BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 16));
                var captured = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 20));
                frames.Add(new Frame(frames.Count + 1, bytes.AsSpan(at + 28, captured).ToArray(), ts));
            }
            at += length;
        }
        return frames;
    }
}
