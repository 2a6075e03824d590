using DmmActors.Addressing;

namespace DmmActors.Scenarios;

/// <summary>
/// A scenario as data: its practice by name (Practices.ScenarioPractice finds the practice and
/// what follows from it, such as how many anchors it deploys).
/// </summary>
public sealed record Scenario(
    string Name,
    ulong Seed,
    string PracticeName,
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
    ModelTime ServiceTime,
    int MaxInFlight)
{
    /// <summary>
    /// How many nodes the driver keeps moving at once: emulator.max-in-flight, or every node where
    /// sessions run between mobile nodes, as a node waits for its peers' model clocks and a peer
    /// held back would hold it too.
    /// </summary>
    public int NodesInFlight => Traffic.MnToMnShare > 0 ? MobileNodes : MaxInFlight;

    /// <summary>What the practice read from its own keys (its ReadSettings); null where it has none.</summary>
    public PracticeSettings? PracticeSettings { get; init; }

    public TrafficSettings Traffic { get; init; } = TrafficSettings.LongLived;
    public SecuritySettings Security { get; init; } = SecuritySettings.On;
    public MulticastSettings Multicast { get; init; } = MulticastSettings.Off;
    public OverloadSettings Overload { get; init; } = OverloadSettings.Default;
    public AttackSettings Attacks { get; init; } = AttackSettings.None;
    public NeighbourDiscoverySettings NeighbourDiscovery { get; init; } = NeighbourDiscoverySettings.Rfc;
    public AnchorAssignment AnchorAssignment { get; init; } = AnchorAssignment.FirstAttachment;
    public ProcessingSettings Processing { get; init; } = ProcessingSettings.NoQueues;

    /// <summary>The scenario as HOCON with every default filled in.</summary>
    public string ResolvedText { get; init; } = "";
}
