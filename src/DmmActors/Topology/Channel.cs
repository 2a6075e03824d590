using DmmActors.Addressing;

namespace DmmActors.Topology;

/// <summary>
/// The links between the emulated nodes, in model time. As an ns-3 channel schedules the
/// receiver's Receive at txTime + delay, a message's arrival is stamped here once, when it is
/// sent; no receiver computes a link delay. A node's processing time is added here too, to
/// what leaves a node in answer to what arrived.
/// </summary>
public sealed class Channel(NetworkTopology topology, ModelTime processingDelay, MtmaSite? mtma = null)
{
    /// <summary>The time a node takes to act on a message, the same for every node and message (scenario: delays.processing).</summary>
    public ModelTime ProcessingDelay { get; } = processingDelay;

    /// <summary>When what a node sends in answer to a message that arrived at <paramref name="arrival"/> leaves it.</summary>
    public ModelTime Departure(ModelTime arrival) => arrival + ProcessingDelay;

    /// <summary>The path a message takes between two nodes: a radio link, grid hops and the links of the sites that hang off the grid.</summary>
    public PathLength Path(Endpoint from, Endpoint to) => (from.Kind, to.Kind) switch
    {
        (NodeKind.MobileNode, NodeKind.AccessRouter) or (NodeKind.AccessRouter, NodeKind.MobileNode) => topology.Radio,
        // MIPv6 signalling between a node and its home agent, through the router the node is on.
        (NodeKind.MobileNode, NodeKind.Anchor) => topology.Radio + topology.AnchorToRouter(to.Index, from.Router),
        (NodeKind.Anchor, NodeKind.MobileNode) => topology.AnchorToRouter(from.Index, to.Router) + topology.Radio,
        (NodeKind.AccessRouter, NodeKind.Anchor) => topology.AnchorToRouter(to.Index, from.Index),
        (NodeKind.Anchor, NodeKind.AccessRouter) => topology.AnchorToRouter(from.Index, to.Index),
        (NodeKind.AccessRouter, NodeKind.AccessRouter) => topology.RouterToRouter(from.Index, to.Index),
        // Each anchor hangs off its own site by its own link: the first anchor's link, the grid, the second's.
        (NodeKind.Anchor, NodeKind.Anchor) => topology.AnchorToRouter(from.Index, topology.AnchorSites[from.Index])
                                              + topology.AnchorToRouter(to.Index, topology.AnchorSites[from.Index]),
        (NodeKind.Anchor, NodeKind.Correspondent) => topology.CorrespondentToAnchor(to.Index, from.Index),
        (NodeKind.Correspondent, NodeKind.Anchor) => topology.CorrespondentToAnchor(from.Index, to.Index),
        // A host's own packets to a correspondent, and back, through the router the node is on (RFC 6275 §9.3.2).
        (NodeKind.MobileNode, NodeKind.Correspondent) => topology.Radio + topology.CorrespondentToRouter(to.Index, from.Router),
        (NodeKind.Correspondent, NodeKind.MobileNode) => topology.CorrespondentToRouter(from.Index, to.Router) + topology.Radio,
        (NodeKind.Correspondent, NodeKind.AccessRouter) => topology.CorrespondentToRouter(from.Index, to.Index),
        (NodeKind.AccessRouter, NodeKind.MulticastTreeMobilityAnchor) when mtma is not null => topology.RouterToRouter(mtma.Site, from.Index) + mtma.Link,
        (NodeKind.MulticastTreeMobilityAnchor, NodeKind.AccessRouter) when mtma is not null => topology.RouterToRouter(mtma.Site, to.Index) + mtma.Link,
        (NodeKind.Correspondent, NodeKind.MulticastTreeMobilityAnchor) when mtma is not null => topology.CorrespondentToRouter(from.Index, mtma.Site) + mtma.Link,
        _ => throw new ArgumentException($"the emulated network has no path from {from} to {to}"),
    };

    /// <summary>
    /// Stamps on <paramref name="signal"/> when it reaches <paramref name="to"/> from <paramref name="from"/>:
    /// its send time plus the path's delay. A node that sends on a message it took in is its only
    /// holder, and may carry it again to where it goes next.
    /// </summary>
    public T Carry<T>(T signal, Endpoint from, Endpoint to) where T : Protocol.Signal
    {
        signal.Stamp(signal.SentAt + Path(from, to).Delay);
        return signal;
    }

    /// <summary>
    /// Carries a message that arrived at a tunnel end point on to its next hop, as it came: it
    /// arrives there one leg after it arrived here (a MAP between a node and its home agent,
    /// RFC 5380 §6.2, decapsulates and tunnels on; it does not answer).
    /// </summary>
    public T CarryOn<T>(T signal, Endpoint from, Endpoint to) where T : Protocol.Signal
    {
        signal.Stamp(signal.ArrivesAt + Path(from, to).Delay);
        return signal;
    }

    /// <summary>
    /// Carries a user-plane packet on to its next node over native routing: its delay and hop
    /// count grow by the path's, so the receiver sees the length of the path it really took.
    /// </summary>
    public Protocol.DataPacket Carry(Protocol.DataPacket packet, Endpoint from, Endpoint to)
    {
        var leg = Path(from, to);
        return packet with { PathDelay = packet.PathDelay + leg.Delay, PathHops = packet.PathHops + leg.Hops };
    }

    /// <summary>Carries a packet through an IPv6-in-IPv6 tunnel between two nodes (RFC 2473): one more tunnel on its path.</summary>
    public Protocol.DataPacket Tunnel(Protocol.DataPacket packet, Endpoint from, Endpoint to) =>
        Carry(packet, from, to) with { Tunnels = packet.Tunnels + 1 };

    /// <summary>
    /// Keeps a packet at the node it reached until <paramref name="until"/> (buffered while its
    /// prefix's context was in transfer): the wait is part of its delay; one that came later waits not at all.
    /// </summary>
    public Protocol.DataPacket HoldUntil(Protocol.DataPacket packet, ModelTime until) =>
        until > packet.ArrivesAt ? packet with { PathDelay = until - packet.SentAt } : packet;

    /// <summary>Carries one copy of a group's packet on to its next node.</summary>
    public Protocol.MulticastPacket Carry(Protocol.MulticastPacket packet, Endpoint from, Endpoint to) =>
        packet with { PathDelay = packet.PathDelay + Path(from, to).Delay };
}

/// <summary>Where the MTMA hangs off the grid (RFC 7028 §3.1): the router at its site, and its own link to it.</summary>
public sealed record MtmaSite(int Site, PathLength Link);
