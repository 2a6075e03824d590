using DmmActors.Configuration;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;
using DmmActors.Scenarios;

namespace DmmActors.Practices.Pmipv6RuntimeLma;

/// <summary>
/// PMIPv6 with several LMAs, each node's assigned at runtime (RFC 6463; draft §4.2.2): the MAG
/// finds a first LMA (RFC 6097, configured or looked up), which assigns the node to the LMA with
/// the least load or the nearest (anchors.assignment) and redirects the MAG there. A later
/// attachment is assigned afresh only where no session of the node needs its prefix.
/// </summary>
public sealed class Pmipv6RuntimeLmaPractice : NetworkBasedPractice
{
    public override string Name => "pmipv6-runtime-lma";
    public override string Title => "Proxy Mobile IPv6, LMA assigned at runtime by redirect";
    public override string Reference => "RFC 6463 §4, §5.2, §5.3.2; RFC 6097; RFC 5213; draft §4.2.2";
    public override int CatalogueOrder => 24;

    public override PracticeSettings? ReadSettings(ScenarioKeys keys, Scenario core) => RuntimeLmaSettings.Read(keys);

    /// <summary>`dmm compare` runs assignment by distance beside the scenario's (by load by default).</summary>
    public override IReadOnlyList<CompareVariant> CompareVariants =>
        [new($"{Name}/distance", [$"{RuntimeLmaSettings.AssignmentKey} = distance"], WithMulticastOnly: false)];

    /// <summary>Any LMA of the domain serves the node it is assigned (RFC 6463 §3: the LMAs' prior agreement).</summary>
    public override bool PolicyNamesTheAnchor => false;

    public override IConnectionManager ConnectionManager => KeptPrefixConnectionManager.Instance;

    public override INetworkLocationClient? AccessRouterLocationClient(RunContext run, int router, Action<TimeSpan, object>? scheduleToSelf) =>
        new ProxyLocationClient(run, router, scheduleToSelf) { Selection = new LmaDiscovery(run, router, RuntimeLmaSettings.Of(run.Scenario)) };

    public override IEnumerable<IAnchorComponent> AnchorComponents(IAnchorHost anchor) => [new RuntimeAssignment(anchor, RuntimeLmaSettings.Of(anchor.Run.Scenario))];

    public override IReadOnlySet<SignalType> Signals { get; } = new HashSet<SignalType>(ProxySignalling.Append(SignalType.PrefixesInUse));
}
