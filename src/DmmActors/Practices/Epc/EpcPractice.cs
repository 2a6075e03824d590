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
/// GTPv2-C (TS 29.274); the user plane is GTP-U (TS 29.281) on S5/S8 and S1-U.
/// </summary>
public sealed class EpcPractice : NetworkBasedPractice
{
    public override string Name => "epc";
    public override string Title => "3GPP EPS: PGW as the central IP anchor, SGWs as local anchors, an MME selecting them by DNS, GTP";
    public override string Reference => "TS 23.401 §5.3.2.1, §5.5.1.1; TS 29.274; TS 29.281; TS 29.303; draft §4.3";
    public override int CatalogueOrder => 80;

    public static readonly NodeKind SgwKind = NodeKind.Define("ServingGateway", addressedAs: NodeKind.Anchor);
    public static readonly NodeKind MmeKind = NodeKind.Define("MobilityManagementEntity", addressedAs: NodeKind.Anchor);
    public static readonly NodeKind DnsKind = NodeKind.Define("DomainNameServer", addressedAs: NodeKind.Anchor);

    public override IReadOnlyDictionary<NodeKind, MobilityFunction> Placement { get; } = new Dictionary<NodeKind, MobilityFunction>
    {
        [NodeKind.Anchor] = Anchoring | ForwardingData,
        [SgwKind] = LocationProxy | ForwardingData,
        [MmeKind] = LocationServer | ForwardingControl,
        [DnsKind] = None,
        [NodeKind.AccessRouter] = LocationClient | ForwardingData,
        [NodeKind.MobileNode] = None,
        [NodeKind.Correspondent] = None,
    };

    public override string RoleOf(NodeKind kind) =>
        kind == NodeKind.Anchor ? "PGW" : kind == SgwKind ? "SGW" : kind == MmeKind ? "MME" : kind == DnsKind ? "DNS"
        : kind == NodeKind.AccessRouter ? "eNB" : kind == NodeKind.MobileNode ? "UE" : base.RoleOf(kind);

    /// <summary>
    /// An EPS bearer has no lifetime (TS 23.401 §4.7.2): it lives until it is deleted. Its entry is
    /// granted a century, whatever bindings.max-lifetime says, and is never refreshed; requests are
    /// ordered as they arrive, which the gateways give as the timestamp (PdnGateway.Request).
    /// </summary>
    public override Bindings.BindingRules BindingRules(ModelTime maxLifetime) => base.BindingRules(BearerLifetime);

    public static readonly ModelTime BearerLifetime = ModelTime.FromSeconds(100L * 365 * 24 * 3600);

    public override PracticeSettings? ReadSettings(ScenarioKeys keys, Scenario core) => EpcSettings.Read(keys, core.AccessRouters);

    /// <summary>The SGWs, then the MME, then the DNS, numbered after the PGWs.</summary>
    public override int AdditionalAnchors(PracticeSettings? settings) => EpcLayout.AddedNodes((EpcSettings)settings!);

    public override NodeKind AdditionalAnchorKind => SgwKind;

    public override NodeKind AdditionalAnchorKindAt(int additional, PracticeSettings? settings)
    {
        var sgws = ((EpcSettings)settings!).Sgws;
        return additional < sgws ? SgwKind : additional == sgws ? MmeKind : DnsKind;
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
        if (areas > MaxTrackingAreas)
            throw new InputError($"{source}: {ScenarioKeys.Root}.epc.tracking-area-side = {side} makes {areas:N0} tracking areas of {scenario.AccessRouters:N0} eNBs, " +
                                 $"more than a 16-bit TAC numbers ({MaxTrackingAreas:N0}); raise it");
    }

    static EpcLayout LayoutOf(RunContext run) => new(run.Topology, EpcSettings.Of(run.Scenario));

    public override INetworkLocationClient? AccessRouterLocationClient(RunContext run, int router, Action<TimeSpan, object>? scheduleToSelf) =>
        new EnodeB(run, router, LayoutOf(run));

    public override IEnumerable<IAnchorComponent> AnchorComponents(IAnchorHost anchor)
    {
        var settings = EpcSettings.Of(anchor.Run.Scenario);
        var layout = LayoutOf(anchor.Run);
        if (layout.IsSgw(anchor.Index)) return [new ServingGateway(anchor, layout, settings)];
        if (anchor.Index == layout.Mme) return [new MobilityManagementEntity(anchor, layout)];
        if (anchor.Index == layout.Dns) return [new DnsServer(anchor, layout, settings)];
        return [new PdnGateway(anchor, settings)];
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

    public override string? ResumeRefusal => "the MME's UE contexts are not journalled (TS 23.401 §5.7.2), so a resumed run could not move a bearer";

    /// <summary>Two: the UE's prefix at its PGW, and its bearer's downlink at its SGW.</summary>
    public override bool BoundAsExpected(int activeBindings, PracticeSettings? settings) => activeBindings == 2;

    public override bool EndsAtLastProcedureAnchor(PracticeSettings? settings) => false;
}
