using DmmActors.Addressing;
using DmmActors.Configuration;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;
using DmmActors.Scenarios;

namespace DmmActors.Practices.FlatWifi;

/// <summary>
/// The flat IP Wi-Fi network of the draft's §4.2 (Figure 1), the baseline that shows what mobility
/// support buys. Each grid router is a node's first IP hop, whichever of the figure's three it is
/// (a residential gateway, a WLAN controller that routes, an access router with access points on
/// its LAN), and it gives the nodes on its link addresses of its own. With no mobility support a
/// node takes a new address at every move; with PMIPv6 from the access router (RFC 5213) the
/// router is a MAG and the access aggregation gateway, at the centre, the LMA.
/// </summary>
public sealed class FlatWifiPractice : NetworkBasedPractice
{
    public override string Name => "flat-wifi";
    public override string Title => "Flat Wi-Fi network: addresses from the access router; no mobility support, or PMIPv6 from it";
    public override string Reference => "draft §4.2, Figure 1; RFC 4861; RFC 8273; RFC 5213";
    /// <summary>First: the network before any mobility practice.</summary>
    public override int CatalogueOrder => 5;

    /// <summary>An anchor is a router's own allocation or, under PMIPv6, the aggregation gateway's LMA: "anchor" names both.</summary>
    public override string RoleOf(NodeKind kind) => kind == NodeKind.AccessRouter ? "AR" : kind == NodeKind.Anchor ? "anchor" : base.RoleOf(kind);

    public override PracticeSettings? ReadSettings(ScenarioKeys keys, Scenario core) => FlatWifiSettings.Read(keys);

    static bool Local(PracticeSettings? settings) => FlatWifiSettings.MobilityOf(settings) == FlatMobility.None;

    /// <summary>Every router allocates its own addresses; under PMIPv6 one LMA, the access aggregation gateway, anchors them all.</summary>
    public override int AnchorCount(int requested, int accessRouters, PracticeSettings? settings) => Local(settings) ? accessRouters : 1;

    public override bool AnchorsAtAccessRouters(PracticeSettings? settings) => Local(settings);

    /// <summary>`dmm compare` runs PMIPv6 from the access router beside the network without mobility support.</summary>
    public override IReadOnlyList<CompareVariant> CompareVariants =>
        [new($"{Name}/proxy-mobile-ipv6", [$"{FlatWifiSettings.MobilityKey} = proxy-mobile-ipv6"], WithMulticastOnly: false)];

    /// <summary>Without mobility support a node's router answers its RS and probes: neighbour discovery is all it signals (RFC 4861, RFC 4862).</summary>
    static readonly IReadOnlySet<SignalType> NeighbourDiscovery = new HashSet<SignalType>
    {
        SignalType.RouterSolicitation, SignalType.RouterAdvertisement, SignalType.NeighborSolicitation,
    };

    public override IReadOnlySet<SignalType> SignalsUnder(PracticeSettings? settings) => Local(settings) ? NeighbourDiscovery : Signals;

    public override INetworkLocationClient? AccessRouterLocationClient(RunContext run, int router, Action<TimeSpan, object>? scheduleToSelf) =>
        Local(run.Scenario.PracticeSettings) ? new LocalAddressing(run, router) : base.AccessRouterLocationClient(run, router, scheduleToSelf);

    public override IEnumerable<IAnchorComponent> AnchorComponents(IAnchorHost anchor) =>
        Local(anchor.Run.Scenario.PracticeSettings) ? [new LocalPrefixAllocation(anchor)] : [];

    /// <summary>A router allocates to whichever node is on its link: no policy profile names it.</summary>
    public override bool PolicyNamesTheAnchor => false;
}
