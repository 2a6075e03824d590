using Akka.Actor;
using DmmActors.Emulation;
using DmmActors.Protocol;

namespace DmmActors.Functions;

/// <summary>
/// A router's side of the leases its own allocation gives (<see cref="LocalPrefixAllocation"/>):
/// asking, and asking again what went unanswered past the signalling timeout. In a cluster the
/// router and its allocation may run on two members, and a lost member takes what was on its way.
/// </summary>
public sealed class PrefixLeaseRequests(RunContext run, int router)
{
    /// <summary>By node and sequence number.</summary>
    readonly AwaitedAnswers<(int Node, ushort Sequence), PrefixLease> awaited = new(run);

    /// <summary>The allocation of this router's prefixes: the anchor that is a function of it (NetworkTopology.IsFunctionOf).</summary>
    IActorRef Allocation => run.Directory.Anchors[router];

    /// <summary>Asks for a lease or its renewal, and awaits the answer.</summary>
    public void Ask(PrefixLease lease, IActorRef self)
    {
        awaited.Sent((lease.MnId.Index, lease.SequenceNumber), lease);
        Allocation.Tell(lease, self);
    }

    /// <summary>A release (lifetime 0): the allocation answers none.</summary>
    public void Release(PrefixLease release, IActorRef self) => Allocation.Tell(release, self);

    /// <summary>Whether <paramref name="answer"/> is the first to its request: one asked again after it went overdue may be answered twice.</summary>
    public bool First(PrefixLeaseAnswer answer) => !awaited.Kept || awaited.Answered((answer.MnId.Index, answer.SequenceNumber));

    /// <summary>
    /// Asks again what went overdue: a renewal always, so that the run's end is not left waiting on
    /// it, a lease while <paramref name="stillWanted"/> says its node is still there for it.
    /// </summary>
    public void AskAgainOverdue(Func<PrefixLease, bool> stillWanted, IActorRef self)
    {
        foreach (var lease in awaited.TakeOverdue())
        {
            if (lease.Procedure.Kind != ProcedureKind.Refresh && !stillWanted(lease)) continue;
            run.Recorder.Retransmitted();
            Ask(lease, self);
        }
    }
}
