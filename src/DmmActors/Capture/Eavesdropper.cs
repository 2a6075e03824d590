using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Protocol;

namespace DmmActors.Capture;

/// <summary>A PBU as the eavesdropper copied it off the link to the LMA it was sent to.</summary>
public sealed record CapturedPbu(ProxyBindingUpdate Pbu, IActorRef Lma, int LmaIndex);

/// <summary>
/// An attacker on the MAG–LMA links: it copies the first PBUs sent, as they go out signed, to the
/// replay attack (<see cref="CapturedPbu"/>). Called from every sender's thread.
/// </summary>
public sealed class Eavesdropper(int messages)
{
    int remaining = messages;
    volatile IActorRef? attacker;

    public void ReportTo(IActorRef replayer) => attacker = replayer;

    public void Heard(Signal signal, IActorRef to, Endpoint toAt)
    {
        if (signal is not ProxyBindingUpdate pbu || toAt.Kind != NodeKind.Anchor || attacker is not { } replayer) return;
        if (Volatile.Read(ref remaining) <= 0 || Interlocked.Decrement(ref remaining) < 0) return;
        replayer.Tell(new CapturedPbu(pbu, to, toAt.Index));
    }
}
