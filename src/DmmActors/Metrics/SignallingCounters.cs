using DmmActors.Protocol;

namespace DmmActors.Metrics;

/// <summary>Signalling messages sent, by procedure kind and message type. Safe to bump from any actor.</summary>
public sealed class SignallingCounters
{
    static readonly int Types = Enum.GetValues<SignalType>().Length;
    static readonly int Kinds = Enum.GetValues<ProcedureKind>().Length;
    readonly long[] counts = new long[Types * Kinds];

    public void Count(ISignal signal) =>
        Interlocked.Increment(ref counts[(int)signal.Procedure.Kind * Types + (int)signal.Type]);

    public long Get(ProcedureKind kind, SignalType type) => Interlocked.Read(ref counts[(int)kind * Types + (int)type]);

    public long Total => counts.Sum();

    /// <summary>The counts in a fixed order, to travel in a node report.</summary>
    public long[] Snapshot() => counts.Select((_, i) => Interlocked.Read(ref counts[i])).ToArray();

    /// <summary>Adds counts another node took for the same run.</summary>
    public void Add(IReadOnlyList<long> other)
    {
        if (other.Count != counts.Length) throw new ArgumentException("signalling counts of another shape", nameof(other));
        for (int i = 0; i < counts.Length; i++) Interlocked.Add(ref counts[i], other[i]);
    }

    public IReadOnlyDictionary<SignalType, long> For(ProcedureKind kind) =>
        Enum.GetValues<SignalType>().Select(t => (t, Get(kind, t))).Where(p => p.Item2 > 0).ToDictionary(p => p.t, p => p.Item2);
}
