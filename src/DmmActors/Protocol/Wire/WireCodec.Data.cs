using DmmActors.Addressing;
using DmmActors.Functions;
using DmmActors.Topology;

namespace DmmActors.Protocol.Wire;

/// <summary>
/// User-plane packets: a correspondent's UDP datagram to the node's address on the prefix it
/// goes to, in an IPv6-in-IPv6 tunnel (RFC 2473; RFC 5213 §6.10.5, RFC 6275 §10.4.1) on the legs
/// between tunnel end points. The payload carries what the emulator measures with.
/// </summary>
public sealed partial class WireCodec
{
    /// <summary>The discard port (RFC 863): what the emulated sessions carry is not for any service to read.</summary>
    const ushort DataPort = 9;
    const int DataPayloadLength = 4 + 4 + 8 + 8 + 4 + 4;

    /// <summary>Writes <paramref name="packet"/> on its leg from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public byte[] Encode(DataPacket packet, Endpoint from, Endpoint to, bool tunnelled)
    {
        var source = NodeAddresses.Infrastructure(NodeKind.Correspondent, packet.Correspondent);
        var destination = NodeAddresses.OnPrefix(packet.DestinationPrefix, packet.Destination);
        var datagram = Inner(w =>
        {
            var ip = Ipv6Packet.Open(w, source, destination, NextHeader.Udp, HopLimit);
            var udp = w.Length;
            w.U16(DataPort); w.U16(DataPort); w.U16(8 + DataPayloadLength); w.U16(0);
            w.I32(packet.Session); w.I32(packet.Destination.Index); w.I64(packet.SentAt.Microseconds); w.I64(packet.PathDelay.Microseconds);
            w.I32(packet.PathHops); w.I32(packet.Tunnels);
            w.PatchU16(udp + 6, Ipv6Packet.Checksum(w.Slice(udp, w.Length - udp), source, destination, NextHeader.Udp));
            Ipv6Packet.Close(w, ip);
        });
        if (!tunnelled) return datagram;
        var outer = new PacketWriter();
        Encapsulate(outer, Global(from), Global(to), datagram);
        return outer.ToArray();
    }

    static DataPacket DecodeData(ref PacketReader r, ReadOnlySpan<byte> packet, Ipv6Header ip)
    {
        var start = r.Position;
        if (!Ipv6Packet.ChecksumHolds(packet[start..ip.End], ip.Source, ip.Destination, NextHeader.Udp))
            throw new WireFormatException("bad UDP checksum");
        r.Skip(8, "UDP header");
        var correspondent = Infrastructure(ip.Source, NodeKind.Correspondent, "data source");
        var session = r.I32("session");
        var mn = new MnIdentifier(r.I32("destination node"));
        return new DataPacket(session, mn, ip.Destination.Prefix, correspondent, new ModelTime(r.I64("data send time")),
            new ModelTime(r.I64("path delay")), r.I32("path hops"), r.I32("tunnels"));
    }
}
