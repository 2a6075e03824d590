using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Protocol;

namespace DmmActors.Capture;

/// <summary>
/// A PBU as the eavesdropper copied it off the link to the LMA it was sent to; in a cluster run
/// it crosses from the member that sent the PBU to the attacker on the driver.
/// </summary>
public sealed record CapturedPbu(ProxyBindingUpdate Pbu, int LmaIndex) : IDmmMessage;

/// <summary>
/// An attacker on the MAG–LMA links: it copies the first PBUs sent, as they go out signed, to each
/// attack that listens (<see cref="CapturedPbu"/>), up to that attack's count. Called from every sender's thread.
/// </summary>
public sealed class Eavesdropper
{
    sealed class Listener(IActorRef attacker, int messages)
    {
        public readonly IActorRef Attacker = attacker;
        public int Remaining = messages;
    }

    volatile Listener[] listeners = [];

    /// <summary>Before the run's nodes send: an attack that takes the first <paramref name="messages"/> PBUs heard.</summary>
    public void ReportTo(IActorRef attacker, int messages) => listeners = [.. listeners, new Listener(attacker, messages)];

    public void Heard(Signal signal, IActorRef to, Endpoint toAt)
    {
        if (signal is not ProxyBindingUpdate pbu || toAt.Kind != NodeKind.Anchor) return;
        foreach (var l in listeners)
        {
            if (Volatile.Read(ref l.Remaining) <= 0 || Interlocked.Decrement(ref l.Remaining) < 0) continue;
            l.Attacker.Tell(new CapturedPbu(pbu, toAt.Index));
        }
    }
}
