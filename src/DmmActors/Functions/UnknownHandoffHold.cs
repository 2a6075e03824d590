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

    /// <summary>
    /// A PBU held, from <see cref="Mag"/>, waiting for <see cref="PreviousMag"/>; <see cref="Authentic"/>
    /// as judged when it arrived. <see cref="Since"/>: when the first PBU of the hold arrived, the
    /// wait running from it (the MAG's retransmissions replace the PBU, not the wait).
    /// </summary>
    public sealed record Held(ProxyBindingUpdate Pbu, IActorRef Mag, int PreviousMag, bool Authentic, ModelTime Since, long Id);

    /// <summary>Tells the anchor the wait of hold <see cref="Hold"/> for <see cref="MobileNode"/> is over.</summary>
    public sealed record Expired(int MobileNode, long Hold);

    readonly Dictionary<int, Held> held = new();
    long holds;

    /// <summary>
    /// Holds <paramref name="pbu"/>, and returns the timer to start. A PBU from the MAG whose PBU is
    /// held already is its retransmission (sent again after InitialBindackTimeoutFirstReg, §6.9.4.1,
    /// shorter than this wait): it replaces the held one and the wait goes on, as the timer starts
    /// once (§5.4.1.3); no timer is returned then. Restarting the wait at every retransmission
    /// would never let it run out.
    /// </summary>
    public Expired? Hold(ProxyBindingUpdate pbu, IActorRef mag, int previousMag, bool authentic)
    {
        var mn = pbu.MnId.Index;
        if (held.TryGetValue(mn, out var earlier) && earlier.Pbu.ProxyCareOf == pbu.ProxyCareOf)
        {
            held[mn] = earlier with { Pbu = pbu, Mag = mag, Authentic = authentic };
            return null;
        }
        held[mn] = new Held(pbu, mag, previousMag, authentic, pbu.ArrivesAt, ++holds);
        return new Expired(mn, holds);
    }

    /// <summary>A de-registration from the MAG the node was bound through releases the PBU held for it, as a handoff.</summary>
    public bool TryReleaseBy(ProxyBindingUpdate deregistration, out Held released)
    {
        if (deregistration.IsDeregistration && held.TryGetValue(deregistration.MnId.Index, out released!) &&
            released.PreviousMag == deregistration.ProxyCareOf)
            return held.Remove(deregistration.MnId.Index);
        released = null!;
        return false;
    }

    /// <summary>The wait of <paramref name="timer"/>'s hold ran out, unless it was released or another hold took its place meanwhile.</summary>
    public bool TryExpire(Expired timer, out Held expired) =>
        held.TryGetValue(timer.MobileNode, out expired!) && expired.Id == timer.Hold && held.Remove(timer.MobileNode);
}
