using DmmActors.Addressing;
using DmmActors.Protocol;

namespace DmmActors.Metrics;

/// <summary>One completed attach or handover, timed in model time.</summary>
public readonly record struct ProcedureRecord(
    MnIdentifier MobileNode, int Number, ProcedureKind Kind, int FromRouter, int ToRouter, int Anchor,
    ModelTime StartedAt, ModelTime CompletedAt)
{
    /// <summary>From losing the old link (or first link-up) to the node holding a usable address again.</summary>
    public ModelTime Latency => CompletedAt - StartedAt;
}

/// <summary>A probe packet's path against the shortest path from its correspondent.</summary>
public readonly record struct PathRecord(MnIdentifier MobileNode, int Correspondent, ModelTime Delay, int Hops, ModelTime ShortestDelay, int ShortestHops, int Tunnels)
{
    public double Stretch => ShortestDelay.Microseconds == 0 ? 1.0 : Delay.Microseconds / (double)ShortestDelay.Microseconds;
}

/// <summary>
/// Collects what the emulated nodes report. A plain lock-guarded sink rather than an actor:
/// tens of thousands of nodes report into it and nothing reads it until the run is over.
/// </summary>
public sealed class RunRecorder
{
    readonly object gate = new();
    readonly List<ProcedureRecord> procedures = new();
    readonly List<PathRecord> paths = new();
    long failedRegistrations, packetsLost, unauthorised;

    public SignallingCounters Signalling { get; } = new();

    ModelTime lastCompletion;

    public void Procedure(ProcedureRecord r)
    {
        lock (gate)
        {
            procedures.Add(r);
            if (r.CompletedAt > lastCompletion) lastCompletion = r.CompletedAt;
        }
    }

    /// <summary>The model time the last procedure completed at: where the run ends.</summary>
    public ModelTime LastCompletion { get { lock (gate) return lastCompletion; } }
    public void Path(PathRecord r) { lock (gate) paths.Add(r); }
    public void RegistrationFailed() => Interlocked.Increment(ref failedRegistrations);
    public void PacketLost() => Interlocked.Increment(ref packetsLost);
    public void Unauthorised() => Interlocked.Increment(ref unauthorised);

    /// <summary>Takes in what another cluster node recorded for this run.</summary>
    public void Merge(IReadOnlyList<long> signalling, long unauthorisedSignalling, long lostPackets)
    {
        Signalling.Add(signalling);
        Interlocked.Add(ref unauthorised, unauthorisedSignalling);
        Interlocked.Add(ref packetsLost, lostPackets);
    }

    public long FailedRegistrations => Interlocked.Read(ref failedRegistrations);
    public long PacketsLost => Interlocked.Read(ref packetsLost);
    /// <summary>Signalling refused or discarded because its sender may not send it.</summary>
    public long UnauthorisedSignalling => Interlocked.Read(ref unauthorised);
    public int ProceduresCompleted { get { lock (gate) return procedures.Count; } }

    public IReadOnlyList<ProcedureRecord> Procedures { get { lock (gate) return procedures.ToArray(); } }
    public IReadOnlyList<PathRecord> Paths { get { lock (gate) return paths.ToArray(); } }
}
