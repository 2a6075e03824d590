using DmmActors.Protocol;

namespace DmmActors.Metrics;

/// <summary>Signalling messages sent, by procedure kind and message type. Safe to bump from any actor; each thread counts apart.</summary>
public sealed class SignallingCounters
{
    static readonly int Types = Enum.GetValues<SignalType>().Length;
    static readonly int Kinds = Enum.GetValues<ProcedureKind>().Length;
    readonly StripedCounters counts = new(Types * Kinds);

    public void Count(ISignal signal) => counts.Add((int)signal.Procedure.Kind * Types + (int)signal.Type);

    public long Get(ProcedureKind kind, SignalType type) => counts[(int)kind * Types + (int)type];

    public long Total => counts.Total;

    /// <summary>The counts in a fixed order, to travel in a node report.</summary>
    public long[] Snapshot() => counts.Snapshot();

    /// <summary>Adds counts another node took for the same run.</summary>
    public void Add(IReadOnlyList<long> other)
    {
        if (other.Count != counts.Size) throw new ArgumentException("signalling counts of another shape", nameof(other));
        for (int i = 0; i < other.Count; i++) counts.Add(i, other[i]);
    }

    public IReadOnlyDictionary<SignalType, long> For(ProcedureKind kind)
    {
        var all = Snapshot();
        return Enum.GetValues<SignalType>().Select(t => (t, n: all[(int)kind * Types + (int)t])).Where(p => p.n > 0).ToDictionary(p => p.t, p => p.n);
    }
}
