using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Protocol;
using DmmActors.Topology;

namespace DmmActors.Functions;

/// <summary>
/// FM-DP at an anchor (RFC 7429 §3.3): intercepts packets for the prefixes it anchors and
/// tunnels each to the care-of address the forwarding state names (RFC 5213 §5.6.2, RFC 6275
/// §10.4.1), or delivers it without a tunnel where the anchor sits on the node's own access
/// router (RFC 8818 §3.1). Each access router's own reference, learned from its signalling,
/// carries the tunnel. A care-of address on a MAP's link leads to that MAP, which tunnels on
/// to the node (RFC 5380 §6.2); at a MAP the packet's outer header names the node's RCoA.
/// What comes up a reverse tunnel leaves for its correspondent, or, from a mobile peer, for the
/// anchor of the destination's prefix, as a router routes it.
/// </summary>
public sealed class TunnelForwarding(RunContext run, int anchor, IForwardingControl control)
{
    readonly Dictionary<int, IActorRef> learnedRouters = new();
    readonly Endpoint here = Endpoint.Anchor(anchor);
    readonly bool regional = run.Topology.IsRegionalAnchor(anchor);
    /// <summary>
    /// The prefix table (RFC 3963 §6.2): a prefix routed through a node's binding rather than its
    /// own, to the binding's key; none where the anchor routes each prefix by its own binding.
    /// </summary>
    Func<Prefix64, Prefix64>? prefixTable;

    public void RouteThrough(Func<Prefix64, Prefix64> table) => prefixTable = table;

    /// <summary>The tunnel header for a packet to a care-of address (RFC 5555 §4.1: IPv4, or IPv4 and UDP past a NAT); IPv6 in IPv6 where none is set.</summary>
    Func<DataPacket, int, Encapsulation>? encapsulation;

    public void EncapsulateWith(Func<DataPacket, int, Encapsulation> choose) => encapsulation = choose;

    /// <summary>
    /// The key of the binding that routes a packet of <paramref name="node"/>'s on <paramref name="prefix"/>,
    /// either way: its node's RCoA at a MAP, its prefix's, or the one the prefix table names.
    /// </summary>
    Prefix64 KeyOf(MnIdentifier node, Prefix64 prefix) =>
        regional ? CareOfAddress.RegionalPrefix(anchor, node)
        : prefixTable is { } table ? table(prefix)
        : prefix;

    /// <summary>
    /// An access router's own reference, learned from a registration it sent. Only where the
    /// directory holds a sharding proxy (a cluster run) is it worth learning: elsewhere the
    /// directory's reference is the router itself, and the sender of a PBU is whoever sent it on,
    /// a replaying attacker included, where its source address still names the MAG.
    /// </summary>
    public void Learned(int accessRouter, IActorRef reference)
    {
        if (run.Directory.AccessRouters[accessRouter] is ShardedRef) learnedRouters[accessRouter] = reference;
    }

    /// <summary>The access router's own reference if learned; its address in the directory otherwise.</summary>
    public IActorRef Router(int accessRouter) =>
        learnedRouters.TryGetValue(accessRouter, out var known) ? known : run.Directory.AccessRouters[accessRouter];

    /// <summary>Whether <paramref name="careOf"/> is a regional care-of address, and the MAP whose link it is on.</summary>
    public bool ThroughMap(int careOf, out IActorRef map, out Endpoint mapAt)
    {
        var isRegional = CareOfAddress.IsRegional(careOf, run.Topology.AccessRouters, out var index);
        (map, mapAt) = isRegional ? (run.Directory.Anchors[index], Endpoint.Anchor(index)) : (ActorRefs.Nobody, default);
        return isRegional;
    }

    /// <summary>The packet in the tunnel header the practice chose for its leg to <paramref name="careOf"/>, where it chose one.</summary>
    DataPacket Encapsulated(DataPacket packet, int careOf) =>
        encapsulation?.Invoke(packet, careOf) is { } header && header != packet.Encapsulation ? packet with { Encapsulation = header } : packet;

    public void Forward(DataPacket packet)
    {
        if (control.TryRouteAsOf(KeyOf(packet.Destination, packet.DestinationPrefix), packet.ArrivesAt, out var careOf))
        {
            if (ThroughMap(careOf, out var map, out var mapAt))
            {
                // 3GPP's S5/S8 leg to the SGW is GTP-U as its S1-U leg is (TS 29.281).
                packet = Encapsulated(packet, careOf);
                run.Signalling.Capture?.Data(packet, here, mapAt, tunnelled: true);
                DataPlane.Forwarded(run, anchor, packet, tunnelled: true);
                map.Tell(run.Channel.Tunnel(packet, here, mapAt));
                return;
            }
            var careOfAt = Endpoint.AccessRouter(careOf);
            var local = run.Topology.IsFunctionOf(anchor, careOf);
            if (!local) packet = Encapsulated(packet, careOf);
            run.Signalling.Capture?.Data(packet, here, careOfAt, tunnelled: !local);
            DataPlane.Forwarded(run, anchor, packet, tunnelled: !local);
            Router(careOf).Tell(local ? run.Channel.Carry(packet, here, careOfAt) : run.Channel.Tunnel(packet, here, careOfAt));
            return;
        }
        DataPlane.Lost(run, packet);
    }

    /// <summary>
    /// A packet from a node, out of its reverse tunnel: sent on only where the tunnel's source is
    /// the care-of address the binding holds (RFC 5213 §6.10.5; RFC 6275 §10.4.5 has the home
    /// agent send it on as from the home address), dropped otherwise. A MAP sends it on through
    /// the tunnel from the node's RCoA to its home agent, the inner packet's destination (RFC 5380 §6.2).
    /// </summary>
    public void Reverse(DataPacket packet)
    {
        if (!control.TryRouteAsOf(KeyOf(packet.SourceNode, packet.SourcePrefix), packet.ArrivesAt, out var careOf) || careOf != packet.TunnelledFrom)
        {
            DataPlane.Lost(run, packet);
            return;
        }
        // A regional anchor that also anchors the prefix (TS 23.401 §4.3.15.2: an SGW with its SIPTO
        // PGW in one node, or a LIPA L-GW, §4.3.16) sends it on itself, as an anchor does.
        var home = packet.SourcePrefix.PoolAnchor;
        if (regional && home != anchor)
        {
            DataPlane.Forwarded(run, anchor, packet, tunnelled: true);
            Uplink.ToAnchor(run, packet, here, home, CareOfAddress.Regional(anchor, run.Topology.AccessRouters),
                header: encapsulation?.Invoke(packet, home) ?? Encapsulation.Ipv6);
            return;
        }
        DataPlane.Forwarded(run, anchor, packet, tunnelled: false);
        if (packet.Rising) Uplink.ToPeer(run, packet, here);
        else Uplink.ToCorrespondent(run, packet, here);
    }
}
