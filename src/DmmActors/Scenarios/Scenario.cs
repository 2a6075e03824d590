using DmmActors.Addressing;
using DmmActors.Practices;

namespace DmmActors.Scenarios;

public sealed record Scenario(
    string Name,
    ulong Seed,
    Practice Practice,
    int MobileNodes,
    string Layout,
    int AccessRouters,
    int RequestedAnchors,
    int Correspondents,
    ModelTime HopDelay,
    ModelTime AnchorLinkDelay,
    ModelTime CorrespondentLinkDelay,
    ModelTime RadioDelay,
    string MobilityModel,
    int HandoversPerNode,
    ModelTime Dwell,
    ModelTime L2HandoverDelay,
    int SessionsPerNode,
    ModelTime BindingLifetime,
    ModelTime MaxBindingLifetime,
    double RefreshRatio,
    ModelTime ProcessingDelay,
    int MaxInFlight)
{
    /// <summary>Every anchor of the run: those a node's prefix comes from, then any the practice adds (HMIPv6's MAPs).</summary>
    public int Anchors => PracticeAnchors + AdditionalAnchors;

    /// <summary>The anchors the practice deploys for the topology.anchors asked for, those it adds aside.</summary>
    public int PracticeAnchors => Practice.AnchorCount(RequestedAnchors, AccessRouters);

    /// <summary>Anchors the practice adds after its own, numbered after them (HMIPv6's MAPs, RFC 5380).</summary>
    public int AdditionalAnchors => Practice.AdditionalAnchors(PracticeSettings);

    /// <summary>The anchors for a console line: "8 anchors", or "4 anchors and 16 MAPs".</summary>
    public string DescribeAnchors() => AdditionalAnchors == 0
        ? $"{Anchors} anchors"
        : $"{PracticeAnchors} anchors and {AdditionalAnchors} {Practice.RoleOf(Addressing.NodeKind.MobilityAnchorPoint)}s";

    /// <summary>What the practice read from its own keys (Practice.ReadSettings); null where it has none.</summary>
    public PracticeSettings? PracticeSettings { get; init; }

    public TrafficSettings Traffic { get; init; } = TrafficSettings.LongLived;
    public SecuritySettings Security { get; init; } = SecuritySettings.On;
    public MulticastSettings Multicast { get; init; } = MulticastSettings.Off;
    public OverloadSettings Overload { get; init; } = OverloadSettings.Default;
    public Attacks.AttackSettings Attacks { get; init; } = DmmActors.Attacks.AttackSettings.None;

    /// <summary>The scenario as HOCON with every default filled in.</summary>
    public string ResolvedText { get; init; } = "";
}
