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

/// <summary>
/// Where the two ends of a session between mobile nodes stood as a packet crossed, in RFC 6705's
/// cases (§2): on one MAG or two, their prefixes from one LMA or two. None for a correspondent's.
/// </summary>
public enum PeerCase : byte
{
    None,
    /// <summary>One MAG, one LMA.</summary>
    A11,
    /// <summary>One MAG, two LMAs.</summary>
    A12,
    /// <summary>Two MAGs, one LMA.</summary>
    A21,
    /// <summary>Two MAGs, two LMAs: no case of RFC 6705's.</summary>
    A22,
}

/// <summary>
/// A probe packet's path against the shortest path from its correspondent, or its mobile peer
/// where it came from one (<see cref="Case"/>), with the anchors it crossed on the way.
/// </summary>
public readonly record struct PathRecord(MnIdentifier MobileNode, int Correspondent, ModelTime Delay, int Hops, ModelTime ShortestDelay, int ShortestHops, int Tunnels,
    bool LongLived = false, PeerCase Case = PeerCase.None, int Anchors = 0)
{
    /// <summary>The packet went to the node's prefix at a local gateway (traffic.offload-share), not to its anchored one.</summary>
    public bool Offloaded { get; init; }

    /// <summary>The counters of a mobile peer's packets delivered in <paramref name="c"/>, all and those that crossed no anchor.</summary>
    public static (Counter Delivered, Counter NoAnchor) PacketCounters(PeerCase c) =>
        (Counter.PeerPacketsA11 + ((int)c - 1), Counter.PeerPacketsNoAnchorA11 + ((int)c - 1));

    public static PeerCase CaseOf(bool sameRouter, bool sameAnchor) =>
        sameRouter ? (sameAnchor ? PeerCase.A11 : PeerCase.A12) : (sameAnchor ? PeerCase.A21 : PeerCase.A22);

    public double Stretch => ShortestDelay.Microseconds == 0 ? 1.0 : Delay.Microseconds / (double)ShortestDelay.Microseconds;
}

/// <summary>Why a node attached again where it stood.</summary>
public enum ReattachCause : byte
{
    /// <summary>Its access router's cluster member was lost; the router came back on another member (RFC 4861 §6.3.7: the node solicits again).</summary>
    RouterLost,
    /// <summary>Its own cluster member was lost; it came back on another member and attached where its walk had left it.</summary>
    NodeRestarted,
    /// <summary>
    /// Its router solicitation went unanswered for the signalling timeout and was sent again
    /// (RFC 7559): the router, or the anchor its MAG waited on, was lost with a cluster member.
    /// </summary>
    Resolicited,
}

/// <summary>A node that attached again after a cluster member was lost, and for how long (wall clock) it held no usable address.</summary>
public readonly record struct ReattachmentRecord(MnIdentifier MobileNode, int Router, ReattachCause Cause, TimeSpan Unreachable);

/// <summary>
/// Collects what the emulated nodes report. A sink rather than an actor: every node reports
/// into it and nothing reads it until the run is over, but progress. Each thread records into
/// a slot of its own (<see cref="PerThread{T}"/>), locked only against a reader.
/// </summary>
public sealed class RunRecorder
{
    sealed class Slot
    {
        public readonly ChunkedList<ProcedureRecord> Procedures = new();
        public readonly ChunkedList<PathRecord> Paths = new();
        public readonly List<ReattachmentRecord> Reattachments = new();
        public ModelTime LastCompletion;
    }

    readonly PerThread<Slot> slots = new(() => new Slot());
    long packetsLost, unauthorised, retransmissions, walksFinished, walksLastCompletion;

    public SignallingCounters Signalling { get; } = new();
    /// <param name="anchors">The run's anchors, whose data load the counters keep.</param>
    public RunRecorder(int anchors = 0) => Counters = new RunCounters(anchors);

    public RunCounters Counters { get; }

    /// <summary>After a move: how many tunnels now carry the node's prefixes to it.</summary>
    public void TunnelsAfterMove(int tunnels)
    {
        Counters.Add(Counter.TunnelSamples);
        Counters.Add(Counter.Tunnels, tunnels);
    }

    public void Procedure(ProcedureRecord r)
    {
        var slot = slots.Mine;
        lock (slot)
        {
            slot.Procedures.Add(r);
            if (r.CompletedAt > slot.LastCompletion) slot.LastCompletion = r.CompletedAt;
        }
    }

    /// <summary>
    /// A node's walk is over, its last procedure completed at <paramref name="lastCompletion"/>:
    /// what a cluster run's driver learns of the procedures its members record.
    /// </summary>
    public void WalkFinished(ModelTime lastCompletion)
    {
        Interlocked.Increment(ref walksFinished);
        CompletedBy(lastCompletion);
    }

    /// <summary>A node reported a procedure completed at <paramref name="at"/> (a storm's handover, wherever it was recorded).</summary>
    public void CompletedBy(ModelTime at) => Max(ref walksLastCompletion, at.Microseconds);

    /// <summary>The model time the last procedure completed at, recorded here or reported by a finished walk: where the run ends.</summary>
    public ModelTime LastCompletion
    {
        get
        {
            var recorded = slots.All.Select(s => { lock (s) return s.LastCompletion; }).DefaultIfEmpty(ModelTime.Zero).Max();
            var walks = new ModelTime(Interlocked.Read(ref walksLastCompletion));
            return walks > recorded ? walks : recorded;
        }
    }

    public void Path(PathRecord r)
    {
        var slot = slots.Mine;
        lock (slot) slot.Paths.Add(r);
    }

