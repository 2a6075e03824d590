namespace DmmActors.Capture;

/// <summary>
/// Puts captured packets in timestamp order with bounded memory. Messages are captured as the
/// actors send them, on the wall clock, while their model times interleave freely; a reader of
/// the capture expects it in time order. Packets fill a chunk; a full chunk is sorted and spilled
/// to a run file beside the capture; at the end the runs are merged into the capture (an external
/// merge sort). Equal timestamps keep the order they were sent in.
/// </summary>
public sealed class TimeOrderedSpool(string spillPrefix, int chunkBytes = 16 << 20) : IDisposable
{
    readonly record struct Entry(long Timestamp, long Sequence, int Offset, int Length);

    readonly byte[] chunk = new byte[chunkBytes];
    readonly List<Entry> entries = new();
    readonly List<string> runs = new();
    int used;
    long sequence;

    public void Add(ReadOnlySpan<byte> packet, long timestamp)
    {
        if (used + packet.Length > chunk.Length) Spill();
        packet.CopyTo(chunk.AsSpan(used));
        entries.Add(new Entry(timestamp, sequence++, used, packet.Length));
        used += packet.Length;
    }

    void Spill()
    {
        if (entries.Count == 0) return;
        entries.Sort((a, b) => a.Timestamp != b.Timestamp ? a.Timestamp.CompareTo(b.Timestamp) : a.Sequence.CompareTo(b.Sequence));
        var path = $"{spillPrefix}.run{runs.Count}";
        using (var w = new BinaryWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20)))
            foreach (var e in entries)
            {
                w.Write(e.Timestamp); w.Write(e.Sequence); w.Write(e.Length);
                w.Write(chunk, e.Offset, e.Length);
            }
        runs.Add(path);
        entries.Clear();
        used = 0;
    }

    /// <summary>Writes every packet added, in timestamp order, and removes the run files.</summary>
    public void Drain(PcapngWriter pcap)
    {
        Spill();
        var readers = runs.Select(r => new BinaryReader(new FileStream(r, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 20))).ToArray();
        try
        {
            var heads = new PriorityQueue<int, (long Timestamp, long Sequence)>();
            // Each run's head packet in a buffer of its own, used again for the run's next packet.
            var packets = new byte[readers.Length][];
            var lengths = new int[readers.Length];
            var ends = readers.Select(r => r.BaseStream.Length).ToArray();
            for (int i = 0; i < readers.Length; i++) Advance(i);
            while (heads.TryDequeue(out var run, out var key))
            {
                pcap.Packet(packets[run].AsSpan(0, lengths[run]), key.Timestamp);
                Advance(run);
            }

            void Advance(int i)
            {
                var r = readers[i];
                if (r.BaseStream.Position >= ends[i]) return;
                var (timestamp, seq, length) = (r.ReadInt64(), r.ReadInt64(), r.ReadInt32());
                if (packets[i] is null || packets[i].Length < length) packets[i] = new byte[Math.Max(length, 2048)];
                r.BaseStream.ReadExactly(packets[i], 0, length);
                lengths[i] = length;
                heads.Enqueue(i, (timestamp, seq));
            }
        }
        finally
        {
            foreach (var r in readers) r.Dispose();
            Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var run in runs) File.Delete(run);
        runs.Clear();
    }
}
