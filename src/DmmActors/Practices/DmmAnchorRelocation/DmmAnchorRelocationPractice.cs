using DmmActors.Addressing;
using DmmActors.Configuration;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;
using DmmActors.Scenarios;
using static DmmActors.Functions.MobilityFunction;

namespace DmmActors.Practices.DmmAnchorRelocation;

/// <summary>
/// Distributed anchoring at the access routers with anchor relocation and context transfer
/// (RFC 8818 §3.1, §3.2; RFC 8885 §3; draft §5.1, §5.2): each access router anchors the
/// prefixes of the nodes that attach to it; earlier prefixes stay, deprecated, only while a
/// session that needs address continuity uses them.
/// </summary>
public sealed class DmmAnchorRelocationPractice : NetworkBasedPractice
{
    public override string Name => "dmm-anchor-relocation";
    public override string Title => "Distributed anchors at the access routers, per-session continuity, anchor relocation";
    public override string Reference => "RFC 8818 §3; RFC 8885 §3; RFC 8653; RFC 5949; RFC 4067; draft §5.1, §5.2";
    public override int CatalogueOrder => 40;
    public override IReadOnlyDictionary<NodeKind, MobilityFunction> Placement { get; } = new Dictionary<NodeKind, MobilityFunction>
    {
        [NodeKind.Anchor] = Anchoring | LocationServer | Forwarding,
        [NodeKind.AccessRouter] = Anchoring | LocationClient | Forwarding,
        [NodeKind.MobileNode] = None,
        [NodeKind.Correspondent] = None,
    };

    /// <summary>The access router anchors too (RFC 8885 §3), so it is a MAAR rather than a MAG.</summary>
    public override string RoleOf(NodeKind kind) =>
        kind == NodeKind.Anchor ? "DMM-anchor" : kind == NodeKind.AccessRouter ? "MAAR" : base.RoleOf(kind);

    /// <summary>Every access router hosts an anchor (RFC 8885 §3): a node's new prefix comes from the router it is on (RFC 8818 §3.1).</summary>
    public override int AnchorCount(int requested, int accessRouters, PracticeSettings? settings) => accessRouters;

    public override bool AnchorsAtAccessRouters(PracticeSettings? settings) => true;

    public override PracticeSettings? ReadSettings(ScenarioKeys keys, Scenario core) => RelocationSettings.Read(keys);

    public override void Validate(Scenario scenario, string source)
    {
        var settings = RelocationSettings.Of(scenario);
        if (settings.Trigger == RelocationTrigger.Load && settings.Unlimited)
            throw new InputError($"{source}: {ScenarioKeys.Root}.relocation.trigger = load needs {ScenarioKeys.Root}.relocation.capacity > 0");
    }

    public override void RefuseUnderAnotherPractice(Scenario scenario, ScenarioKeys keys, string source)
    {
        var trigger = RelocationSettings.Read(keys).Trigger;
        if (trigger != RelocationTrigger.None)
            throw new InputError($"{source}: {ScenarioKeys.Root}.relocation.trigger = {trigger.ToString().ToLowerInvariant()} " +
                                 $"needs practice {Name} (practice {scenario.PracticeName} has no context transfer between anchors)");
    }

    public override IReadOnlyList<string> KeysOffUnderAnotherPractice => ["relocation.trigger = none"];

    /// <summary>RFC 7411's multicast context is this practice's alone: compared with and without it.</summary>
    public override IReadOnlyList<CompareVariant> CompareVariants =>
        [new($"{Name}/no-rfc7411", ["relocation.multicast-context = off"], WithMulticastOnly: true)];


    public override INetworkLocationClient? AccessRouterLocationClient(RunContext run, int router, Action<TimeSpan, object>? scheduleToSelf) =>
        new MaarLocationClient(run, router, scheduleToSelf);

    /// <summary>The MAAR forwards, as the previous router, what still reaches it for a node that left (RFC 5949 §4.2, reactive).</summary>
    public override IEnumerable<IAccessRouterComponent> AccessRouterComponents(IAccessRouterHost router, INetworkLocationClient? client) =>
        client is MaarLocationClient maar ? [maar.Forwarding] : [];

    public override IConnectionManager ConnectionManager => SessionSharingConnectionManager.Instance;

    public override IEnumerable<IAnchorComponent> AnchorComponents(IAnchorHost anchor) => [new RelocatingAnchor(anchor)];

    /// <summary>A node has one anchor per prefix (draft §5.1); each anchor's binding cache says which prefixes it serves.</summary>
    public override bool PolicyNamesTheAnchor => false;

    /// <summary>PMIPv6's, with the routers' context fetch (RFC 5949) and the anchors' context transfer and relocation.</summary>
    static readonly IReadOnlySet<SignalType> AllSignalling = new HashSet<SignalType>(ProxySignalling)
    {
        SignalType.HandoverInitiate, SignalType.HandoverAcknowledge,
        SignalType.ContextTransferData, SignalType.ContextTransferDataReply, SignalType.AnchorRelocated, SignalType.PrefixRoute, SignalType.AnchorAdvertisement, SignalType.PrefixRelease, SignalType.PrefixesInUse,
    };

    public override IReadOnlySet<SignalType> Signals => AllSignalling;

    public override string? ResumeRefusal => "its journal does not yet record a node's sessions and kept prefixes";

    /// <summary>One binding per prefix the node keeps: at least one, that of the router it is on (RFC 8818 §3.1).</summary>
    public override bool BoundAsExpected(int activeBindings, PracticeSettings? settings) => activeBindings >= 1;

    public override bool EndsAtLastProcedureAnchor(PracticeSettings? settings) => false;
}
