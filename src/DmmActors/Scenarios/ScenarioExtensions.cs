using DmmActors.Addressing;

namespace DmmActors.Scenarios;

/// <summary>
/// How sessions come and go. RFC 8653 §3.1 lets each session say what kind of address it
/// needs: a session-lasting address keeps working across moves; a nomadic one may change.
/// </summary>
/// <param name="FlowRate">
/// Packets per second each session's correspondent sends over every handover's window (from
/// the longest path's delay before link-down to the procedure's completion); 0: none, the
/// probes after each procedure only.
/// </param>
/// <param name="MnToMnShare">The share of sessions whose correspondent is another mobile node, so that both ends move.</param>
/// <param name="OffloadShare">
/// The share of sessions whose traffic may break out locally (TS 23.401 §4.3.15 SIPTO, §4.3.16
/// LIPA): where a practice gives the node a local gateway's prefix beside its anchored one, they take it.
/// </param>
public sealed record TrafficSettings(ModelTime MeanSessionDuration, double ContinuityShare, double FlowRate = 0, double MnToMnShare = 0,
    double OffloadShare = 0)
{
    /// <summary>Sessions last the whole walk and every one needs continuity: what centralised practices assume.</summary>
    public static readonly TrafficSettings LongLived = new(ModelTime.Zero, 1.0);

    public bool SessionsEnd => MeanSessionDuration > ModelTime.Zero;

    /// <summary>Packets are sent while handovers are under way, so the data plane keeps what it needs to route them by model time.</summary>
    public bool Flows => FlowRate > 0;

    /// <summary>
    /// Packets may reach a router or anchor after the network they were sent into has moved on
    /// (flows, or mobile peers sending from where they were): it keeps what it needs to place them in model time.
    /// </summary>
    public bool InModelTime => Flows || MnToMnShare > 0;
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
/// dmm.scenario.policy.anchor-assignment: how the policy profiles (RFC 5213 §6.2) name each
/// node's LMA or home agent, where the practice has separate anchors.
/// </summary>
public enum AnchorAssignment
{
    /// <summary>The anchor nearest the router the node first attaches to (draft §4.2.2).</summary>
    FirstAttachment,
    /// <summary>By the node's identifier, round the anchors that can be a home: no knowledge of location.</summary>
    Identifier,
}

/// <summary>RFC 4862 §5.4 against RFC 4429 §3: whether a tentative address waits for DAD to end before it is used.</summary>
public enum DadMode
{
    Standard,
    Optimistic,
}

/// <summary>
/// dmm.scenario.neighbour-discovery: the delays of neighbour discovery that every practice pays
/// on its access links, the RFCs' defaults unless the scenario says otherwise.
/// </summary>
public sealed record NeighbourDiscoverySettings(ModelTime MaxRaDelay, DadMode Dad, ModelTime RetransTimer, int DupAddrDetectTransmits)
{
    /// <summary>RFC 4861 §10: MAX_RA_DELAY_TIME 0.5 s and RETRANS_TIMER 1 s; RFC 4862 §5.1: DupAddrDetectTransmits 1.</summary>
    public static readonly NeighbourDiscoverySettings Rfc = new(ModelTime.FromMilliseconds(500), DadMode.Standard, ModelTime.FromSeconds(1), 1);

    /// <summary>
    /// From the first probe to the address being usable: RetransTimer after each probe (RFC 4862
    /// §5.4.3), none with optimistic DAD (RFC 4429 §3.1) or with DAD off (DupAddrDetectTransmits 0, RFC 4862 §5.1).
    /// </summary>
    public ModelTime DadWait => Dad == DadMode.Optimistic ? ModelTime.Zero : RetransTimer * DupAddrDetectTransmits;
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

    /// <summary>RFC 3810 §9.3: the Maximum Response Delay of a router's General Query, 10 s by default.</summary>
    public ModelTime QueryResponseInterval { get; init; } = ModelTime.FromSeconds(10);

    /// <summary>RFC 3810 §9.2: the time between a router's General Queries on a link, 125 s by default.</summary>
    public ModelTime QueryInterval { get; init; } = Protocol.MldQuery.DefaultQueryInterval;

    /// <summary>RFC 3810 §9.1: the Robustness Variable, 2 by default.</summary>
    public int Robustness { get; init; } = Protocol.MldQuery.DefaultRobustness;

    /// <summary>
    /// RFC 3810 §9.4: the Multicast Address Listening Interval, Robustness × Query Interval + Query
    /// Response Interval (260 s by default): how long a router keeps a listener it hears nothing more from.
    /// </summary>
    public ModelTime ListenerInterval => new(Robustness * QueryInterval.Microseconds + QueryResponseInterval.Microseconds);

    /// <summary>When a router forgets a listener whose node left its link.</summary>
    public ListenerExpiry Leave { get; init; } = ListenerExpiry.ListenerInterval;
}

/// <summary>
/// ListenerInterval: a node that left sends no Done, so its old router keeps it until the
/// Multicast Address Listening Interval after its last report (RFC 3810 §7.4, §9.4).
/// OnDeparture: the router drops it as the node's point-to-point link goes down, where it
/// detects the detachment (RFC 5213 §6.9.1.4).
/// </summary>
public enum ListenerExpiry { ListenerInterval, OnDeparture }

/// <summary>
/// topology.processing and topology.link-jitter: how nodes take their messages beyond the fixed
/// service time (<see cref="Scenario.ServiceTime"/>), and how links vary.
/// </summary>
/// <param name="Servers">Messages an access router or correspondent works on at once; 0: no queue.</param>
/// <param name="AnchorServers">Messages an anchor (LMA, home agent, MAP) works on at once; 0: no queue.</param>
public sealed record ProcessingSettings(ServiceDistribution Distribution, int Servers, int AnchorServers, ModelTime LinkJitter)
{
    public static readonly ProcessingSettings NoQueues = new(ServiceDistribution.Fixed, 0, 0, ModelTime.Zero);
}

public enum ServiceDistribution { Fixed, Exponential }
