using DmmActors.Addressing;
using DmmActors.Configuration;
using DmmActors.Functions;
using DmmActors.Protocol;
using DmmActors.Scenarios;

namespace DmmActors.Practices.Fmipv6;

/// <summary>
/// Fast handovers for Mobile IPv6 (RFC 5568; draft §4.2.1): mipv6-bt's home registration, with
/// the access routers tunnelling and buffering a moving node's packets, from the previous router
/// to the new one, so that what the break-before-make handover would lose arrives late instead.
/// Predictive (prepared from the old link) or reactive (from the new one), by fast-handover.mode.
/// </summary>
public sealed class Fmipv6Practice : HostBasedPractice
{
    public override string Name => "fmipv6";
    public override string Title => "Mobile IPv6 with fast handovers, PAR-NAR tunnel and buffering";
    public override string Reference => "RFC 5568 §3–§6; RFC 4066 (CARD); RFC 6275; draft §4.2.1";
    public override int CatalogueOrder => 34;

    /// <summary>The access routers take a forwarding part: the PAR's tunnel to the NAR and both ends' buffers (RFC 5568 §5.1, §5.4).</summary>
    public override IReadOnlyDictionary<NodeKind, MobilityFunction> Placement { get; } = new Dictionary<NodeKind, MobilityFunction>
    {
        [NodeKind.Anchor] = MobilityFunction.Anchoring | MobilityFunction.LocationServer | MobilityFunction.Forwarding,
        [NodeKind.AccessRouter] = MobilityFunction.ForwardingData,
        [NodeKind.MobileNode] = MobilityFunction.LocationClient | MobilityFunction.Forwarding,
        [NodeKind.Correspondent] = MobilityFunction.None,
    };

    public override PracticeSettings? ReadSettings(ScenarioKeys keys, Scenario core) => FastHandoverSettings.Read(keys);

    /// <summary>`dmm compare` runs the reactive mode beside the scenario's (predictive by default), so the table shows both.</summary>
    public override IReadOnlyList<CompareVariant> CompareVariants =>
        [new("fmipv6/reactive", [$"{FastHandoverSettings.ModeKey} = reactive"], WithMulticastOnly: false)];

    public override IReadOnlySet<SignalType> Signals { get; } = HostSignallingAnd(
        SignalType.RouterSolicitationForProxyAdvertisement, SignalType.ProxyRouterAdvertisement, SignalType.FastBindingUpdate,
        SignalType.FastBindingAcknowledgement, SignalType.HandoverInitiate, SignalType.HandoverAcknowledge, SignalType.UnsolicitedNeighborAdvertisement);

    public override MobileNodeParts Compose(IMobileNodeHost node) =>
        new(new FastHandoverClient(node, FastHandoverSettings.Of(node.Run.Scenario)), ConnectionManager);

    public override IEnumerable<IAccessRouterComponent> AccessRouterComponents(IAccessRouterHost router, INetworkLocationClient? client)
    {
        var settings = FastHandoverSettings.Of(router.Run.Scenario);
        var forwarding = new HandoverForwarding(router, settings.BufferPackets);
        return [forwarding, new FastHandoverRouter(router, settings, forwarding)];
    }
}
