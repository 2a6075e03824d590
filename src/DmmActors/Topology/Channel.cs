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
    readonly ServiceModel service;
    Func<Endpoint, Attachment>?[] attachments = [];
    /// <summary>The queue of each node that has one, by kind and index; created as its first message arrives.</summary>
    readonly System.Collections.Concurrent.ConcurrentDictionary<long, (Endpoint Node, ProcessingQueue Queue)> queues = new();

    public Channel(NetworkTopology topology, ServiceModel service, Attachment? mtma = null)
    {
        (this.topology, this.service) = (topology, service);
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

    /// <summary>The mean time a node takes to act on a message (scenario: topology.processing.service-time).</summary>
    public ModelTime ServiceTime => service.ServiceTime;

    /// <summary>
    /// When what <paramref name="node"/> sends in answer to a message that arrived at
    /// <paramref name="arrival"/> leaves it: after its service time, and where the node works on only
    /// so many messages at once, after the wait for its turn (<see cref="ProcessingQueue"/>). Each
    /// message a node acts on comes here once.
    /// </summary>
    public ModelTime Departure(ModelTime arrival, Endpoint node)
    {
        var time = Draw(arrival, node);
        if (QueueOf(node) is not { } queue) return arrival + time;
        lock (queue) return queue.Serve(arrival, time);
    }

    /// <summary>
    /// When a node would be done with a message that arrived at <paramref name="arrival"/>, its
    /// service time alone, its queue left as it is: for what is worked out apart from the
    /// messages the node acts on in turn (an MLD proxy's membership, computed after the walks).
    /// </summary>
    public ModelTime ServiceAfter(ModelTime arrival, Endpoint node) => arrival + Draw(arrival, node);

    /// <summary>The service time of one message: fixed, or an exponential draw keyed by the seed, the node and the arrival, so that one seed gives one draw.</summary>
    ModelTime Draw(ModelTime arrival, Endpoint node)
    {
        if (!service.Exponential || service.ServiceTime == ModelTime.Zero) return service.ServiceTime;
        var draw = new Randomness.SplitMix64(service.Seed ^ Key(node) * 0x9E3779B97F4A7C15UL ^ (ulong)arrival.Microseconds * 0xC2B2AE3D27D4EB4FUL);
        return new ModelTime((long)Math.Round(draw.NextExponential(service.ServiceTime.Microseconds)));
    }

    ProcessingQueue? QueueOf(Endpoint node)
    {
        if (node.Kind == NodeKind.MobileNode) return null;
        var servers = node.Kind.AddressedAs == NodeKind.Anchor ? service.AnchorServers : service.Servers;
        if (servers == 0) return null;
        return queues.GetOrAdd((long)Key(node), static (_, a) => (a.node, new ProcessingQueue(a.servers, a.horizon)),
            (node: node with { Router = -1 }, servers, horizon: service.Horizon)).Queue;
    }

    static ulong Key(Endpoint node) => ((ulong)(uint)node.Kind.Id << 32) | (uint)node.Index;

    /// <summary>What every node with a queue processed so far, here and on the cluster members whose records were absorbed, one record per node.</summary>
    public IReadOnlyList<QueueRecord> Queues()
    {
        var here = queues.Values.Select(q =>
        {
            lock (q.Queue) return q.Queue.Load.Record(q.Node);
        }).ToArray();
        lock (absorbed)
            return here.Concat(absorbed).GroupBy(q => (q.Kind, q.Index)).Select(g => g.Aggregate((a, b) => a.Plus(b)))
                .OrderBy(q => q.Kind, StringComparer.Ordinal).ThenBy(q => q.Index).ToArray();
    }

    readonly List<QueueRecord> absorbed = new();

    /// <summary>Takes in what a cluster member's nodes processed: a run's driver hosts none of them.</summary>
    public void Absorb(IEnumerable<QueueRecord> records)
    {
        lock (absorbed) absorbed.AddRange(records);
    }

    /// <summary>A leg's delay: the path's, plus a jitter drawn uniformly up to topology.link-jitter, keyed by the seed, the two ends and the time the message leaves.</summary>
    ModelTime LegDelay(Endpoint from, Endpoint to, ModelTime leaves) => LegDelay(Path(from, to), from, to, leaves);

    ModelTime LegDelay(PathLength leg, Endpoint from, Endpoint to, ModelTime leaves)
    {
        var delay = leg.Delay;
        if (service.LinkJitter == ModelTime.Zero) return delay;
        var draw = new Randomness.SplitMix64(service.Seed ^ 0x7177_E4UL ^ Key(from) * 0xD1B54A32D192ED03UL ^ Key(to) * 0x94D049BB133111EBUL
            ^ (ulong)leaves.Microseconds * 0xBF58476D1CE4E5B9UL);
        return delay + new ModelTime((long)(draw.NextDouble() * (service.LinkJitter.Microseconds + 1)));
    }

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
        signal.Stamp(Arrival(from, to, signal.SentAt));
        return signal;
    }

    /// <summary>When what leaves <paramref name="from"/> at <paramref name="leaves"/> reaches <paramref name="to"/>: for a node to work out, in model time, when a message it knows of reached another.</summary>
    public ModelTime Arrival(Endpoint from, Endpoint to, ModelTime leaves) => leaves + LegDelay(from, to, leaves);

    /// <summary>
    /// Carries a message that arrived at a tunnel end point on to its next hop, as it came: it
    /// arrives there one leg after it arrived here (a MAP between a node and its home agent,
    /// RFC 5380 §6.2, decapsulates and tunnels on; it does not answer).
    /// </summary>
    public T CarryOn<T>(T signal, Endpoint from, Endpoint to) where T : Protocol.Signal
    {
        signal.Stamp(Arrival(from, to, signal.ArrivesAt));
        return signal;
    }

    /// <summary>
    /// Carries a message on from a tunnel end point that held it until <paramref name="heldUntil"/>
    /// (a new access router keeps what comes for a node until the node arrives, RFC 5568 §5.4); one
    /// that came later leaves as it came.
    /// </summary>
    public T CarryOn<T>(T signal, Endpoint from, Endpoint to, ModelTime heldUntil) where T : Protocol.Signal
    {
        signal.Stamp(Arrival(from, to, ModelTime.Max(signal.ArrivesAt, heldUntil)));
        return signal;
    }

    /// <summary>
    /// Carries a user-plane packet on to its next node over native routing: its delay and hop
    /// count grow by the path's, so the receiver sees the length of the path it really took. A
    /// leg that leaves an anchor counts that anchor as crossed; one a packet was lost at never left it.
    /// </summary>
    public Protocol.DataPacket Carry(Protocol.DataPacket packet, Endpoint from, Endpoint to)
    {
        var leg = Path(from, to);
        return packet with
        {
            PathDelay = packet.PathDelay + LegDelay(leg, from, to, packet.SentAt + packet.PathDelay), PathHops = packet.PathHops + leg.Hops,
            AnchorsCrossed = packet.AnchorsCrossed + (from.Kind == NodeKind.Anchor ? 1 : 0),
        };
    }

    /// <summary>Carries a packet through a tunnel between two nodes, in the header its leg names (RFC 2473; RFC 5555 §4.1): one more tunnel on its path.</summary>
    public Protocol.DataPacket Tunnel(Protocol.DataPacket packet, Endpoint from, Endpoint to) =>
        Carry(packet, from, to) with { Tunnels = packet.Tunnels + 1, TunnelBytes = packet.TunnelBytes + Protocol.EncapsulationLength.Of(packet.Encapsulation) };

    /// <summary>
    /// Keeps a packet at the node it reached until <paramref name="until"/> (buffered while its
    /// prefix's context was in transfer): the wait is part of its delay; one that came later waits not at all.
    /// </summary>
    public Protocol.DataPacket HoldUntil(Protocol.DataPacket packet, ModelTime until) =>
        until > packet.ArrivesAt ? packet with { PathDelay = until - packet.SentAt, BufferedFor = packet.BufferedFor + (until - packet.ArrivesAt) } : packet;

    /// <summary>Carries one copy of a group's packet on to its next node.</summary>
    public Protocol.MulticastPacket Carry(Protocol.MulticastPacket packet, Endpoint from, Endpoint to) =>
        packet with { PathDelay = packet.PathDelay + LegDelay(from, to, packet.SentAt + packet.PathDelay) };
}
