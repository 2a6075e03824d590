namespace DmmActors.Topology;

/// <summary>
/// Where a run's anchors stand (draft §3, §4): first the <paramref name="Anchors"/> a node's
/// prefix comes from, each a node of its own linked to a grid router, or where
/// <paramref name="OnAccessRouters"/> the anchoring function of access router i (RFC 8885 §3);
/// then <paramref name="Regional"/> regional anchors, numbered after them, each a node of its own
/// (RFC 5380's MAPs).
/// </summary>
public sealed record AnchorPlacement(int Anchors, bool OnAccessRouters = false, int Regional = 0)
{
    /// <summary>The regional anchors in groups, in their order, each spread over the grid on its own: one group of all by default.</summary>
    public IReadOnlyList<int> RegionalGroups { get; init; } = [Regional];
}
