using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Protocol;
using DmmActors.Topology;

namespace DmmActors.Attacks;

/// <summary>
/// An attacker on the MAG–LMA links: it copies the first PBUs sent, as they go out signed, to the
/// replay attack (<see cref="AttackerActor.Captured"/>). Called from every sender's thread.
/// </summary>
public sealed class Eavesdropper(int messages)
{
    int remaining = messages;
    volatile IActorRef? attacker;

    public void ReportTo(IActorRef replayer) => attacker = replayer;

    public void Heard(Signal signal, IActorRef to, Endpoint toAt)
    {
        if (signal is not ProxyBindingUpdate pbu || toAt.Kind != Addressing.NodeKind.Anchor || attacker is not { } replayer) return;
        if (Volatile.Read(ref remaining) <= 0 || Interlocked.Decrement(ref remaining) < 0) return;
        replayer.Tell(new AttackerActor.Captured(pbu, to, toAt.Index));
    }
}
