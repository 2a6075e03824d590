using DmmActors.Addressing;

namespace DmmActors.Protocol.Wire;

/// <summary>
/// User-plane packets: a UDP datagram between a correspondent and the node's address on a
/// prefix, either way, in an IPv6-in-IPv6 tunnel (RFC 2473; RFC 5213 §6.10.5, RFC 6275 §10.4.1,
/// §11.3.1) on the legs between tunnel end points. The payload carries what the emulator measures with.
/// </summary>
public sealed partial class WireCodec
{
    /// <summary>The discard port (RFC 863): what the emulated sessions carry is not for any service to read.</summary>
    const ushort DataPort = 9;
    const int DataPayloadLength = 4 + 4 + 8 + 8 + 4 + 4;

    /// <summary>
    /// RFC 6275 §6.4: a type 2 routing header with its one address; the destination options header
    /// with the Home Address option (§6.3), its padding to the option's 8n+6 alignment included, is as long.
    /// </summary>
    const int RoutingType2Length = 8 + 16;

    /// <summary>
    /// The bytes <see cref="Encode(PacketWriter, DataPacket, Endpoint, Endpoint, bool)"/> puts on the wire for
    /// <paramref name="packet"/>, without writing them: what the data plane counts as load.
    /// </summary>
    public static int DataLength(DataPacket packet, bool tunnelled) =>
        (packet.Ipv4 ? Ipv4Packet.HeaderLength : Ipv6Packet.HeaderLength) + (packet.RoutedToCareOf >= 0 ? RoutingType2Length : 0) + 8 + DataPayloadLength
        + (tunnelled ? EncapsulationLength.Of(packet.Encapsulation) : 0);

    /// <summary>Writes <paramref name="packet"/> on its leg from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public byte[] Encode(DataPacket packet, Endpoint from, Endpoint to, bool tunnelled)
    {
        var w = new PacketWriter();
        Encode(w, packet, from, to, tunnelled);
        return w.ToArray();
    }

    public void Encode(PacketWriter w, DataPacket packet, Endpoint from, Endpoint to, bool tunnelled)
    {
        w.Reset();
        var datagram = packet.Ipv4 ? Ipv4Datagram(packet) : Ipv6Datagram(packet);
        if (!tunnelled) w.Bytes(datagram);
        else if (packet.Encapsulation == Encapsulation.Esp)
        {
            // RFC 4303 §3.1.1 tunnel mode between the node's care-of address and its VPN gateway, on the SA of the receiving end.
            var (source, destination) = (from.Kind == NodeKind.MobileNode ? CareOfOf(packet.SourceNode, from.Router) : Global(from),
                to.Kind == NodeKind.MobileNode || to.Kind == NodeKind.AccessRouter && !packet.Uplink ? CareOfOf(packet.Destination, to.Kind == NodeKind.MobileNode ? to.Router : to.Index) : Global(to));
            var spi = packet.Uplink ? EspSpis.TowardGateway(packet.SourceNode) : EspSpis.TowardNode(packet.Destination);
            // The IV is unique per packet of the SA: its send time, what it is and its session (a probe and a flow packet may leave together).
            var iv = (ulong)packet.SentAt.Microseconds << 20 | (ulong)packet.Traffic << 16 | (ushort)packet.Session;
            Esp(w, source, destination, spi, (uint)(packet.SentAt.Microseconds % uint.MaxValue) + 1, iv, datagram, packet.Ipv4 ? NextHeader.Ipv4 : NextHeader.Ipv6);
        }
        else if (packet.Encapsulation == Encapsulation.GtpU)
            GtpUser(w, from.Kind == NodeKind.MobileNode ? CareOfOf(packet.SourceNode, from.Router) : Global(from), Global(to),
                GtpTeids.Bearer(packet.Uplink ? packet.SourceNode : packet.Destination), datagram);
        else if (packet.Encapsulation == Encapsulation.Ipv6)
            // A node tunnels from its care-of address (RFC 6275 §11.3.1); a router or an anchor from its own. RFC 5555 §4.4: an IPv4 datagram goes as IPv4 in IPv6.
            Encapsulate(w, from.Kind == NodeKind.MobileNode ? CareOfOf(packet.SourceNode, from.Router) : Global(from), Global(to), datagram, packet.Ipv4 ? NextHeader.Ipv4 : NextHeader.Ipv6);
        else Ipv4Tunnel(w, packet, from, to, datagram);
    }

    ReadOnlySpan<byte> Ipv6Datagram(DataPacket packet)
    {
        var node = NodeAddresses.OnPrefix(packet.DestinationPrefix, packet.Destination);
        // A mobile peer's datagram goes from its address to the node's, whichever leg it is on.
        var (source, destination) = packet.FromMobilePeer ? (NodeAddresses.OnPrefix(packet.FromPrefix, new MnIdentifier(packet.FromNode)), node)
            : packet.Uplink ? (node, NodeAddresses.Infrastructure(NodeKind.Correspondent, packet.Correspondent))
            : (NodeAddresses.Infrastructure(NodeKind.Correspondent, packet.Correspondent), node);
        var routed = packet.RoutedToCareOf >= 0;
        return Inner(d =>
        {
            // RFC 6275 §9.3.2: straight to the care-of address, the home address in a type 2 routing header;
            // §11.3.1: straight from it, the home address in a Home Address option. The UDP checksum is
            // computed over the home address (RFC 8200 §8.1, RFC 6275 §6.3).
            var careOf = routed ? CareOfOf(packet.Destination, packet.RoutedToCareOf) : default;
            var ip = packet.Uplink
                ? Ipv6Packet.Open(d, routed ? careOf : source, destination, routed ? NextHeader.DestinationOptions : NextHeader.Udp, HopLimit)
                : Ipv6Packet.Open(d, source, routed ? careOf : destination, routed ? NextHeader.Routing : NextHeader.Udp, HopLimit);
            if (routed && packet.Uplink) ExtensionHeaders.HomeAddressOption(d, NextHeader.Udp, node);
            else if (routed) ExtensionHeaders.RoutingType2(d, NextHeader.Udp, destination);
            var udp = d.Length;
            DataDatagram(d, packet);
            d.PatchU16(udp + 6, Ipv6Packet.Checksum(d.Slice(udp, d.Length - udp), source, destination, NextHeader.Udp));
            Ipv6Packet.Close(d, ip);
        });
    }

