namespace DmmActors.Functions;

public enum NodeKind
{
    MobileNode,
    /// <summary>An access router; in network-based practices it acts as the MAG.</summary>
    AccessRouter,
    /// <summary>A mobility anchor: HA (MIPv6), LMA (PMIPv6), or a distributed anchor.</summary>
    Anchor,
    Correspondent,
    /// <summary>The multicast tree mobility anchor (RFC 7028 §3.1): a router dedicated to multicast.</summary>
    MulticastTreeMobilityAnchor,
}
