using DmmActors.Addressing;

namespace DmmActors.Topology;

/// <summary>
/// A node's processor in model time: each message it acts on takes a service time, and a node
/// that works on only so many messages at once (its servers, as cores) makes the others wait.
/// </summary>
/// <remarks>
/// The actors do not take their messages in model-time order (every node runs on its own model
/// clock), so the queue is a calendar rather than a FIFO list: each server keeps the intervals of
/// model time it is busy, and a message takes the server's free time from its arrival on until
/// its service time is done, in one piece where the server is idle, in several where earlier
/// bookings leave gaps (the server is never idle while a message waits). Where messages reach the
/// node in model-time order this is first in, first out; where one with an earlier model time
/// reaches it after another, it takes the time the other left free. The busy time, and so the
/// utilisation, is the same whatever the order; only which of two colliding messages waits can
/// change. The calendar is kept in buckets of model time, an interval split at their edges, so
/// that a booking looks at the few intervals near its arrival.
/// </remarks>
public sealed class ProcessingQueue
{
    readonly record struct Busy(long Start, long End);

    const long BucketWidth = 10_000; // µs

    readonly Dictionary<long, List<Busy>>[] servers;
    readonly long horizon;
    readonly List<Busy> plan = new(), best = new();
    long latestArrival = long.MinValue, bookingsSincePrune;

    /// <param name="servers">Messages the node works on at once (at least 1).</param>
    /// <param name="horizon">
    /// How far behind the latest arrival a gap may still be filled; busy intervals older than that
    /// are forgotten, which bounds the memory of a long storm. Null keeps the whole run.
    /// </param>
    public ProcessingQueue(int servers, ModelTime? horizon)
    {
        if (servers < 1) throw new ArgumentOutOfRangeException(nameof(servers), servers, "a queue needs at least one server");
        this.servers = Enumerable.Range(0, servers).Select(_ => new Dictionary<long, List<Busy>>()).ToArray();
        this.horizon = horizon?.Microseconds ?? long.MaxValue;
        Load = new ProcessingLoad(servers);
    }

    /// <summary>What the node has processed so far, and how long its messages waited.</summary>
    public ProcessingLoad Load { get; }

    /// <summary>Serves a message that arrived at <paramref name="arrival"/> and takes <paramref name="service"/>; returns when it is done.</summary>
    public ModelTime Serve(ModelTime arrival, ModelTime service)
    {
        var (t, s) = (arrival.Microseconds, service.Microseconds);
        // A message that takes no time takes no server's time either.
        if (s <= 0)
        {
            Load.Served(t, 0, 0, t);
            return arrival;
        }
        int chosen = 0;
        long done = long.MaxValue;
        for (int i = 0; i < servers.Length; i++)
        {
            var candidate = Plan(servers[i], t, s, plan);
            if (candidate >= done) continue;
            (done, chosen) = (candidate, i);
            best.Clear();
            best.AddRange(plan);
        }
        foreach (var piece in best)
        {
            Book(servers[chosen], piece);
            Load.Busy(piece.Start, piece.End);
        }
        Load.Served(t, done - t - s, s, done);
        if (t > latestArrival) latestArrival = t;
        if (horizon != long.MaxValue && ++bookingsSincePrune >= 4096) Prune();
        return new ModelTime(done);
    }

    /// <summary>
    /// The free time of <paramref name="calendar"/> from <paramref name="t"/> on that <paramref name="s"/>
    /// of service takes, into <paramref name="pieces"/> (none crossing a bucket's edge); returns when the service ends.
    /// </summary>
    static long Plan(Dictionary<long, List<Busy>> calendar, long t, long s, List<Busy> pieces)
    {
        pieces.Clear();
        var (cursor, remaining) = (t, s);
        for (var b = Bucket(t); remaining > 0; b++)
        {
            var end = (b + 1) * BucketWidth;
            cursor = Math.Max(cursor, b * BucketWidth);
            if (calendar.TryGetValue(b, out var busy))
                foreach (var interval in busy)
                {
                    if (interval.End <= cursor) continue;
                    if (interval.Start > cursor) Take(ref cursor, ref remaining, interval.Start, pieces);
                    if (remaining == 0) break;
                    cursor = interval.End;
                }
            if (remaining > 0) Take(ref cursor, ref remaining, end, pieces);
        }
        return cursor;
    }

    static void Take(ref long cursor, ref long remaining, long freeUntil, List<Busy> pieces)
    {
        var take = Math.Min(remaining, freeUntil - cursor);
        if (take <= 0) return;
        pieces.Add(new Busy(cursor, cursor + take));
        (cursor, remaining) = (cursor + take, remaining - take);
    }

    /// <summary>Marks a piece busy, joined with the intervals of its bucket it touches so that a busy period stays one entry.</summary>
    static void Book(Dictionary<long, List<Busy>> calendar, Busy piece)
    {
        var b = Bucket(piece.Start);
        if (!calendar.TryGetValue(b, out var busy)) calendar[b] = busy = new List<Busy>(2);
        var i = 0;
        while (i < busy.Count && busy[i].Start < piece.Start) i++;
        if (i > 0 && busy[i - 1].End == piece.Start)
        {
            piece = piece with { Start = busy[i - 1].Start };
            busy.RemoveAt(--i);
        }
        if (i < busy.Count && busy[i].Start == piece.End)
        {
            piece = piece with { End = busy[i].End };
            busy.RemoveAt(i);
        }
        busy.Insert(i, piece);
    }

    static long Bucket(long t) => t >= 0 ? t / BucketWidth : (t - BucketWidth + 1) / BucketWidth;

