using DmmActors.Addressing;

namespace DmmActors.Protocol.Wire;

/// <summary>
/// Dual-stack Mobile IPv6 (RFC 5555) on the wire: a BU from an IPv4 care-of address and its BA
/// are IPv6 packets, the care-of address IPv4-mapped (RFC 4291 §2.5.5.2), in UDP over IPv4 to and
/// from the home agent's port 4191 (§4.1); the IPv4 datagrams of a node's IPv4 home address cross
/// the home agent's tunnel in an IPv4 header (IPv4 in IPv4, RFC 2003), or with a NAT on the path
/// in IPv4 and UDP (§4.1). A leg crossing a NAT is written as it is outside it: from the NAT's
/// public address and the port it mapped.
/// </summary>
public sealed partial class WireCodec
{
    /// <summary>Writes <paramref name="inner"/> in UDP over IPv4, its checksums computed.</summary>
    static void Udp4(PacketWriter w, Ipv4Address source, ushort sourcePort, Ipv4Address destination, ushort destinationPort, ReadOnlySpan<byte> inner)
    {
        var ip = Ipv4Packet.Open(w, source, destination, Ipv4Protocol.Udp);
        var udp = w.Length;
        w.U16(sourcePort); w.U16(destinationPort); w.U16(8 + inner.Length); w.U16(0);
        w.Bytes(inner);
        w.PatchU16(udp + 6, Ipv4Packet.UdpChecksum(w.Slice(udp, w.Length - udp), source, destination));
        Ipv4Packet.Close(w, ip);
    }

    static void Ipv4InIpv4(PacketWriter w, Ipv4Address source, Ipv4Address destination, byte protocol, ReadOnlySpan<byte> inner)
    {
        var ip = Ipv4Packet.Open(w, source, destination, protocol);
        w.Bytes(inner);
        Ipv4Packet.Close(w, ip);
    }

    /// <summary>The node's end of an IPv4 tunnel leg as the home agent sees it: its care-of address, or its NAT's address and port.</summary>
    static (Ipv4Address Address, ushort Port) NodeEndV4(Endpoint nodeSide, MnIdentifier mn, Encapsulation encapsulation)
    {
        var router = nodeSide.Kind == NodeKind.MobileNode ? nodeSide.Router : nodeSide.Index;
        return encapsulation == Encapsulation.Ipv4Udp
            ? (NodeAddresses.NatPublic(router), NodeAddresses.NatPort(mn))
            : (NodeAddresses.Ipv4CareOf(router, mn), NodeAddresses.Dsmipv6Port);
    }

    /// <summary>An IPv4 frame: a BU or BA in UDP, or a data packet, bare, in IPv4 or in UDP.</summary>
    DecodedPacket DecodeIpv4(ReadOnlySpan<byte> packet)
    {
        var r = new PacketReader(packet);
        var outer = Ipv4Packet.Read(ref r, packet);
        if (outer.Protocol == Ipv4Protocol.Ipv4)
            return Ipv4Data(packet[r.Position..outer.End], Encapsulation.Ipv4);
        if (outer.Protocol == Ipv4Protocol.Ipv6)
            return Tunnelled(Decode(packet[r.Position..outer.End]), Encapsulation.Ipv4);
        if (outer.Protocol != Ipv4Protocol.Udp) throw new WireFormatException($"IPv4 protocol {outer.Protocol} is none the emulator sends");
        var udpStart = r.Position;
        var sourcePort = r.U16("UDP source port");
        var destinationPort = r.U16("UDP destination port");
        var length = r.U16("UDP length");
        r.U16("UDP checksum");
        if (udpStart + length != outer.End) throw new WireFormatException($"UDP length {length} is not what the IPv4 header leaves it");
        if (!Ipv4Packet.UdpChecksumHolds(packet[udpStart..outer.End], outer.Source, outer.Destination)) throw new WireFormatException("bad UDP checksum over IPv4");
        if (sourcePort != NodeAddresses.Dsmipv6Port && destinationPort != NodeAddresses.Dsmipv6Port)
            return Ipv4Data(packet, null);
        var inner = packet[r.Position..outer.End];
        if (inner.Length > 0 && inner[0] >> 4 == 4) return Ipv4Data(inner, Encapsulation.Ipv4Udp);
        var decoded = Decode(inner);
        if (decoded.Message is DataPacket) return Tunnelled(decoded, Encapsulation.Ipv4Udp);
        // A BU comes from the node's end, a BA goes to it; where no NAT is on the path both ends use port 4191.
        var (nodeOuter, nodePort) = decoded.Message is BindingUpdate ? (outer.Source, sourcePort) : (outer.Destination, destinationPort);
        IDmmMessage message = decoded.Message switch
        {
            BindingUpdate bu when bu.Ipv4 is { } t => bu with
            {
                Ipv4 = t with { Outer = nodeOuter, Port = nodePort },
                // Behind a NAT the care-of address is private: the router is the one whose NAT's address the BU came from.
                CareOfRouter = bu.CareOfRouter >= 0 ? bu.CareOfRouter
                    : NodeAddresses.TryNatPublic(nodeOuter, out var natted) ? natted
                    : throw new WireFormatException($"BU from {nodeOuter}, which is no emulated NAT's, with a private care-of address"),
            },
            BindingAcknowledgement ba when Ipv4Address.TryMapped(decoded.Destination, out var careOf) =>
                ba with { Ipv4 = new Ipv4Transport(careOf, nodeOuter, nodePort) },
            var other => throw new WireFormatException($"{other.GetType().Name} in UDP port 4191; only BUs and BAs travel there (RFC 5555 §4.1)"),
        };
        return decoded with { Message = message, Tunnelled = true };
    }

