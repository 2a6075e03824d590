using DmmActors.Addressing;
using DmmActors.Configuration;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;
using DmmActors.Scenarios;

namespace DmmActors.Practices.Pfmipv6;

/// <summary>
/// Fast handovers for PMIPv6 (RFC 5949; draft §4.2.2): pmipv6-multi-lma's MAGs and LMAs, with the
/// previous MAG tunnelling to the new one what the LMA still sends it for a node that left, and
/// the new MAG buffering it until the node attaches. Predictive or reactive, by fast-handover.mode;
/// the node signals nothing, its link layer reports the move to the MAGs.
/// </summary>
public sealed class Pfmipv6Practice : NetworkBasedPractice
{
    public override string Name => "pfmipv6";
    public override string Title => "Proxy Mobile IPv6 with fast handovers, MAG-to-MAG tunnel and buffering";
    public override string Reference => "RFC 5949 §4–§6; RFC 5213; RFC 4066 (CARD); draft §4.2.2";
    public override int CatalogueOrder => 22;

    public override PracticeSettings? ReadSettings(ScenarioKeys keys, Scenario core) => FastHandoverSettings.Read(keys);

    /// <summary>`dmm compare` runs the reactive mode beside the scenario's (predictive by default).</summary>
    public override IReadOnlyList<CompareVariant> CompareVariants =>
        [new("pfmipv6/reactive", [$"{FastHandoverSettings.ModeKey} = reactive"], WithMulticastOnly: false)];

    public override IReadOnlySet<SignalType> Signals { get; } =
        new HashSet<SignalType>(ProxySignalling.Append(SignalType.HandoverInitiate).Append(SignalType.HandoverAcknowledge));

    /// <summary>The previous MAG keeps the binding for the next MAG's PBU to move (ProxyLocationClient.DeregistersOnDetach).</summary>
    public override INetworkLocationClient? AccessRouterLocationClient(RunContext run, int router, Action<TimeSpan, object>? scheduleToSelf) =>
        new ProxyLocationClient(run, router, scheduleToSelf) { DeregistersOnDetach = false };

    public override MobileNodeParts Compose(IMobileNodeHost node) =>
        new(null, ConnectionManager) { LinkLayerReportLead = FastHandoverSettings.Of(node.Run.Scenario).Anticipation };

    public override IEnumerable<IAccessRouterComponent> AccessRouterComponents(IAccessRouterHost router, INetworkLocationClient? client)
    {
        var settings = FastHandoverSettings.Of(router.Run.Scenario);
        var forwarding = new HandoverForwarding(router, settings.BufferPackets);
        return [forwarding, new FastHandoverMag(router, settings, forwarding)];
    }
}
