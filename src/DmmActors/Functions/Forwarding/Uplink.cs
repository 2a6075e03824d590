using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Protocol;

namespace DmmActors.Functions;

/// <summary>
/// The legs of a node's packets to its correspondents: into a reverse tunnel to an anchor, whose
/// outer source is the care-of address the anchor checks (RFC 6275 §11.3.1, RFC 5213 §6.10.5,
/// RFC 5380 §6.2), and out of the last anchor, or straight from a route-optimising node, by
/// native routing to the correspondent. Each leg is written to the capture as it is sent.
/// </summary>
public static class Uplink
{
    /// <summary>
    /// Sends <paramref name="packet"/> from <paramref name="from"/> to <paramref name="anchor"/>,
    /// from care-of address <paramref name="careOf"/>: in a tunnel, or not where the anchor is a
    /// function of the node's own access router (RFC 8818 §3.1).
    /// </summary>
    /// <param name="header">The tunnel's header: IPv6 in IPv6 (RFC 2473) unless the practice's tunnels are others (3GPP's GTP-U).</param>
    public static void ToAnchor(RunContext run, DataPacket packet, Endpoint from, int anchor, int careOf, bool tunnelled = true,
        Encapsulation header = Encapsulation.Ipv6)
    {
        var to = Endpoint.Anchor(anchor);
        var sent = tunnelled && header != Encapsulation.Ipv6 ? packet with { TunnelledFrom = careOf, Encapsulation = header } : packet with { TunnelledFrom = careOf };
        run.Signalling.Capture?.Data(sent, from, to, tunnelled);
        run.Directory.Anchors[anchor].Tell(tunnelled ? run.Channel.Tunnel(sent, from, to) : run.Channel.Carry(sent, from, to));
    }

    /// <summary>Sends <paramref name="packet"/> from <paramref name="from"/> to its correspondent by native routing.</summary>
    public static void ToCorrespondent(RunContext run, DataPacket packet, Endpoint from)
    {
        var to = Endpoint.Correspondent(packet.Correspondent);
        run.Signalling.Capture?.Data(packet, from, to, tunnelled: false);
        run.Directory.Correspondents[packet.Correspondent].Tell(run.Channel.Carry(packet, from, to));
    }

    /// <summary>
    /// A mobile peer's packet out of its reverse tunnel at <paramref name="from"/>: routed to its
    /// destination as a correspondent's would be, to the anchor that advertises the destination
    /// prefix's pool (draft §3.1). No host route reaches this anchor: a prefix moved since goes by
    /// way of its pool's anchor, which sends on what comes for it (RFC 8818 §3.2).
    /// </summary>
    public static void ToPeer(RunContext run, DataPacket packet, Endpoint from)
    {
        var down = packet with { Rising = false, Encapsulation = default };
        var anchor = packet.DestinationPrefix.PoolAnchor;
        var to = Endpoint.Anchor(anchor);
        if (from == to)
        {
            // Routed back down where it came up: no leg, and the anchor counts once, as the packet leaves it down.
            run.Directory.Anchors[anchor].Tell(down);
            return;
        }
        run.Signalling.Capture?.Data(down, from, to, tunnelled: false);
        run.Directory.Anchors[anchor].Tell(run.Channel.Carry(down, from, to));
    }

    /// <summary>A packet reached its correspondent: its node is told, with the tunnel headers it came in, and counts it.</summary>
    public static void Delivered(RunContext run, DataPacket packet) =>
        run.Directory.MobileNodes[packet.Destination.Index].Tell(new Control.UplinkDelivered(packet.TunnelBytes));
}