    /// <summary>An IPv6 data packet out of an IPv4 tunnel leg.</summary>
    static DecodedPacket Tunnelled(DecodedPacket inner, Encapsulation tunnel) => inner.Message is DataPacket data && !inner.Tunnelled
        ? inner with { Message = data with { Encapsulation = tunnel }, Tunnelled = true }
        : throw new WireFormatException($"{inner.Message.GetType().Name} in an IPv4 tunnel; only data packets travel there");

    /// <summary>A node's IPv4 datagram with a correspondent (the discard port, as over IPv6), in the tunnel header it came in.</summary>
    DecodedPacket Ipv4Data(ReadOnlySpan<byte> datagram, Encapsulation? tunnel)
    {
        var r = new PacketReader(datagram);
        var ip = Ipv4Packet.Read(ref r, datagram);
        if (ip.Protocol != Ipv4Protocol.Udp) throw new WireFormatException($"an IPv4 datagram of protocol {ip.Protocol}; the sessions send UDP");
        var udp = r.Position;
        r.Skip(8, "UDP header");
        if (!Ipv4Packet.UdpChecksumHolds(datagram[udp..ip.End], ip.Source, ip.Destination)) throw new WireFormatException("bad UDP checksum over IPv4");
        var uplink = NodeAddresses.TryIpv4Infrastructure(ip.Destination, out var kind, out _) && kind == NodeKind.Correspondent;
        var (correspondentAddress, home) = uplink ? (ip.Destination, ip.Source) : (ip.Source, ip.Destination);
        if (!NodeAddresses.TryIpv4Infrastructure(correspondentAddress, out var cnKind, out var correspondent) || cnKind != NodeKind.Correspondent)
            throw new WireFormatException($"IPv4 data between {ip.Source} and {ip.Destination}, neither an emulated correspondent");
        if (!NodeAddresses.TryIpv4Home(home, out var mn)) throw new WireFormatException($"IPv4 data for {home}, no node's IPv4 home address");
        var session = r.I32("session");
        if (r.I32("mobile node") != mn.Index) throw new WireFormatException($"IPv4 data for {home} whose payload names another node");
        var message = new DataPacket(session, mn, Prefix64.None, correspondent, new ModelTime(r.I64("data send time")),
            new ModelTime(r.I64("path delay")), r.I32("path hops"), r.I32("tunnels"))
        {
            Traffic = uplink ? DataTraffic.Uplink : DataTraffic.Probe,
            Ipv4 = true,
            Encapsulation = tunnel ?? Encapsulation.Ipv6,
        };
        return new DecodedPacket(message, ip.Source.Mapped, ip.Destination.Mapped, tunnel is not null);
    }
}
