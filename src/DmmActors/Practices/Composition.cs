using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Functions;
using DmmActors.Run;

namespace DmmActors.Practices;

/// <summary>
/// The composition root: builds, from a practice's placement, the function components each
/// node kind hosts (as ns-3's helpers aggregate protocols onto a node). Actors ask it for their
/// components and route messages to them; nothing outside this folder asks which practice runs.
/// A new practice is a placement in <see cref="PracticeCatalog"/> and, where it places a
/// function in a new way, a component chosen here.
/// </summary>
public sealed class Composition(Practice practice)
{
    public Practice Practice { get; } = practice;

    /// <summary>Anchors are functions of the access routers (RFC 8885 §3, the mobility anchor and access router).</summary>
    public bool AnchorsAtAccessRouters { get; } = practice.Hosts(NodeKind.AccessRouter, MobilityFunction.Anchoring);

    /// <summary>The node kind whose location client registers and refreshes the bindings.</summary>
    public NodeKind LocationClientHost { get; } =
        practice.Hosts(NodeKind.AccessRouter, MobilityFunction.LocationClient) ? NodeKind.AccessRouter : NodeKind.MobileNode;

    /// <summary>
    /// The access router's location client: a MAAR's where the router anchors too (RFC 8885),
    /// a MAG's where it only signals for its nodes (RFC 5213), none where the node signals itself.
    /// </summary>
    public INetworkLocationClient? AccessRouterLocationClient(RunContext run, int router, Action<TimeSpan, object>? scheduleToSelf = null) => LocationClientHost switch
    {
        NodeKind.AccessRouter when AnchorsAtAccessRouters => new MaarLocationClient(run, router),
        NodeKind.AccessRouter => new ProxyLocationClient(run, router, scheduleToSelf),
        _ => null,
    };

    /// <summary>Whether the location clients back off from a 130 and send again (the MAGs, ProxyLocationClient), so an anchor may shed load.</summary>
    public bool ClientsBackOff => LocationClientHost == NodeKind.AccessRouter && !AnchorsAtAccessRouters;

    /// <summary>
    /// The mobile node's own location client where it registers itself: with its home agent
    /// (RFC 6275), or through MAPs where the practice places them (RFC 5380); none otherwise.
    /// </summary>
    public IHostLocationClient? MobileNodeLocationClient(RunContext run, MnIdentifier mn, Action<TimeSpan, object>? scheduleToSelf) =>
        !Practice.Hosts(NodeKind.MobileNode, MobilityFunction.LocationClient) ? null
        : Practice.Hierarchical ? new HierarchicalLocationClient(run, mn, scheduleToSelf)
        : new HostLocationClient(run, mn, scheduleToSelf);

    /// <summary>The tunnels of an HMIPv6 MAP, for the anchors that are MAPs (RFC 5380 §6.2).</summary>
    public MobilityAnchorPoint? MobilityAnchorPoint(RunContext run, int anchor, IForwardingControl bindings) =>
        run.Topology.IsMobilityAnchorPoint(anchor) ? new MobilityAnchorPoint(run, anchor, bindings) : null;

    /// <summary>The MAP options an access router puts in its RAs (RFC 5380 §5), where the practice has MAPs.</summary>
    public MapAdvertisement? MapAdvertisement(RunContext run, int router) =>
        Practice.Hierarchical ? new MapAdvertisement(run, router) : null;

    /// <summary>What the node shares of its sessions: only where each router anchors the prefixes of the nodes on it is there anything to keep or release.</summary>
    public IConnectionManager ConnectionManager { get; } = practice.Hosts(NodeKind.AccessRouter, MobilityFunction.Anchoring)
        ? SessionSharingConnectionManager.Instance
        : SilentConnectionManager.Instance;

    /// <summary>Relocation and context transfer between anchors (RFC 8818 §3.2), where anchors are distributed to the access routers.</summary>
    public AnchorRelocation? AnchorRelocation(RunContext run, int anchor) => AnchorsAtAccessRouters ? new AnchorRelocation(run, anchor) : null;

    /// <summary>A node holds a prefix of each router it attached on that its sessions still use (RFC 8818 §3.1).</summary>
    public bool NodesKeepSeveralPrefixes => AnchorsAtAccessRouters;

    /// <summary>Whether anchors can hand a binding on to another anchor, for the scenario's relocation settings.</summary>
    public bool RelocatesAnchors => AnchorsAtAccessRouters;

    /// <summary>The location server's rules: PMIPv6 orders updates by timestamp (RFC 5213 §5.5), MIPv6 by sequence number (RFC 6275 §9.5.1).</summary>
    public BindingRules BindingRules(ModelTime maxLifetime) => Practice.Signalling == Signalling.NetworkBased
        ? Bindings.BindingRules.ProxyMobileIpv6(maxLifetime)
        : Bindings.BindingRules.MobileIpv6(maxLifetime);

    /// <summary>
    /// Whether an anchor serves a node only if the node's policy profile names it (RFC 5213 §6.2),
    /// or any anchor may, each for the prefixes it delegated (distributed anchors, draft §5.1).
    /// </summary>
    public bool PolicyNamesTheAnchor => !AnchorsAtAccessRouters;
}
