using HdrHistogram;

namespace DmmActors.Metrics;

/// <summary>The wall-clock steps of a procedure a storm times.</summary>
public enum StormStep
{
    /// <summary>Start of an attach to the node holding a usable address.</summary>
    Attach,
    /// <summary>Scheduled start of a handover to the node holding a usable address at its new access router.</summary>
    Handover,
    /// <summary>Registration sent to the anchor's acknowledgement back, journal write included.</summary>
    Acknowledgement,
    /// <summary>Scheduled start of a handover to the first correspondent packet delivered after it.</summary>
    DataPathRestored,
}

/// <summary>A histogram's recorded value (µs, wall clock) and how often it was recorded, for one step.</summary>
public readonly record struct StormSample(int Step, long Microseconds, long Count);

/// <summary>
/// Load over one second of a storm: handovers triggered and completed, in flight and waiting for
/// an idle node; registrations the anchors shed with 130 and the MAGs sent again after backing
/// off; and this process's resident memory at the second's end.
/// </summary>
public sealed record StormSecond(int Second, string Phase, long Triggered, long Completed, long InFlight, long Backlog,
    long Shed = 0, long BackedOff = 0, long ResidentBytes = 0);

/// <summary>
/// Where a resumed storm took its schedule up: the handovers the journal showed done, the
/// moves the stop cut short (made again), and the phase (from 0; the count of phases when none
/// was left) and how far into it the schedule was entered.
/// </summary>
public sealed record StormCarryOn(long HandoversBefore, int MovesCutShort, int Phase, TimeSpan Into);

/// <summary>
/// Wall-clock measurements of a storm, safe to feed from any actor. Latencies are timed from
/// each procedure's scheduled start, not from when the generator got round to it, so a slow
/// system cannot hide its own queueing (coordinated omission).
/// </summary>
public sealed class StormRecorder
{
    const long HighestMicroseconds = 3_600_000_000; // an hour

    readonly Dictionary<StormStep, LongConcurrentHistogram> histograms = Enum.GetValues<StormStep>()
        .ToDictionary(s => s, _ => new LongConcurrentHistogram(1, HighestMicroseconds, 3));
    readonly List<StormSecond> seconds = new();

    public void Record(StormStep step, long fromTimestamp, long toTimestamp)
    {
        var micros = (long)StormClock.Elapsed(fromTimestamp, toTimestamp).TotalMicroseconds;
        histograms[step].RecordValue(Math.Clamp(micros, 1, HighestMicroseconds));
    }

    public LongConcurrentHistogram Histogram(StormStep step) => histograms[step];

    /// <summary>Every recorded value with its count, per step: what another node's histograms need to take these in.</summary>
    public IReadOnlyList<StormSample> Export() =>
        histograms.SelectMany(h => h.Value.RecordedValues().Select(v => new StormSample((int)h.Key, v.ValueIteratedTo, v.CountAtValueIteratedTo)))
            .ToArray();

    /// <summary>Adds what a cluster node recorded, so percentiles cover the whole cluster.</summary>
    public void Merge(IEnumerable<StormSample> samples)
    {
        foreach (var s in samples) histograms[(StormStep)s.Step].RecordValueWithCount(s.Microseconds, s.Count);
    }

    /// <summary>Set once, where a resumed storm carried on; null for a storm from its start.</summary>
    public StormCarryOn? CarryOn { get; private set; }

    public void CarriedOn(StormCarryOn carryOn) => CarryOn = carryOn;

    public void Second(StormSecond s)
    {
        lock (seconds) seconds.Add(s);
    }

    public IReadOnlyList<StormSecond> Seconds { get { lock (seconds) return seconds.ToArray(); } }
}
