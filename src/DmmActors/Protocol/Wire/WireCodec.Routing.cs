using DmmActors.Addressing;

namespace DmmActors.Protocol.Wire;

/// <summary>
/// The route update that stands for the routing system learning a relocated prefix's new anchor
/// (RFC 8818 §3.2.2): a RIPng triggered update (RFC 2080 §2.5.1), a Response from the anchor's
/// link-local address, UDP port 521, to all RIP routers, hop limit 255 (§2.4.2), with one route
/// table entry for the /64 at metric 1. Its originator is the next hop (§2.1.1: no next hop entry).
/// The emulator's metadata rides in a destination options header.
/// </summary>
public sealed partial class WireCodec
{
    /// <summary>RFC 2080 §2.1, §2.3.</summary>
    const ushort RipngPort = 521;
    const byte RipngResponse = 2, RipngVersion = 1, RipngHopLimit = 255;
    const int RouteTableEntryLength = 20;

    void PrefixRoute(PacketWriter w, PrefixRoute m)
    {
        var source = NodeAddresses.AnchorLinkLocal(m.Anchor);
        var destination = NodeAddresses.AllRipRouters;
        var ip = Ipv6Packet.Open(w, source, destination, NextHeader.DestinationOptions, RipngHopLimit);
        ExtensionHeaders.DestinationMetadata(w, NextHeader.Udp, EmulatorMetadata.Begin(m));
        var udp = w.Length;
        w.U16(RipngPort); w.U16(RipngPort); w.U16(8 + 4 + RouteTableEntryLength); w.U16(0);
        w.U8(RipngResponse); w.U8(RipngVersion); w.U16(0);
        Ipv6Packet.Address(w, new Ipv6Address(m.Prefix.Bits, 0));
        w.U16(0); // route tag
        w.U8(64); // prefix length
        w.U8(1); // metric
        w.PatchU16(udp + 6, Ipv6Packet.Checksum(w.Slice(udp, w.Length - udp), source, destination, NextHeader.Udp));
        Ipv6Packet.Close(w, ip);
    }

    static bool IsRipng(ReadOnlySpan<byte> packet, int udp) =>
        packet.Length >= udp + 4 && (packet[udp] << 8 | packet[udp + 1]) == RipngPort && (packet[udp + 2] << 8 | packet[udp + 3]) == RipngPort;

    PrefixRoute DecodeRouteUpdate(ref PacketReader r, ReadOnlySpan<byte> packet, Ipv6Header ip, PacketWriter metadata)
    {
        var start = r.Position;
        if (ip.Destination != NodeAddresses.AllRipRouters)
            throw new WireFormatException($"RIPng response to {ip.Destination}: a triggered update goes to all RIP routers, ff02::9 (RFC 2080 §2.5.1)");
        if (!Ipv6Packet.ChecksumHolds(packet[start..ip.End], ip.Source, ip.Destination, NextHeader.Udp))
            throw new WireFormatException("bad UDP checksum (RIPng)");
        if (ip.HopLimit != RipngHopLimit) throw new WireFormatException($"RIPng response with hop limit {ip.HopLimit}, not 255 (RFC 2080 §2.4.2)");
        if (!NodeAddresses.TryAnchorLinkLocal(ip.Source, out var anchor)) throw new WireFormatException($"RIPng response from {ip.Source}, not an anchor's link-local address");
        r.Skip(8, "UDP header");
        if (r.U8("RIPng command") != RipngResponse || r.U8("RIPng version") != RipngVersion)
            throw new WireFormatException("RIPng message that is not a version 1 response");
        r.U16("RIPng reserved");
        var prefix = Ipv6Address.Read(r.Bytes(16, "RIPng prefix")).Prefix;
        r.U16("RIPng route tag");
        if (r.U8("RIPng prefix length") != 64) throw new WireFormatException("RIPng route that is not a /64");
        r.U8("RIPng metric");
        if (metadata.Length == 0) throw new WireFormatException("RIPng response without the emulator's metadata option");
        var meta = new PacketReader(metadata.ToArray());
        var common = EmulatorMetadata.Read(ref meta);
        return new PrefixRoute(common.Procedure, common.SentAt, prefix, anchor);
    }
}
