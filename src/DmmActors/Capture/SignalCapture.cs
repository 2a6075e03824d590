using DmmActors.Addressing;
using DmmActors.Configuration;
using DmmActors.Protocol;
using DmmActors.Protocol.Wire;
using DmmActors.Randomness;

namespace DmmActors.Capture;

/// <summary>Which clock a capture's timestamps read: the model time a message left its node, or the wall clock when it was sent.</summary>
public enum CaptureClock { Model, Wall }

/// <summary>What the user asked to capture (--pcap and its options).</summary>
public sealed record CaptureSettings(string Path, CaptureFilter Filter, double DataSample, CaptureClock Clock)
{
    /// <summary>What the capture's section header says of the run, in one process or merged from a cluster's members.</summary>
    public string Comment(string runId, string scenario, string practice, ulong seed) =>
        $"dmm {runId}: scenario '{scenario}', practice {practice}, seed {seed}; " +
        $"timestamps in {(Clock == CaptureClock.Model ? "model time (0 = 1970-01-01)" : "wall-clock time")}";

    /// <summary>
    /// Frames encoded and not yet taken by the writer; past this many, a message is dropped and
    /// counted rather than held. At about 180 bytes a frame, some 45 MB at most.
    /// </summary>
    public int QueueCapacity { get; init; } = 1 << 18;

    public SignalCapture Open(WireCodec codec, string comment) => new(this, codec, comment);
}

/// <summary>How a capture went: frames written, dropped because the writer fell behind, and its size.</summary>
public sealed record CaptureReport(string Path, long Frames, long Dropped, long DataFrames, long Bytes, string? Failure);

/// <summary>
/// Writes the messages a run sends to a pcapng file, off the hot path. Each sending thread encodes
/// what it sends into a batch of its own (no lock shared with another sender, no object kept alive
/// for the writer) and hands a full batch to one writer thread, which puts the frames in timestamp
/// order and writes them. The number of frames waiting for the writer is bounded: past it, a
/// message is dropped and counted, so a slow disk never stalls a run. Data packets are sampled by a
/// hash of the packet, so the same run samples the same packets.
/// </summary>
public sealed class SignalCapture
{
    /// <summary>Frames one sending thread encoded, back to back, each with its timestamp; handed to the writer when full.</summary>
    sealed class Batch
    {
        const int Bytes = 1 << 20, MaxFrames = 8192;
        readonly byte[] frames = new byte[Bytes];
        readonly (long Timestamp, int Offset, int Length)[] entries = new (long, int, int)[MaxFrames];
        int used;

        public int Count { get; private set; }
        public int DataFrames { get; private set; }

        public bool Fits(int length) => Count < MaxFrames && used + length <= Bytes;

        public void Add(ReadOnlySpan<byte> frame, long timestamp, bool data)
        {
            frame.CopyTo(frames.AsSpan(used));
            entries[Count++] = (timestamp, used, frame.Length);
            used += frame.Length;
            if (data) DataFrames++;
        }

        public void SpoolInto(TimeOrderedSpool spool)
        {
            for (int i = 0; i < Count; i++) spool.Add(frames.AsSpan(entries[i].Offset, entries[i].Length), entries[i].Timestamp);
        }

        public void Clear() => used = Count = DataFrames = 0;
    }

    /// <summary>A sending thread's batch being filled, and its encoder; locked only against the completion that flushes it.</summary>
    sealed class Sender
    {
        public Batch Current = new();
        public readonly PacketWriter Writer = new();
    }

    readonly CaptureSettings settings;
    readonly WireCodec codec;
    readonly ThreadLocal<Sender> senders = new(() => new Sender(), trackAllValues: true);
    readonly System.Collections.Concurrent.BlockingCollection<Batch> full = new();
    readonly System.Collections.Concurrent.ConcurrentBag<Batch> spare = new();
    readonly Task writer;
    readonly ulong dataThreshold;
    long dropped, frames, dataFrames, waiting, bytes;
    string? failure;
    volatile bool completed;

