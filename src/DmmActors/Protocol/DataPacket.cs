using DmmActors.Addressing;

namespace DmmActors.Protocol;

/// <summary>What a data packet is to the node at its end, which awaits it and counts it.</summary>
public enum DataTraffic : byte
{
    /// <summary>A correspondent's packet after each procedure, which measures the path (path stretch).</summary>
    Probe,
    /// <summary>A session's flow to the node between its handovers (traffic.flow-rate).</summary>
    Flow,
    /// <summary>A session's flow to the node over a handover's window: its loss is the handover's.</summary>
    HandoverFlow,
    /// <summary>A session's flow from the node's home address to its correspondent (RFC 6275 §11.3.1, RFC 5213 §6.10.5).</summary>
    Uplink,
}

/// <summary>
/// A user-plane packet between a correspondent and a mobile node's address on a prefix, either
/// way. The channel adds the model delay and hop count of each leg it is carried over
/// (<c>Topology.Channel.Carry</c>), so the receiver knows the length of the path the practice
/// really took, tunnels included.
/// </summary>
/// <param name="Destination">The mobile node at its end; on the uplink, its source.</param>
/// <param name="DestinationPrefix">The prefix of the node's address: the destination's downlink, the source's uplink.</param>
public sealed record DataPacket(
    int Session,
    MnIdentifier Destination,
    Prefix64 DestinationPrefix,
    int Correspondent,
    ModelTime SentAt,
    ModelTime PathDelay,
    int PathHops,
    int Tunnels) : IDmmMessage
{
    /// <summary>
    /// The care-of address of a route-optimised packet, its home address beside it: downlink, sent
    /// there with a type 2 routing header (RFC 6275 §6.4, §9.3.2); uplink, sent from there with a
    /// Home Address option (§6.3, §11.3.1). -1 where the packet went by way of the home prefix.
    /// </summary>
    public int RoutedToCareOf { get; init; } = -1;

    /// <summary>
    /// The procedure of the node's that a handover flow's packet was sent during; 0 otherwise.
    /// Its loss is that handover's, not a failure's.
    /// </summary>
    public int Handover { get; init; }

    public DataTraffic Traffic { get; init; }

    /// <summary>
    /// On a reverse tunnel, the care-of address that is the tunnel's source: the node's own
    /// (RFC 6275 §11.3.1), its MAP's RCoA (RFC 5380 §6.2), or its MAG's proxy-CoA (RFC 5213
    /// §6.10.5); the anchor at the tunnel's end checks it against the binding. -1 elsewhere.
    /// </summary>
    public int TunnelledFrom { get; init; } = -1;

    /// <summary>
    /// Its addresses are IPv4 ones, the node's IPv4 home address and the correspondent's (RFC 5555
    /// §1): an IPv4 datagram; routed all the same by <see cref="DestinationPrefix"/>, the binding it rides on.
    /// </summary>
    public bool Ipv4 { get; init; }

    /// <summary>The tunnel header of the leg it is on, where that leg is a tunnel.</summary>
    public Encapsulation Encapsulation { get; init; }

    /// <summary>The tunnel headers it was carried in so far, leg by leg, in bytes.</summary>
    public int TunnelBytes { get; init; }

    /// <summary>
    /// How long it was held in buffers on its way, part of <see cref="PathDelay"/>: at an anchor while
    /// its prefix's context moved, at a fast handover's access router until its node arrived
    /// (RFC 5568 §5.1, RFC 5949 §5.1). A handover flow's packet with some is delivered late, not lost.
    /// </summary>
    public ModelTime BufferedFor { get; init; }

    /// <summary>
    /// On a session between two mobile nodes (traffic.mn-to-mn-share): the node that sent it, the
    /// prefix of its source address and the router it was on; -1 where a correspondent sent it.
    /// </summary>
    public int FromNode { get; init; } = -1;
    public Prefix64 FromPrefix { get; init; }
    public int FromRouter { get; init; } = -1;

    /// <summary>
    /// A mobile peer's packet still on its way up: from the peer, in its reverse tunnel, to the
    /// anchor of its source prefix (RFC 5213 §6.10.5, RFC 6275 §11.3.1), which routes it on to
    /// <see cref="DestinationPrefix"/> as any router would. Forwarding state, not on the wire.
    /// </summary>
    public bool Rising { get; init; }

    /// <summary>The anchors it passed through so far, each counted as it left it (Topology.Channel.Carry): none where it bypassed every anchor (RFC 6705's local routing).</summary>
    public int AnchorsCrossed { get; init; }

    public bool FromMobilePeer => FromNode >= 0;

    public bool DuringHandover => Traffic == DataTraffic.HandoverFlow;

    /// <summary>Going up from a node to an anchor and on: the node's own flow, or a mobile peer's packet before its anchor routes it on.</summary>
    public bool Uplink => Traffic == DataTraffic.Uplink || Rising;

    /// <summary>On the way up, the node whose reverse tunnel carries it and the prefix of its source address.</summary>
    public MnIdentifier SourceNode => Rising ? new MnIdentifier(FromNode) : Destination;
    public Prefix64 SourcePrefix => Rising ? FromPrefix : DestinationPrefix;

    /// <summary>When it reaches the node it is at now: each leg it crossed added its delay.</summary>
    public ModelTime ArrivesAt => SentAt + PathDelay;
}
