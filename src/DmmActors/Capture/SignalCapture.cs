using System.Threading.Channels;
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
    /// <summary>A capture holds what this process sends; in a cluster run the members send it, so it is refused before anything is written.</summary>
    public static void RefuseInClusterRun(CaptureSettings? capture, bool cluster, string what)
    {
        if (capture is not null && cluster)
            throw new InputError($"--pcap captures the signalling of this process; in a cluster run the members send it. Capture a {what} in one process");
    }

    /// <summary>
    /// Messages waiting to be written; past this many, a message is dropped and counted rather than
    /// held. At about 150 bytes a waiting message and the signal it keeps alive, some 40 MB at most.
    /// </summary>
    public int QueueCapacity { get; init; } = 1 << 18;

    public SignalCapture Open(WireCodec codec, string comment) => new(this, codec, comment);
}

/// <summary>How a capture went: frames written, dropped because the writer fell behind, and its size.</summary>
public sealed record CaptureReport(string Path, long Frames, long Dropped, long DataFrames, long Bytes, string? Failure);

/// <summary>
/// Writes the messages a run sends to a pcapng file, off the hot path: senders only enqueue (a
/// bounded queue; what does not fit is dropped and counted, so a slow disk never stalls a run)
/// and one background task encodes and writes. Data packets are sampled by a hash of the packet,
/// so the same run samples the same packets.
/// </summary>
public sealed class SignalCapture
{
    readonly record struct Item(object Message, Endpoint From, Endpoint To, long Timestamp, bool Tunnelled);

    readonly CaptureSettings settings;
    readonly WireCodec codec;
    readonly System.Threading.Channels.Channel<Item> queue;
    readonly Task writer;
    readonly ulong dataThreshold;
    long dropped, frames, dataFrames;
    string? failure;

    internal SignalCapture(CaptureSettings settings, WireCodec codec, string comment)
    {
        this.settings = settings;
        this.codec = codec;
        dataThreshold = settings.DataSample >= 1 ? ulong.MaxValue : (ulong)(settings.DataSample * ulong.MaxValue);
        // The single-reader unbounded channel enqueues without a lock; the bound is kept by a count of what waits.
        queue = System.Threading.Channels.Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
        var file = new FileStream(settings.Path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        var pcap = new PcapngWriter(file, "DmmActors", "emulated network", comment);
        writer = Task.Factory.StartNew(() => WriteAll(pcap), TaskCreationOptions.LongRunning).Unwrap();
    }

    long Timestamp(ModelTime at) => settings.Clock == CaptureClock.Model
        ? at.Microseconds
        : (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10;

    /// <summary>A signalling message leaves <paramref name="from"/> for <paramref name="to"/> at model time <paramref name="departs"/>.</summary>
    public void Signal(ISignal signal, Endpoint from, Endpoint to, ModelTime departs)
    {
        if (settings.Filter.Keeps(signal)) Enqueue(new Item(signal, from, to, Timestamp(departs), false));
    }

    /// <summary>A user-plane packet leaves <paramref name="from"/> for <paramref name="to"/>, tunnelled or not, if the sample takes it.</summary>
    public void Data(DataPacket packet, Endpoint from, Endpoint to, bool tunnelled)
    {
        if (dataThreshold == 0 || !settings.Filter.KeepsData(packet) || Mix(packet) > dataThreshold) return;
        Enqueue(new Item(packet, from, to, Timestamp(packet.ArrivesAt), tunnelled));
    }

    static ulong Mix(DataPacket p) => SplitMix64.Mix((ulong)p.SentAt.Microseconds ^ (ulong)(uint)p.Destination.Index << 32, p.Session);

    long waiting;

    void Enqueue(Item item)
    {
        if (Interlocked.Increment(ref waiting) > settings.QueueCapacity || !queue.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref waiting);
            Interlocked.Increment(ref dropped);
        }
    }

    async Task WriteAll(PcapngWriter pcap)
    {
        var w = new PacketWriter();
        // Model times interleave as the actors run; wall-clock timestamps are taken in send order already.
        using var spool = settings.Clock == CaptureClock.Model ? new TimeOrderedSpool(settings.Path) : null;
        using (pcap)
        {
            while (await queue.Reader.WaitToReadAsync())
            while (queue.Reader.TryRead(out var item))
            {
                Interlocked.Decrement(ref waiting);
                try
                {
                    if (item.Message is DataPacket data)
                    {
                        codec.Encode(w, data, item.From, item.To, item.Tunnelled);
                        dataFrames++;
                    }
                    else codec.Encode(w, (ISignal)item.Message, item.From, item.To);
                    if (spool is null) pcap.Packet(w.Written, item.Timestamp);
                    else spool.Add(w.Written, item.Timestamp);
                    frames++;
                }
                catch (Exception e) when (e is ArgumentException or WireFormatException)
                {
                    failure ??= $"{item.Message.GetType().Name} from {item.From} to {item.To}: {e.Message}";
                    Interlocked.Increment(ref dropped);
                }
            }
            spool?.Drain(pcap);
            bytes = pcap.Bytes;
        }
    }

    long bytes;

    /// <summary>Lets the writer finish what is queued and closes the file.</summary>
    public async Task<CaptureReport> CompleteAsync()
    {
        queue.Writer.TryComplete();
        await writer;
        return new CaptureReport(settings.Path, frames, Interlocked.Read(ref dropped), dataFrames, bytes, failure);
    }
}