    void Prune()
    {
        bookingsSincePrune = 0;
        var forget = Bucket(latestArrival - horizon);
        foreach (var calendar in servers)
            foreach (var b in calendar.Keys.Where(b => b < forget).ToArray()) calendar.Remove(b);
    }
}

/// <summary>
/// What one node's processor did: messages served, the model time its servers were busy, and
/// how long messages waited before service, as a histogram with four buckets per power of two
/// of microseconds (a quarter-octave, so a percentile read from it is within 25 %).
/// </summary>
public sealed class ProcessingLoad(int servers)
{
    public const int Octaves = 32, PerOctave = 4;

    public int Servers { get; } = servers;
    public long Messages { get; private set; }
    public long BusyMicroseconds { get; private set; }
    public long WaitedMicroseconds { get; private set; }
    public long MaxWaitMicroseconds { get; private set; }
    public long FirstArrival { get; private set; } = long.MaxValue;
    public long LastDeparture { get; private set; } = long.MinValue;
    /// <summary>Messages that waited; null until one did, as at most routers of a large run.</summary>
    public long[]? WaitHistogram { get; private set; }

    /// <summary>The most busy time of its servers within one second of model time.</summary>
    public long PeakBusyPerSecond { get; private set; }
    readonly Dictionary<long, long> busyPerSecond = new();

    /// <summary>A server was busy over [<paramref name="start"/>, <paramref name="end"/>): counted in the seconds it spans.</summary>
    public void Busy(long start, long end)
    {
        while (start < end)
        {
            var second = start / 1_000_000;
            var until = Math.Min(end, (second + 1) * 1_000_000);
            var busy = busyPerSecond[second] = busyPerSecond.GetValueOrDefault(second) + (until - start);
            if (busy > PeakBusyPerSecond) PeakBusyPerSecond = busy;
            start = until;
        }
    }

    public void Served(long arrival, long wait, long service, long departure)
    {
        Messages++;
        BusyMicroseconds += service;
        if (arrival < FirstArrival) FirstArrival = arrival;
        if (departure > LastDeparture) LastDeparture = departure;
        if (wait <= 0) return;
        WaitedMicroseconds += wait;
        if (wait > MaxWaitMicroseconds) MaxWaitMicroseconds = wait;
        (WaitHistogram ??= new long[Octaves * PerOctave])[Bucket(wait)]++;
    }

    public QueueRecord Record(Endpoint node) =>
        new(node.Kind.Name, node.Index, Servers, Messages, BusyMicroseconds, WaitedMicroseconds, MaxWaitMicroseconds,
            FirstArrival, LastDeparture, WaitHistogram?.ToArray() ?? []) { PeakBusyPerSecond = PeakBusyPerSecond };

    /// <summary>The bucket of a wait of at least 1 µs: its power of two, and which quarter of that octave it is in.</summary>
    public static int Bucket(long waitMicroseconds)
    {
        var octave = Math.Min(Octaves - 1, 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)waitMicroseconds));
        var quarter = octave < 2 ? 0 : (int)((waitMicroseconds >> (octave - 2)) & 3);
        return octave * PerOctave + quarter;
    }

    /// <summary>The upper edge of bucket <paramref name="k"/>, in microseconds.</summary>
    public static long BucketTop(int k)
    {
        var (octave, quarter) = (k / PerOctave, k % PerOctave);
        return octave < 2 ? 1L << (octave + 1) : (long)(PerOctave + quarter + 1) << (octave - 2);
    }
}

/// <summary>One node's processing, by value: to travel from a cluster member and to be summed (a node whose shard moved was served on two).</summary>
/// <param name="WaitHistogram">ProcessingLoad's buckets of the messages that waited; empty where none did.</param>
public sealed record QueueRecord(string Kind, int Index, int Servers, long Messages, long BusyMicroseconds, long WaitedMicroseconds,
    long MaxWaitMicroseconds, long FirstArrival, long LastDeparture, IReadOnlyList<long> WaitHistogram)
{
    /// <summary>ProcessingLoad's busiest second; of a node served on two members, the busier one's.</summary>
    public long PeakBusyPerSecond { get; init; }

    public QueueRecord Plus(QueueRecord other) => this with
    {
        PeakBusyPerSecond = Math.Max(PeakBusyPerSecond, other.PeakBusyPerSecond),
        Messages = Messages + other.Messages,
        BusyMicroseconds = BusyMicroseconds + other.BusyMicroseconds,
        WaitedMicroseconds = WaitedMicroseconds + other.WaitedMicroseconds,
        MaxWaitMicroseconds = Math.Max(MaxWaitMicroseconds, other.MaxWaitMicroseconds),
        FirstArrival = Math.Min(FirstArrival, other.FirstArrival),
        LastDeparture = Math.Max(LastDeparture, other.LastDeparture),
        WaitHistogram = WaitHistogram.Count == 0 ? other.WaitHistogram : other.WaitHistogram.Count == 0 ? WaitHistogram
            : WaitHistogram.Zip(other.WaitHistogram, (a, b) => a + b).ToArray(),
    };

    /// <summary>The model time from its first arrival to its last departure.</summary>
    public long SpanMicroseconds => Messages == 0 ? 0 : Math.Max(1, LastDeparture - FirstArrival);

    /// <summary>The share of its servers' time they were busy over its span.</summary>
    public double Utilisation => Messages == 0 ? 0 : BusyMicroseconds / ((double)Servers * SpanMicroseconds);

    /// <summary>The share of its servers' time they were busy in its busiest second of model time.</summary>
    public double PeakUtilisation => PeakBusyPerSecond / (Servers * 1_000_000.0);

    /// <summary>Messages waiting on average over its span (Little's law: total wait over span).</summary>
    public double MeanQueueLength => Messages == 0 ? 0 : WaitedMicroseconds / (double)SpanMicroseconds;
}