    /// <summary>The UDP header, its checksum left zero, and the payload the emulator measures with.</summary>
    static void DataDatagram(PacketWriter d, DataPacket packet)
    {
        d.U16(DataPort); d.U16(DataPort); d.U16(8 + DataPayloadLength); d.U16(0);
        d.I32(packet.Session); d.I32(packet.Destination.Index); d.I64(packet.SentAt.Microseconds); d.I64(packet.PathDelay.Microseconds);
        d.I32(packet.PathHops); d.I32(packet.Tunnels);
    }

    /// <summary>An IPv4 session's datagram (RFC 5555): between the correspondent's IPv4 address and the node's IPv4 home address.</summary>
    static ReadOnlySpan<byte> Ipv4Datagram(DataPacket packet)
    {
        var correspondent = NodeAddresses.Ipv4Infrastructure(NodeKind.Correspondent, packet.Correspondent);
        var home = NodeAddresses.Ipv4Home(packet.Destination);
        var (source, destination) = packet.Uplink ? (home, correspondent) : (correspondent, home);
        return Inner(d =>
        {
            var ip = Ipv4Packet.Open(d, source, destination, Ipv4Protocol.Udp);
            var udp = d.Length;
            DataDatagram(d, packet);
            d.PatchU16(udp + 6, Ipv4Packet.UdpChecksum(d.Slice(udp, d.Length - udp), source, destination));
            Ipv4Packet.Close(d, ip);
        });
    }

    /// <summary>
    /// The home agent's tunnel to or from an IPv4 care-of address (RFC 5555 §4.1, §4.4): the datagram, IPv4 or IPv6, in an
    /// IPv4 header (RFC 2003, RFC 4213 §3.5), or past a NAT in IPv4 and UDP to the home agent's port 4191.
    /// </summary>
    static void Ipv4Tunnel(PacketWriter w, DataPacket packet, Endpoint from, Endpoint to, ReadOnlySpan<byte> datagram)
    {
        var (nodeSide, anchor) = packet.Uplink ? (from, to) : (to, from);
        var (nodeAddress, nodePort) = NodeEndV4(nodeSide, packet.Destination, packet.Encapsulation);
        var anchorAddress = NodeAddresses.Ipv4Infrastructure(NodeKind.Anchor, anchor.Index);
        if (packet.Encapsulation == Encapsulation.Ipv4)
        {
            var (outerSource, outerDestination) = packet.Uplink ? (nodeAddress, anchorAddress) : (anchorAddress, nodeAddress);
            Ipv4InIpv4(w, outerSource, outerDestination, packet.Ipv4 ? Ipv4Protocol.Ipv4 : Ipv4Protocol.Ipv6, datagram);
        }
        else if (packet.Uplink) Udp4(w, nodeAddress, nodePort, anchorAddress, NodeAddresses.Dsmipv6Port, datagram);
        else Udp4(w, anchorAddress, NodeAddresses.Dsmipv6Port, nodeAddress, nodePort, datagram);
    }

    /// <summary>
    /// A datagram to a correspondent's address is a node's, uplink; one from a correspondent's,
    /// downlink; one from a node's address to another's, a mobile peer's to the node.
    /// </summary>
    DataPacket DecodeData(ref PacketReader r, ReadOnlySpan<byte> packet, Ipv6Header ip, ExtensionHeaders.Read options)
    {
        var start = r.Position;
        var uplink = NodeAddresses.TryInfrastructure(ip.Destination, out var kind, out _) && kind == NodeKind.Correspondent;
        var home = uplink ? options.HomeAddress : options.RoutedHome;
        var (source, destination) = uplink ? (home ?? ip.Source, ip.Destination) : (ip.Source, home ?? ip.Destination);
        if (!Ipv6Packet.ChecksumHolds(packet[start..ip.End], source, destination, NextHeader.Udp))
            throw new WireFormatException("bad UDP checksum");
        r.Skip(8, "UDP header");
        var peer = new MnIdentifier(-1);
        var fromPeer = !uplink && !NodeAddresses.TryInfrastructure(source, out _, out _) && NodeAddresses.TryMobileNode(source, out peer);
        var correspondent = fromPeer ? -1 : Infrastructure(uplink ? destination : source, NodeKind.Correspondent, uplink ? "data destination" : "data source");
        var node = uplink ? source : destination;
        var session = r.I32("session");
        var mn = new MnIdentifier(r.I32("mobile node"));
        return new DataPacket(session, mn, node.Prefix, correspondent, new ModelTime(r.I64("data send time")),
            new ModelTime(r.I64("path delay")), r.I32("path hops"), r.I32("tunnels"))
        {
            RoutedToCareOf = home is null ? -1 : NodeAddresses.CareOfNumber(uplink ? ip.Source : ip.Destination, AccessRouters),
            Traffic = uplink ? DataTraffic.Uplink : DataTraffic.Probe,
            FromNode = fromPeer ? peer.Index : -1,
            FromPrefix = fromPeer ? source.Prefix : default,
        };
    }
}
