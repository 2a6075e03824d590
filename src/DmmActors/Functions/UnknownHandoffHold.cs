using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Protocol;

namespace DmmActors.Functions;

/// <summary>
/// RFC 5213 §5.4.1.3: a PBU whose Handoff Indicator says the handoff state is unknown (4), for
/// a node whose binding is active through another MAG, may be a handoff whose previous MAG has
/// not de-registered yet, or a new interface. The LMA waits up to MaxDelayBeforeNewBCEAssign for
/// that de-registration before it takes the PBU as a new mobility session. This holds such PBUs,
/// one per node, until the de-registration arrives or the wait runs out.
/// </summary>
public sealed class UnknownHandoffHold
{
    /// <summary>RFC 5213 §9.1: MaxDelayBeforeNewBCEAssign defaults to 1500 ms.</summary>
    public static readonly ModelTime MaxDelayBeforeNewBceAssign = ModelTime.FromMilliseconds(1500);

    /// <summary>The wall-clock wait before a held PBU is released unanswered by a de-registration: nothing else would release it.</summary>
    public static readonly TimeSpan WallClockWait = TimeSpan.FromMilliseconds(MaxDelayBeforeNewBceAssign.Milliseconds);

    /// <summary>A PBU held, from <see cref="Mag"/>, waiting for <see cref="PreviousMag"/>; <see cref="Authentic"/> as judged when it arrived.</summary>
    public sealed record Held(ProxyBindingUpdate Pbu, IActorRef Mag, int PreviousMag, bool Authentic);

    /// <summary>Tells the anchor the wait for <see cref="Pbu"/> is over.</summary>
    public sealed record Expired(ProxyBindingUpdate Pbu);

    readonly Dictionary<int, Held> held = new();

    /// <summary>Holds <paramref name="pbu"/>; a later one for the same node replaces it, as the MAG's retransmission would.</summary>
    public void Hold(ProxyBindingUpdate pbu, IActorRef mag, int previousMag, bool authentic) =>
        held[pbu.MnId.Index] = new Held(pbu, mag, previousMag, authentic);

    /// <summary>A de-registration from the MAG the node was bound through releases the PBU held for it, as a handoff.</summary>
    public bool TryReleaseBy(ProxyBindingUpdate deregistration, out Held released)
    {
        if (deregistration.IsDeregistration && held.TryGetValue(deregistration.MnId.Index, out released!) &&
            released.PreviousMag == deregistration.ProxyCareOf)
            return held.Remove(deregistration.MnId.Index);
        released = null!;
        return false;
    }

    /// <summary>The wait for <paramref name="pbu"/> ran out, unless it was released or replaced meanwhile.</summary>
    public bool TryExpire(ProxyBindingUpdate pbu, out Held expired) =>
        held.TryGetValue(pbu.MnId.Index, out expired!) && ReferenceEquals(expired.Pbu, pbu) && held.Remove(pbu.MnId.Index);
}
