using DmmActors.Addressing;
using DmmActors.Configuration;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Scenarios;
using DmmActors.Topology;
using static DmmActors.Functions.MobilityFunction;

namespace DmmActors.Practices.Hmipv6;

/// <summary>
/// Hierarchical MIPv6 (RFC 5380; draft §4.2.1): MIPv6 home agents as in mipv6-bt, and
/// mobility anchor points as regional anchors between them and the nodes. A node registers
/// each move with its MAP (a local BU), and its home agent only when its MAP changes.
/// </summary>
public sealed class Hmipv6Practice : HostBasedPractice
{
    public override string Name => "hmipv6";
    public override string Title => "Hierarchical Mobile IPv6, MAPs as regional anchors under several HAs";
    public override string Reference => "RFC 5380 §3, §6, §9; RFC 6275; draft §4.2.1";
    public override int CatalogueOrder => 50;

    /// <summary>
    /// A mobility anchor point (RFC 5380 §1): a regional anchor that binds a node's regional
    /// care-of address (RCoA) to the on-link one (LCoA), so that moves within its domain need no
    /// home registration. It is an anchor on the network, numbered and journalled as one.
    /// </summary>
    public static readonly NodeKind MapKind = NodeKind.Define("MobilityAnchorPoint", addressedAs: NodeKind.Anchor);

    public override IReadOnlyDictionary<NodeKind, MobilityFunction> Placement { get; } = new Dictionary<NodeKind, MobilityFunction>
    {
        [NodeKind.Anchor] = Anchoring | LocationServer | Forwarding,
        [MapKind] = Anchoring | LocationServer | Forwarding,
        [NodeKind.AccessRouter] = None,
        [NodeKind.MobileNode] = LocationClient | Forwarding,
        [NodeKind.Correspondent] = None,
    };

    public override PracticeSettings? ReadSettings(ScenarioKeys keys, Scenario core) => MapSettings.Read(keys, core.AccessRouters);

    /// <summary>The MAPs, numbered after the home agents.</summary>
    public override int AdditionalAnchors(PracticeSettings? settings) => ((MapSettings)settings!).Count;

    public override NodeKind AdditionalAnchorKind => MapKind;

    public override string RoleOf(NodeKind kind) => kind == MapKind ? "MAP" : base.RoleOf(kind);

    public override void Validate(Scenario scenario, string source)
    {
        var maps = MapSettings.Of(scenario);
        var topology = PracticeTopology.Of(scenario);
        if (Enumerable.Range(0, scenario.AccessRouters).FirstOrDefault(r => !MapDomain.Of(topology, r, maps.DomainRadius).Any(), -1) is var bare and >= 0)
            throw new InputError($"{source}: no MAP is within {ScenarioKeys.Root}.hmipv6.domain-radius = {maps.DomainRadius} hops of " +
                                 $"access router ar-{bare} with {ScenarioKeys.Root}.hmipv6.maps = {maps.Count}: its RAs would advertise none " +
                                 "(RFC 5380 §9.1); raise either");
    }

    public override IHostLocationClient? MobileNodeLocationClient(RunContext run, MnIdentifier mn, Action<TimeSpan, object>? scheduleToSelf) =>
        new HierarchicalLocationClient(run, mn, scheduleToSelf);

    /// <summary>The MAP options an access router puts in its RAs (RFC 5380 §5).</summary>
    public override IRouterAdvertisementOptions? RouterAdvertisementOptions(RunContext run, int router) => new MapAdvertisement(run, router);

    /// <summary>The tunnels of an HMIPv6 MAP, for the anchors that are MAPs (RFC 5380 §6.2).</summary>
    public override IEnumerable<IAnchorComponent> AnchorComponents(IAnchorHost anchor) =>
        anchor.Run.Topology.IsRegionalAnchor(anchor.Index) ? [new MapAnchor(anchor)] : [];

    /// <summary>Two: its home address at its home agent, its regional care-of address at its MAP (RFC 5380 §3).</summary>
    public override bool BoundAsExpected(int activeBindings, PracticeSettings? settings) => activeBindings == 2;

    public override bool EndsAtLastProcedureAnchor(PracticeSettings? settings) => false;
}
