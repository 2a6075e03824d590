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
    /// <summary>Every anchor of the run: the practice's own, then its mobility anchor points, if it has any.</summary>
    public int Anchors => Practice.AnchorCount(RequestedAnchors, AccessRouters) + MobilityAnchorPoints.Count;

    /// <summary>The anchors the practice deploys for the topology.anchors asked for, MAPs aside.</summary>
    public int PracticeAnchors => Anchors - MobilityAnchorPoints.Count;

    /// <summary>The anchors for a console line: "8 anchors", or "4 anchors and 16 MAPs".</summary>
    public string DescribeAnchors() => MobilityAnchorPoints.Count == 0
        ? $"{Anchors} anchors"
        : $"{PracticeAnchors} anchors and {MobilityAnchorPoints.Count} MAPs";

    /// <summary>HMIPv6's regional anchors (RFC 5380); <see cref="MapSettings.None"/> for the other practices.</summary>
    public MapSettings MobilityAnchorPoints { get; init; } = MapSettings.None;

    public TrafficSettings Traffic { get; init; } = TrafficSettings.LongLived;
    public RelocationSettings Relocation { get; init; } = RelocationSettings.Off;
    public SecuritySettings Security { get; init; } = SecuritySettings.On;
    public MulticastSettings Multicast { get; init; } = MulticastSettings.Off;
    public OverloadSettings Overload { get; init; } = OverloadSettings.Default;
    public Attacks.AttackSettings Attacks { get; init; } = DmmActors.Attacks.AttackSettings.None;

    /// <summary>The scenario as HOCON with every default filled in.</summary>
    public string ResolvedText { get; init; } = "";
}
