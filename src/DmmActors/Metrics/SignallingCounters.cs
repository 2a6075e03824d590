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

    public IReadOnlyDictionary<SignalType, long> For(ProcedureKind kind) =>
        Enum.GetValues<SignalType>().Select(t => (t, Get(kind, t))).Where(p => p.Item2 > 0).ToDictionary(p => p.t, p => p.Item2);
}
