using DmmActors.Addressing;
using DmmActors.Configuration;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;
using DmmActors.Scenarios;
using DmmActors.Topology;
using static DmmActors.Functions.MobilityFunction;

namespace DmmActors.Practices.Epc;

/// <summary>
/// The Evolved Packet System (TS 23.401; draft §4.3, Figure 5): the PGW is the UE's IP anchor for
/// its whole PDN connection, the SGW the anchor of its moves between eNBs, and the MME, which
/// carries no data, the control plane that picks both by DNS (TS 29.303) and moves the bearer with
/// GTPv2-C (TS 29.274); the user plane is GTP-U (TS 29.281) on S5/S8 and S1-U. Its practices
/// differ in where offloadable traffic breaks out (<see cref="Breakout"/>): SIPTO and LIPA are
/// features of the same system, with the same nodes and messages, so they live in its folder.
/// </summary>
public abstract class EvolvedPacketSystem : NetworkBasedPractice
{
    /// <summary>Where the UE's second PDN connection, for offloadable traffic, is anchored; none under plain EPS.</summary>
    public abstract LocalBreakout Breakout { get; }

    public static readonly NodeKind SgwKind = NodeKind.Define("ServingGateway", addressedAs: NodeKind.Anchor);
    public static readonly NodeKind MmeKind = NodeKind.Define("MobilityManagementEntity", addressedAs: NodeKind.Anchor);
    public static readonly NodeKind DnsKind = NodeKind.Define("DomainNameServer", addressedAs: NodeKind.Anchor);
    public static readonly NodeKind LocalGatewayKind = NodeKind.Define("LocalGateway", addressedAs: NodeKind.Anchor);

    public override IReadOnlyDictionary<NodeKind, MobilityFunction> Placement => Breakout switch
    {
        LocalBreakout.Sipto => SiptoPlacement,
        LocalBreakout.Lipa => LipaPlacement,
        _ => EpsPlacement,
    };

    static readonly Dictionary<NodeKind, MobilityFunction> EpsPlacement = new()
    {
        [NodeKind.Anchor] = Anchoring | ForwardingData,
        [SgwKind] = LocationProxy | ForwardingData,
        [MmeKind] = LocationServer | ForwardingControl,
        [DnsKind] = None,
        [NodeKind.AccessRouter] = LocationClient | ForwardingData,
        [NodeKind.MobileNode] = None,
        [NodeKind.Correspondent] = None,
    };

    /// <summary>TS 23.401 §4.3.15.2: each SGW's node holds a PGW function too, the anchor of the SIPTO PDN connections it serves.</summary>
    static readonly Dictionary<NodeKind, MobilityFunction> SiptoPlacement = new(EpsPlacement) { [SgwKind] = Anchoring | LocationProxy | ForwardingData };

    /// <summary>TS 23.401 §4.3.16: the L-GW anchors the LIPA PDN connections of its HeNBs' UEs.</summary>
    static readonly Dictionary<NodeKind, MobilityFunction> LipaPlacement = new(EpsPlacement) { [LocalGatewayKind] = Anchoring | ForwardingData };

    public override string RoleOf(NodeKind kind) =>
        kind == NodeKind.Anchor ? "PGW" : kind == SgwKind ? (Breakout == LocalBreakout.Sipto ? "SPGW" : "SGW") : kind == MmeKind ? "MME"
        : kind == DnsKind ? "DNS" : kind == LocalGatewayKind ? "L-GW"
        : kind == NodeKind.AccessRouter ? (Breakout == LocalBreakout.Lipa ? "HeNB" : "eNB") : kind == NodeKind.MobileNode ? "UE" : base.RoleOf(kind);

    /// <summary>
    /// An EPS bearer has no lifetime (TS 23.401 §4.7.2): it lives until it is deleted. Its entry is
    /// granted a century, whatever bindings.max-lifetime says, and is never refreshed; requests are
    /// ordered as they arrive, which the gateways give as the timestamp (PdnGateway.Request).
    /// </summary>
    public override Bindings.BindingRules BindingRules(ModelTime maxLifetime) => base.BindingRules(BearerLifetime);

    public static readonly ModelTime BearerLifetime = ModelTime.FromSeconds(100L * 365 * 24 * 3600);

    public override PracticeSettings? ReadSettings(ScenarioKeys keys, Scenario core) => EpcSettings.Read(keys, core.AccessRouters, Breakout);

    /// <summary>The SGWs, then the MME, then the DNS, then under LIPA the L-GWs, numbered after the PGWs.</summary>
    public override int AdditionalAnchors(PracticeSettings? settings) => EpcLayout.AddedNodes((EpcSettings)settings!);

    public override NodeKind AdditionalAnchorKind => SgwKind;

    /// <summary>The L-GWs, one to a group of HeNBs, are spread over the grid apart from the core network's nodes, which stand as under plain EPS.</summary>
    public override IReadOnlyList<int> AdditionalAnchorGroups(PracticeSettings? settings)
    {
        var epc = (EpcSettings)settings!;
        var core = epc.Sgws + 2;
        return EpcLayout.AddedNodes(epc) is var all && all > core ? [core, all - core] : [all];
    }

