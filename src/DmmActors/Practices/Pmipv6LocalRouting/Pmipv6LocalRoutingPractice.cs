using DmmActors.Configuration;
using DmmActors.Functions;
using DmmActors.Protocol;
using DmmActors.Scenarios;

namespace DmmActors.Practices.Pmipv6LocalRouting;

/// <summary>
/// PMIPv6 with localized routing (RFC 6705; draft §4.2.2): pmipv6-multi-lma's MAGs and LMAs, and
/// packets between two mobile nodes kept off the LMA where they can be: on their one MAG (A11, the
/// LMA initiates; A12, two LMAs, the MAG initiates) or through a tunnel between their two MAGs
/// (A21, the LMA initiates). Two MAGs and two LMAs (A22) is no case of the RFC's and goes by way of the LMAs.
/// </summary>
public sealed class Pmipv6LocalRoutingPractice : NetworkBasedPractice
{
    public override string Name => "pmipv6-local-routing";
    public override string Title => "Proxy Mobile IPv6 with localized routing between mobile nodes";
    public override string Reference => "RFC 6705 §3–§7, §10, §11; RFC 5213; draft §4.2.2";
    public override int CatalogueOrder => 23;

    public override PracticeSettings? ReadSettings(ScenarioKeys keys, Scenario core) => LocalRoutingSettings.Read(keys);

    public override IEnumerable<IAnchorComponent> AnchorComponents(IAnchorHost anchor) =>
        [new LocalRoutingAnchor(anchor, LocalRoutingSettings.Of(anchor.Run.Scenario))];

    public override IEnumerable<IAccessRouterComponent> AccessRouterComponents(IAccessRouterHost router, INetworkLocationClient? client) =>
        [new LocalRoutingMag(router, LocalRoutingSettings.Of(router.Run.Scenario))];

    public override IReadOnlySet<SignalType> Signals { get; } = new HashSet<SignalType>(
        ProxySignalling.Append(SignalType.LocalizedRoutingInitiation).Append(SignalType.LocalizedRoutingAcknowledgement));
}
