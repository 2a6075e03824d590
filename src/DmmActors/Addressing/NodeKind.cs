namespace DmmActors.Addressing;

public enum NodeKind
{
    MobileNode,
    /// <summary>An access router; in network-based practices it acts as the MAG.</summary>
    AccessRouter,
    /// <summary>A mobility anchor: HA (MIPv6), LMA (PMIPv6), or a distributed anchor.</summary>
    Anchor,
    Correspondent,
    /// <summary>
    /// A mobility anchor point (RFC 5380 §1): a regional anchor that binds a node's regional
    /// care-of address (RCoA) to the on-link one (LCoA), so that moves within its domain need
    /// no home registration. Its bindings are journalled as any anchor's.
    /// </summary>
    MobilityAnchorPoint,
    /// <summary>The multicast tree mobility anchor (RFC 7028 §3.1): a router dedicated to multicast.</summary>
    MulticastTreeMobilityAnchor,
}