    public void Reattached(ReattachmentRecord r)
    {
        var slot = slots.Mine;
        lock (slot) slot.Reattachments.Add(r);
    }

    long awaitingJournalHighWater, mailboxHighWater;

    /// <summary>
    /// An anchor's backlog as a registration reaches it: registrations awaiting the journal, and
    /// messages in its mailbox. The mailboxes are unbounded; this is how they are monitored.
    /// </summary>
    public void AnchorBacklog(int awaitingJournal, int mailbox)
    {
        Max(ref awaitingJournalHighWater, awaitingJournal);
        Max(ref mailboxHighWater, mailbox);
    }

    long handoverBufferHighWater;

    /// <summary>An access router holds <paramref name="held"/> packets for one node in a fast handover's buffer.</summary>
    public void HandoverBufferHeld(int held) => Max(ref handoverBufferHighWater, held);

    public long HandoverBufferHighWater => Interlocked.Read(ref handoverBufferHighWater);

    static void Max(ref long highWater, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref highWater)) && Interlocked.CompareExchange(ref highWater, value, seen) != seen) { }
    }

    /// <summary>The most registrations one anchor held awaiting the journal, and the deepest anchor mailbox, in this process.</summary>
    public long AwaitingJournalHighWater => Interlocked.Read(ref awaitingJournalHighWater);
    public long AnchorMailboxHighWater => Interlocked.Read(ref mailboxHighWater);

    /// <summary>Registrations and refreshes refused, by the status the anchor answered with.</summary>
    readonly long[] failedByStatus = new long[256];

    public void RegistrationFailed(BindingStatus status) => Interlocked.Increment(ref failedByStatus[(byte)status]);
    public void PacketLost() => Interlocked.Increment(ref packetsLost);
    public void Unauthorised() => Interlocked.Increment(ref unauthorised);
    public void Retransmitted() => Interlocked.Increment(ref retransmissions);
    /// <summary>Mobile nodes whose walk is over, as the scenario driver counts them.</summary>
    public long WalksFinished => Interlocked.Read(ref walksFinished);

    /// <summary>Takes in what another cluster node recorded for this run.</summary>
    public void Merge(RecorderContents other)
    {
        Signalling.Add(other.SignallingCounts);
        Counters.Add(other.Counters);
        Interlocked.Add(ref unauthorised, other.UnauthorisedSignalling);
        Interlocked.Add(ref packetsLost, other.PacketsLost);
        foreach (var (status, count) in other.FailedByStatus) Interlocked.Add(ref failedByStatus[(byte)status], count);
        Interlocked.Add(ref retransmissions, other.Retransmissions);
        foreach (var p in other.Procedures) Procedure(p);
        foreach (var p in other.Paths) Path(p);
        foreach (var r in other.Reattachments) Reattached(r);
    }

    /// <summary>Everything recorded so far, to travel to the driver of a cluster run.</summary>
    public RecorderContents Contents() =>
        new(Signalling.Snapshot(), UnauthorisedSignalling, PacketsLost, FailedByStatus, Retransmissions, Procedures, Paths)
        {
            Counters = Counters.Snapshot(),
            Reattachments = Reattachments,
        };

    public long FailedRegistrations => FailedByStatus.Sum(f => f.Count);

    /// <summary>The statuses registrations were refused with, lowest first, and how often.</summary>
    public IReadOnlyList<(BindingStatus Status, long Count)> FailedByStatus =>
        Enumerable.Range(0, failedByStatus.Length).Select(s => ((BindingStatus)s, Interlocked.Read(ref failedByStatus[s]))).Where(f => f.Item2 > 0).ToArray();
    public long PacketsLost => Interlocked.Read(ref packetsLost);
    /// <summary>Signalling refused or discarded because its sender may not send it.</summary>
    public long UnauthorisedSignalling => Interlocked.Read(ref unauthorised);
    /// <summary>Registrations sent again because no acknowledgement came back in time (RFC 5213 §6.9.4).</summary>
    public long Retransmissions => Interlocked.Read(ref retransmissions);
    public int ProceduresCompleted => slots.All.Sum(s => { lock (s) return s.Procedures.Count; });

    public IReadOnlyList<ProcedureRecord> Procedures => All(s => s.Procedures);
    public IReadOnlyList<PathRecord> Paths => All(s => s.Paths);

    /// <summary>What every thread's slot holds of one kind, in one array.</summary>
    T[] All<T>(Func<Slot, ChunkedList<T>> of)
    {
        var held = slots.All.ToArray();
        foreach (var s in held) Monitor.Enter(s);
        try
        {
            var all = new T[held.Sum(s => of(s).Count)];
            var at = 0;
            foreach (var s in held)
            {
                of(s).CopyTo(all, at);
                at += of(s).Count;
            }
            return all;
        }
        finally
        {
            foreach (var s in held) Monitor.Exit(s);
        }
    }
    public IReadOnlyList<ReattachmentRecord> Reattachments => slots.All.SelectMany(s => { lock (s) return s.Reattachments.ToArray(); }).ToArray();
}

/// <summary>What one recorder holds, by value.</summary>
public sealed record RecorderContents(
    IReadOnlyList<long> SignallingCounts,
    long UnauthorisedSignalling,
    long PacketsLost,
    IReadOnlyList<(BindingStatus Status, long Count)> FailedByStatus,
    long Retransmissions,
    IReadOnlyList<ProcedureRecord> Procedures,
    IReadOnlyList<PathRecord> Paths)
{
    public IReadOnlyList<long> Counters { get; init; } = [];
    public IReadOnlyList<ReattachmentRecord> Reattachments { get; init; } = [];
}
