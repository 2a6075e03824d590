using DmmActors.Addressing;

namespace DmmActors.Scenarios;

/// <summary>
/// How sessions come and go. RFC 8653 §3.1 lets each session say what kind of address it
/// needs: a session-lasting address keeps working across moves; a nomadic one may change.
/// </summary>
public sealed record TrafficSettings(ModelTime MeanSessionDuration, double ContinuityShare)
{
    /// <summary>Sessions last the whole walk and every one needs continuity: what centralised practices assume.</summary>
    public static readonly TrafficSettings LongLived = new(ModelTime.Zero, 1.0);

    public bool SessionsEnd => MeanSessionDuration > ModelTime.Zero;
}

/// <summary>What triggers an anchor relocation (draft §5.1: the current anchor initiates it).</summary>
public enum RelocationTrigger
{
    None,
    /// <summary>The anchor moves a binding whose care-of address is more than <see cref="RelocationSettings.MaxHops"/> away.</summary>
    Distance,
    /// <summary>The anchor moves bindings away while it holds more than its capacity.</summary>
    Load,
}

/// <summary>
/// dmm.scenario.security: whether the signalling carries and is checked for its authentication
/// (RFC 4285 §5), and how far a PBU's timestamp may be from the LMA's clock (RFC 5213 §5.5).
/// </summary>
public sealed record SecuritySettings(bool Authentication, ModelTime TimestampValidityWindow)
{
    /// <summary>RFC 5213 §12: TimestampValidityWindow, 300 milliseconds by default.</summary>
    public static readonly ModelTime DefaultTimestampValidityWindow = ModelTime.FromMilliseconds(300);

    public static readonly SecuritySettings On = new(true, DefaultTimestampValidityWindow);
}

/// <summary>
/// dmm.scenario.overload: when an anchor refuses new registrations with 130 rather than queue
/// them (Functions.AdmissionControl). <see cref="HighWater"/> counts registrations awaiting the
/// journal at one anchor, <see cref="Capacity"/> registrations per second of wall time; 0 is no limit.
/// </summary>
public sealed record OverloadSettings(int HighWater, int Capacity)
{
    public static readonly OverloadSettings Default = new(10_000, 0);

    public bool Unlimited => HighWater == 0 && Capacity == 0;
}

/// <summary>Anchors' capabilities where they sit on the access routers, and when they hand a binding context on.</summary>

public sealed record RelocationSettings(RelocationTrigger Trigger, int MaxHops, int Capacity, int AdvertisementRadius)
{
    public static readonly RelocationSettings Off = new(RelocationTrigger.None, 0, 0, 0);

    /// <summary>With no capacity set, load never limits an anchor and no advertisement is sent.</summary>
    public bool Unlimited => Capacity == 0;
}

/// <summary>
/// Where HMIPv6's mobility anchor points stand (RFC 5380 §3): <see cref="Count"/> MAPs spread
/// over the grid, each advertised by the access routers within <see cref="DomainRadius"/> hops.
/// </summary>
public sealed record MapSettings(int Count, int DomainRadius)
{
    public static readonly MapSettings None = new(0, 0);

    /// <summary>The MAP option's Dist field is 4 bits and never 0 (RFC 5380 §5): a MAP at most 14 hops off its site's router.</summary>
    public const int MaxDomainRadius = 14;
}

/// <summary>RFC 6224 baseline, or one of the two routing optimisations of RFC 7028 §3.</summary>
public enum MulticastMode
{
    /// <summary>MLD proxy at the MAG with one upstream interface per anchor serving its nodes (RFC 6224 §4).</summary>
    Proxy,
    /// <summary>One upstream interface, through a dedicated multicast tree mobility anchor (RFC 7028 §3.1).</summary>
    Mtma,
    /// <summary>The MAG joins through a local multicast router, without a tunnel (RFC 7028 §3.2).</summary>
    Direct,
}

public sealed record MulticastSettings(bool Enabled, MulticastMode Mode, int Groups, double ListenerShare, ModelTime PacketInterval)
{
    public static readonly MulticastSettings Off = new(false, MulticastMode.Proxy, 0, 0, ModelTime.FromSeconds(1));
}