    internal SignalCapture(CaptureSettings settings, WireCodec codec, string comment)
    {
        this.settings = settings;
        this.codec = codec;
        dataThreshold = settings.DataSample >= 1 ? ulong.MaxValue : (ulong)(settings.DataSample * ulong.MaxValue);
        var file = new FileStream(settings.Path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
        var pcap = new PcapngWriter(file, "DmmActors", "emulated network", comment);
        writer = Task.Factory.StartNew(() => WriteAll(pcap), TaskCreationOptions.LongRunning);
    }

    long Timestamp(ModelTime at) => settings.Clock == CaptureClock.Model
        ? at.Microseconds
        : (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10;

    /// <summary>A signalling message leaves <paramref name="from"/> for <paramref name="to"/> at model time <paramref name="departs"/>.</summary>
    public void Signal(ISignal signal, Endpoint from, Endpoint to, ModelTime departs)
    {
        if (settings.Filter.Keeps(signal)) Capture(signal, from, to, Timestamp(departs), tunnelled: false);
    }

    /// <summary>A user-plane packet leaves <paramref name="from"/> for <paramref name="to"/>, tunnelled or not, if the sample takes it.</summary>
    public void Data(DataPacket packet, Endpoint from, Endpoint to, bool tunnelled)
    {
        if (dataThreshold == 0 || !settings.Filter.KeepsData(packet) || Mix(packet) > dataThreshold) return;
        Capture(packet, from, to, Timestamp(packet.ArrivesAt), tunnelled);
    }

    static ulong Mix(DataPacket p) => SplitMix64.Mix((ulong)p.SentAt.Microseconds ^ (ulong)(uint)p.Destination.Index << 32, p.Session);

    void Capture(object message, Endpoint from, Endpoint to, long timestamp, bool tunnelled)
    {
        if (Interlocked.Increment(ref waiting) > settings.QueueCapacity)
        {
            Drop();
            return;
        }
        var sender = senders.Value!;
        lock (sender)
        {
            if (completed)
            {
                Drop();
                return;
            }
            var w = sender.Writer;
            try
            {
                if (message is DataPacket data) codec.Encode(w, data, from, to, tunnelled);
                else codec.Encode(w, (ISignal)message, from, to);
            }
            catch (Exception e) when (e is ArgumentException or WireFormatException)
            {
                Interlocked.CompareExchange(ref failure, $"{message.GetType().Name} from {from} to {to}: {e.Message}", null);
                Drop();
                return;
            }
            if (!sender.Current.Fits(w.Length))
            {
                full.Add(sender.Current);
                sender.Current = spare.TryTake(out var empty) ? empty : new Batch();
            }
            sender.Current.Add(w.Written, timestamp, message is DataPacket);
        }
    }

    void Drop()
    {
        Interlocked.Decrement(ref waiting);
        Interlocked.Increment(ref dropped);
    }

    void WriteAll(PcapngWriter pcap)
    {
        // Senders' batches interleave in time (model times run ahead on one node and behind on
        // another, and two threads' batches overlap on the wall clock too): the spool orders them.
        using var spool = new TimeOrderedSpool(settings.Path);
        using (pcap)
        {
            foreach (var batch in full.GetConsumingEnumerable())
            {
                batch.SpoolInto(spool);
                frames += batch.Count;
                dataFrames += batch.DataFrames;
                Interlocked.Add(ref waiting, -batch.Count);
                batch.Clear();
                spare.Add(batch);
            }
            spool.Drain(pcap);
            bytes = pcap.Bytes;
        }
    }

    /// <summary>Takes what every sender still holds, lets the writer finish and closes the file; a message sent after this is dropped.</summary>
    public async Task<CaptureReport> CompleteAsync()
    {
        if (!completed)
        {
            completed = true;
            foreach (var sender in senders.Values)
                lock (sender)
                    if (sender.Current.Count > 0) full.Add(sender.Current);
            full.CompleteAdding();
        }
        await writer;
        return new CaptureReport(settings.Path, frames, Interlocked.Read(ref dropped), dataFrames, bytes, failure);
    }
}
