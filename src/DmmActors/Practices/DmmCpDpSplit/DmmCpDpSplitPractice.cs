using DmmActors.Addressing;
using DmmActors.Configuration;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;
using DmmActors.Scenarios;
using static DmmActors.Functions.MobilityFunction;

namespace DmmActors.Practices.DmmCpDpSplit;

/// <summary>
/// The forwarding management function split into a control plane and a data plane (draft §3,
/// FM-CP and FM-DP; RFC 7333 REQ1), in RFC 8885's partially distributed scheme: the data plane is
/// distributed over the access routers (MAARs), each the anchor of the prefixes it gives, and the
/// control plane is a central mobility database (CMD) that holds every binding, programs the
/// anchoring MAARs' tunnels, and carries no data.
/// </summary>
public sealed class DmmCpDpSplitPractice : NetworkBasedPractice
{
    public override string Name => "dmm-cp-dp-split";
    public override string Title => "Control/data-plane split: a central mobility database programs distributed anchors at the access routers";
    public override string Reference => "RFC 8885 §3, §4; RFC 7333 REQ1; draft §3 (FM-CP, FM-DP)";
    public override int CatalogueOrder => 45;

    /// <summary>RFC 8885's CMD: the location server and FM-CP, a node of its own at the centre, numbered as an anchor after the MAARs' anchoring functions.</summary>
    public static readonly NodeKind CmdKind = NodeKind.Define("CentralMobilityDatabase", addressedAs: NodeKind.Anchor);

    public override IReadOnlyDictionary<NodeKind, MobilityFunction> Placement { get; } = new Dictionary<NodeKind, MobilityFunction>
    {
        [NodeKind.Anchor] = Anchoring | ForwardingData,
        [CmdKind] = LocationServer | ForwardingControl,
        [NodeKind.AccessRouter] = Anchoring | LocationClient | ForwardingData,
        [NodeKind.MobileNode] = None,
        [NodeKind.Correspondent] = None,
    };

    /// <summary>The anchors are the MAARs' data planes (RFC 8885's Home-DPA); the access routers MAARs.</summary>
    public override string RoleOf(NodeKind kind) =>
        kind == CmdKind ? "CMD" : kind == NodeKind.Anchor ? "DPA" : kind == NodeKind.AccessRouter ? "MAAR" : base.RoleOf(kind);

    /// <summary>Every access router anchors the prefixes it gives (RFC 8885 §3).</summary>
    public override int AnchorCount(int requested, int accessRouters, PracticeSettings? settings) => accessRouters;

    public override bool AnchorsAtAccessRouters(PracticeSettings? settings) => true;

    /// <summary>One CMD, at the centre of the grid.</summary>
    public override int AdditionalAnchors(PracticeSettings? settings) => 1;

    public override NodeKind AdditionalAnchorKind => CmdKind;

    public override PracticeSettings? ReadSettings(ScenarioKeys keys, Scenario core) => CpDpSplitSettings.Read(keys);

    /// <summary>
    /// A MAAR sends no refresh for a stay when the node leaves (SplitMaar.Detach): the node's next
    /// registration renews its bindings. A stay must therefore end well within the refresh interval:
    /// with exponential dwells, 20 mean dwells leave about one stay in 500 million longer.
    /// </summary>
    public override void Validate(Scenario scenario, string source)
    {
        var interval = new Bindings.RefreshSchedule(scenario.BindingLifetime, scenario.RefreshRatio).Interval;
        if (interval < scenario.Dwell * 20)
            throw new InputError($"{source}: practice {Name} renews a node's bindings at its moves, so {ScenarioKeys.Root}.bindings.lifetime × " +
                                 $"{ScenarioKeys.Root}.bindings.refresh-ratio ({interval.Seconds:0.###}s) must be at least 20 mean dwells " +
                                 $"({ScenarioKeys.Root}.mobility.dwell = {scenario.Dwell.Seconds:0.###}s)");
    }

    /// <summary>`dmm compare` runs the CMD as a proxy (§3.4) beside the relay (§3.2).</summary>
    public override IReadOnlyList<CompareVariant> CompareVariants =>
        [new($"{Name}/proxy", [$"{CpDpSplitSettings.ModeKey} = proxy"], WithMulticastOnly: false)];

    /// <summary>A MAAR neither backs off from a 130 nor gets one: neither the CMD nor an anchoring function sheds load.</summary>
    public override bool ClientsBackOff => false;

    public override INetworkLocationClient? AccessRouterLocationClient(RunContext run, int router, Action<TimeSpan, object>? scheduleToSelf) =>
        new SplitMaar(run, router);

    public override IConnectionManager ConnectionManager => KeptPrefixConnectionManager.Instance;

    public override IEnumerable<IAnchorComponent> AnchorComponents(IAnchorHost anchor) =>
        anchor.Run.Topology.IsRegionalAnchor(anchor.Index)
            ? [new CentralMobilityDatabase(anchor)]
            : [new LocalPrefixAllocation(anchor), new ForwardingRuleProgramming(anchor)];

    /// <summary>Each anchoring function serves the prefixes of its pool, and the CMD every node: no policy profile names an anchor.</summary>
    public override bool PolicyNamesTheAnchor => false;

    /// <summary>PMIPv6's messages, and the node's word on the prefixes it keeps after a move.</summary>
    static readonly IReadOnlySet<SignalType> AllSignalling = new HashSet<SignalType>(ProxySignalling) { SignalType.PrefixesInUse };

    public override IReadOnlySet<SignalType> Signals => AllSignalling;

    /// <summary>Each prefix a node keeps has a BCE at the CMD and a route at the anchoring function: two bindings at least.</summary>
    public override bool BoundAsExpected(int activeBindings, PracticeSettings? settings) => activeBindings >= 2;

    public override bool EndsAtLastProcedureAnchor(PracticeSettings? settings) => false;
}
