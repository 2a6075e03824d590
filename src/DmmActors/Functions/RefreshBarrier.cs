using Akka.Actor;
using DmmActors.Control;

namespace DmmActors.Functions;

/// <summary>
/// A location client's count of unacknowledged refreshes, and who to tell once the refreshes
/// asked for by <see cref="ExtendBindings"/> are all acknowledged.
/// </summary>
public sealed class RefreshBarrier
{
    int unacknowledged;
    IActorRef? requester;

    /// <summary>
    /// Sends every refresh <paramref name="schedule"/> has due after a registration at
    /// <paramref name="registeredAt"/> up to <paramref name="until"/>, counting each as awaited;
    /// returns when the binding was last registered.
    /// </summary>
    public Addressing.ModelTime SendDue(Bindings.RefreshSchedule schedule, Addressing.ModelTime registeredAt, Addressing.ModelTime until,
        Action<Addressing.ModelTime> send)
    {
        foreach (var at in schedule.Due(registeredAt, until))
        {
            send(at);
            registeredAt = at;
            unacknowledged++;
        }
        return registeredAt;
    }

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
