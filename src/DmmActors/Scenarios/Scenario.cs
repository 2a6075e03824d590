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
    public int Anchors => Practice.AnchorCount(RequestedAnchors, AccessRouters);

    public TrafficSettings Traffic { get; init; } = TrafficSettings.LongLived;
    public RelocationSettings Relocation { get; init; } = RelocationSettings.Off;
    public MulticastSettings Multicast { get; init; } = MulticastSettings.Off;

    /// <summary>The scenario as HOCON with every default filled in.</summary>
    public string ResolvedText { get; init; } = "";
}
