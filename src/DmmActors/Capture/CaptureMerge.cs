using System.Buffers.Binary;

namespace DmmActors.Capture;

/// <summary>
/// Merges captures written by PcapngWriter, each already in timestamp order (TimeOrderedSpool),
/// into one: a cluster run's members each capture what they send, and the driver merges their
/// files in timestamp order, a member's frames keeping their order where timestamps are equal.
/// </summary>
public static class CaptureMerge
{
    /// <summary>The Enhanced Packet Blocks of one capture, one at a time.</summary>
    sealed class Reader(string path) : IDisposable
    {
        const uint EnhancedPacketBlock = 6;
        readonly BinaryReader reader = new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20));
        byte[] body = new byte[2048];

        public long Timestamp { get; private set; }
        public ReadOnlySpan<byte> Packet => body.AsSpan(20, Length);
        int Length;

        /// <summary>Moves to the next packet; false at the end. Other blocks (section header, interface) are skipped.</summary>
        public bool Next()
        {
            var stream = reader.BaseStream;
            while (stream.Position + 8 <= stream.Length)
            {
                var (type, total) = (reader.ReadUInt32(), reader.ReadUInt32());
                if (total < 12 || total % 4 != 0 || stream.Position + total - 8 > stream.Length)
                    throw new InvalidDataException($"{path}: a block of {total} bytes at {stream.Position - 8} is not whole");
                var rest = (int)total - 8;
                if (body.Length < rest) body = new byte[Math.Max(rest, 2 * body.Length)];
                reader.BaseStream.ReadExactly(body, 0, rest);
                if (type != EnhancedPacketBlock) continue;
                // interface id, timestamp high and low, captured length, original length, then the packet.
                Timestamp = (long)((ulong)BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(4)) << 32 | BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(8)));
                Length = (int)BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(12));
                return true;
            }
            return false;
        }

        public void Dispose() => reader.Dispose();
    }

    /// <summary>Writes every packet of <paramref name="parts"/> to <paramref name="path"/> in timestamp order; returns the frames and bytes written.</summary>
    public static (long Frames, long Bytes) Merge(IReadOnlyList<string> parts, string path, string comment)
    {
        var readers = parts.Select(p => new Reader(p)).ToArray();
        try
        {
            using var pcap = new PcapngWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20), "DmmActors", "emulated network", comment);
            var heads = new PriorityQueue<int, (long Timestamp, int Part)>();
            for (int i = 0; i < readers.Length; i++)
                if (readers[i].Next()) heads.Enqueue(i, (readers[i].Timestamp, i));
            long frames = 0;
            while (heads.TryDequeue(out var part, out _))
            {
                pcap.Packet(readers[part].Packet, readers[part].Timestamp);
                frames++;
                if (readers[part].Next()) heads.Enqueue(part, (readers[part].Timestamp, part));
            }
            return (frames, pcap.Bytes);
        }
        finally
        {
            foreach (var r in readers) r.Dispose();
        }
    }
}
