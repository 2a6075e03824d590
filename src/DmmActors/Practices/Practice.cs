using DmmActors.Functions;

namespace DmmActors.Practices;

/// <summary>Who signals location updates on the mobile node's behalf.</summary>
public enum Signalling
{
    /// <summary>The access router (MAG) registers for the node: PMIPv6, RFC 5213.</summary>
    NetworkBased,
    /// <summary>The mobile node registers itself with its home agent: MIPv6, RFC 6275.</summary>
    HostBased,
}

/// <summary>How many anchors a practice deploys and how a node gets one.</summary>
public enum AnchorSelection
{
    /// <summary>One anchor for every node, placed at the centre of the topology.</summary>
    Central,
    /// <summary>Several anchors; the one nearest the node's first access router, kept for the whole run.</summary>
    NearestAtFirstAttach,
    /// <summary>
    /// Every access router hosts an anchor (a mobility anchor and access router, RFC 8885 §3):
    /// a node's new prefix comes from the router it is on, so each move brings a new anchor
    /// (RFC 8818 §3.1).
    /// </summary>
    AtAccessRouter,
}

/// <summary>How many active bindings a node holds when nothing was lost.</summary>
public enum BindingsPerNode
{
    /// <summary>One, at the anchor that serves it (PMIPv6, MIPv6).</summary>
    One,
    /// <summary>One per prefix it keeps: at least one, that of the router it is on (RFC 8818 §3.1).</summary>
    OnePerPrefixKept,
    /// <summary>Two: its home address at its home agent, its regional care-of address at its MAP (RFC 5380 §3).</summary>
    OneAtHomeAgentOneAtMap,
}

/// <summary>
/// A practice is a placement of mobility functions on node kinds plus the signalling that
/// links them (draft-ietf-dmm-deployment-models §4). Adding a practice means adding a
/// placement here and, where it is new, its messages.
/// </summary>
public sealed record Practice(
    string Name,
    string Title,
    string Reference,
    Signalling Signalling,
    AnchorSelection AnchorSelection,
    IReadOnlyDictionary<NodeKind, MobilityFunction> Placement)
{
    public MobilityFunction FunctionsOf(NodeKind kind) =>
        Placement.TryGetValue(kind, out var f) ? f : MobilityFunction.None;

    public bool Hosts(NodeKind kind, MobilityFunction function) => FunctionsOf(kind).HasFlag(function);

    /// <summary>Anchors the topology gets for a requested count.</summary>
    public int AnchorCount(int requested, int accessRouters) => AnchorSelection switch
    {
        AnchorSelection.Central => 1,
        AnchorSelection.AtAccessRouter => accessRouters,
        _ => requested,
    };

    /// <summary>Anchors distributed to the access routers, with several prefixes per node (RFC 8818, RFC 8885).</summary>
    public bool Distributed => AnchorSelection == AnchorSelection.AtAccessRouter;

    /// <summary>Mobility anchor points stand between the nodes and their home agents (RFC 5380).</summary>
    public bool Hierarchical => Placement.ContainsKey(NodeKind.MobilityAnchorPoint);

    public BindingsPerNode BindingsPerNode =>
        Distributed ? BindingsPerNode.OnePerPrefixKept
        : Hierarchical ? BindingsPerNode.OneAtHomeAgentOneAtMap
        : BindingsPerNode.One;

    /// <summary>Role names the practice gives to node kinds, for tables and logs.</summary>
    public string RoleOf(NodeKind kind) => (kind, Signalling) switch
    {
        (NodeKind.Anchor, Signalling.NetworkBased) when Distributed => "DMM-anchor",
        (NodeKind.AccessRouter, Signalling.NetworkBased) when Distributed => "MAAR",
        (NodeKind.Anchor, Signalling.NetworkBased) => "LMA",
        (NodeKind.Anchor, Signalling.HostBased) => "HA",
        (NodeKind.AccessRouter, Signalling.NetworkBased) => "MAG",
        (NodeKind.AccessRouter, Signalling.HostBased) => "AR",
        (NodeKind.MobilityAnchorPoint, _) => "MAP",
        (NodeKind.MobileNode, _) => "MN",
        (NodeKind.Correspondent, _) => "CN",
        _ => kind.ToString(),
    };
}
