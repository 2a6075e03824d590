using Akka.Actor;
using DmmActors.Run;

namespace DmmActors.Functions;

/// <summary>
/// A location client's count of unacknowledged refreshes, and who to tell once the refreshes
/// asked for by <see cref="ExtendBindings"/> are all acknowledged.
/// </summary>
public sealed class RefreshBarrier
{
    int unacknowledged;
    IActorRef? requester;

    public void Sent() => unacknowledged++;

    public void Acknowledged()
    {
        unacknowledged--;
        ReportIfDone();
    }

    public void Requested(IActorRef by)
    {
        requester = by;
        ReportIfDone();
    }

    void ReportIfDone()
    {
        if (requester is null || unacknowledged > 0) return;
        requester.Tell(BindingsExtended.Instance);
        requester = null;
    }
}