    public override NodeKind AdditionalAnchorKindAt(int additional, PracticeSettings? settings)
    {
        var sgws = ((EpcSettings)settings!).Sgws;
        return additional < sgws ? SgwKind : additional == sgws ? MmeKind : additional == sgws + 1 ? DnsKind : LocalGatewayKind;
    }

    /// <summary>TS 36.413 §9.2.1.37: a macro eNB's identity is 20 bits; TS 24.301 §9.9.3.32: TACs 0x0000 and 0xFFFE are reserved.</summary>
    public override void Validate(Scenario scenario, string source)
    {
        const int MaxEnbs = (1 << 20) - 2, MaxTrackingAreas = 0xFFFD;
        var side = EpcSettings.Of(scenario).TrackingAreaSide;
        var (width, height) = GridLayout.Shape(scenario.AccessRouters);
        var areas = (long)((width + side - 1) / side) * ((height + side - 1) / side);
        if (scenario.AccessRouters > MaxEnbs)
            throw new InputError($"{source}: {ScenarioKeys.Root}.topology.access-routers = {scenario.AccessRouters:N0} is more eNBs than a 20-bit eNB ID numbers ({MaxEnbs:N0}) under practice {Name}");
        if (Breakout == LocalBreakout.Lipa && EpcSettings.Of(scenario).LocalGateways > scenario.AccessRouters)
            throw new InputError($"{source}: {ScenarioKeys.Root}.epc.local-gateways = {EpcSettings.Of(scenario).LocalGateways} is more L-GWs than HeNBs " +
                                 $"({scenario.AccessRouters:N0}) under practice {Name}: each L-GW is collocated with one");
        if (areas > MaxTrackingAreas)
            throw new InputError($"{source}: {ScenarioKeys.Root}.epc.tracking-area-side = {side} makes {areas:N0} tracking areas of {scenario.AccessRouters:N0} eNBs, " +
                                 $"more than a 16-bit TAC numbers ({MaxTrackingAreas:N0}); raise it");
    }

    static EpcLayout LayoutOf(RunContext run) => new(run.Topology, EpcSettings.Of(run.Scenario), run.Scenario.Seed);

    /// <summary>Where some eNBs have no X2 interface, the UE's measurement report reaches its eNB before it leaves, so an S1 handover can be prepared.</summary>
    public override MobileNodeParts Compose(IMobileNodeHost node) =>
        EpcSettings.Of(node.Run.Scenario) is { X2Share: < 1 } settings ? base.Compose(node) with { LinkLayerReportLead = settings.MeasurementLead } : base.Compose(node);

    public override INetworkLocationClient? AccessRouterLocationClient(RunContext run, int router, Action<TimeSpan, object>? scheduleToSelf) =>
        new EnodeB(run, router, LayoutOf(run));

    public override IEnumerable<IAnchorComponent> AnchorComponents(IAnchorHost anchor)
    {
        var settings = EpcSettings.Of(anchor.Run.Scenario);
        var layout = LayoutOf(anchor.Run);
        if (layout.IsSgw(anchor.Index)) return [new ServingGateway(anchor, layout, settings)];
        if (anchor.Index == layout.Mme) return [new MobilityManagementEntity(anchor, layout)];
        if (anchor.Index == layout.Dns) return [new DnsServer(anchor, layout, settings)];
        if (layout.IsLocalGateway(anchor.Index)) return [new PdnGateway(anchor, capacity: 0, direct: true)];
        return [new PdnGateway(anchor, settings.PgwSessions, direct: false)];
    }

    /// <summary>The MME picks the PGW by DNS (the nearest to the attach's tracking area), not from a policy profile.</summary>
    public override bool PolicyNamesTheAnchor => false;

    static readonly IReadOnlySet<SignalType> AllSignalling = new HashSet<SignalType>
    {
        SignalType.RouterSolicitation, SignalType.RouterAdvertisement, SignalType.NeighborSolicitation, SignalType.S1ap,
        SignalType.CreateSessionRequest, SignalType.CreateSessionResponse, SignalType.ModifyBearerRequest, SignalType.ModifyBearerResponse,
        SignalType.DeleteSessionRequest, SignalType.DeleteSessionResponse, SignalType.GatewayQuery, SignalType.GatewayAnswer,
    };

    public override IReadOnlySet<SignalType> Signals => AllSignalling;

    /// <summary>
    /// The MME journals no UE contexts: a resumed run puts each back from the SGW's and PGW's journalled
    /// contexts, through the UE's eNB, as it puts a MAG's binding update list back from its LMA's.
    /// </summary>
    public override bool RestoresCutShortNodesAtTheirRouter => true;

    public override string? ResumeRefusal => Breakout == LocalBreakout.Lipa
        ? "the SGW does not journal which L-GW holds a UE's LIPA connection (TS 23.401 §5.7.3's PDN context), so a resumed run could not move or release it"
        : null;

    /// <summary>
    /// The UE's prefix at its PGW and its bearers' downlink at its SGW (which under SIPTO is the
    /// SIPTO PDN connection's context as well), and under LIPA its LIPA prefix at the L-GW.
    /// </summary>
    public override bool BoundAsExpected(int activeBindings, PracticeSettings? settings) =>
        activeBindings == (Breakout == LocalBreakout.Lipa ? 3 : 2);

    public override bool EndsAtLastProcedureAnchor(PracticeSettings? settings) => false;
}
