using DmmActors.Addressing;

namespace DmmActors.Topology;

/// <summary>
/// The links between the emulated nodes, in model time. As an ns-3 channel schedules the
/// receiver's Receive at txTime + delay, a message's arrival is stamped here once, when it is
/// sent; no receiver computes a link delay. A node's processing time is added here too, to
/// what leaves a node in answer to what arrived.
/// </summary>
/// <remarks>
/// Every node hangs off a grid router by a link of its own (<see cref="Attachment"/>), as its
/// kind says: a mobile node by radio off the router it is on, an anchor or a correspondent off
/// its site. The path between two nodes is the first's link, the grid between their sites, and
/// the second's link; a kind the core does not know is attached by whoever defines it.
/// </remarks>
public sealed class Channel
{
    readonly NetworkTopology topology;
    Func<Endpoint, Attachment>?[] attachments = [];

    public Channel(NetworkTopology topology, ModelTime processingDelay, Attachment? mtma = null)
    {
        (this.topology, ProcessingDelay) = (topology, processingDelay);
        Attach(NodeKind.MobileNode, node => new Attachment(node.Router, topology.Radio));
        Attach(NodeKind.AccessRouter, router => new Attachment(router.Index, default));
        Attach(NodeKind.Anchor, anchor => topology.AnchorAttachment(anchor.Index));
        Attach(NodeKind.Correspondent, correspondent => topology.CorrespondentAttachment(correspondent.Index));
        if (mtma is { } site) Attach(NodeKind.MulticastTreeMobilityAnchor, _ => site);
    }

    /// <summary>Says where the nodes of <paramref name="kind"/> stand; done at bootstrap, before anything is sent.</summary>
    public void Attach(NodeKind kind, Func<Endpoint, Attachment> where)
    {
        if (kind.Id >= attachments.Length) Array.Resize(ref attachments, kind.Id + 1);
        attachments[kind.Id] = where;
    }

    /// <summary>The time a node takes to act on a message, the same for every node and message (scenario: delays.processing).</summary>
    public ModelTime ProcessingDelay { get; }

    /// <summary>When what a node sends in answer to a message that arrived at <paramref name="arrival"/> leaves it.</summary>
    public ModelTime Departure(ModelTime arrival) => arrival + ProcessingDelay;

    /// <summary>The path a message takes between two nodes: the sender's link, the grid hops between their sites, the receiver's link.</summary>
    public PathLength Path(Endpoint from, Endpoint to)
    {
        var (a, b) = (AttachmentOf(from), AttachmentOf(to));
        return a.Link + topology.RouterToRouter(a.Site, b.Site) + b.Link;
    }

    Attachment AttachmentOf(Endpoint node) =>
        node.Kind is { } kind && kind.Id < attachments.Length && attachments[kind.Id] is { } where
            ? where(node)
            : throw new ArgumentException($"the emulated network has no path to {node}: no {node.Kind?.Name ?? "kind"} is attached to it");

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
