using DmmActors.Addressing;

namespace DmmActors.Protocol.Wire;

/// <summary>
/// S1-AP at the level of its elementary procedures. TS 36.412 carries S1-AP over SCTP port 36412
/// in ASN.1 aligned PER, which the emulator does not write: its S1-AP messages are UDP datagrams to
/// that port number, which no dissector claims over UDP, so Wireshark shows them as data. The
/// datagram holds the PDU choice and the procedure code (TS 36.413 §9.3.2, §9.3.7), then the
/// fields the emulator's eNBs and MME act on, then the emulator's metadata.
/// </summary>
public sealed partial class WireCodec
{
    /// <summary>TS 36.412 §7: the port S1-AP is carried on.</summary>
    public const ushort S1apPort = 36412;
    /// <summary>Which optional fields follow.</summary>
    const byte S1apLocation = 0x01, S1apBearer = 0x02, S1apPaa = 0x04, S1apLocalGateway = 0x08, S1apLocalPaa = 0x10;

    void S1ap(PacketWriter w, S1apMessage m, Endpoint from, Endpoint to)
    {
        var (source, destination) = (Global(from), Global(to));
        var ip = Ipv6Packet.Open(w, source, destination, NextHeader.Udp, HopLimit);
        var udp = w.Length;
        w.U16(S1apPort); w.U16(S1apPort); w.U16(0); w.U16(0);
        w.U8((byte)m.Pdu); w.U8((byte)m.Code);
        w.U8((m.Location is null ? 0 : S1apLocation) | (m.Bearer is null ? 0 : S1apBearer) | (m.Paa.IsNone ? 0 : S1apPaa)
             | (m.LocalGateway is null ? 0 : S1apLocalGateway) | (m.LocalPaa.IsNone ? 0 : S1apLocalPaa));
        w.U8(0);
        w.U32((uint)m.Ue.Index); w.U32((uint)m.Enb);
        if (m.Location is { } l) { w.U16(l.TrackingAreaCode); w.U32(l.EutranCellId & UserLocation.MaxCellId); }
        if (m.Bearer is { } b)
        {
            w.U8((byte)b.Interface); w.U32(b.Teid);
            Ipv6Packet.Address(w, NodeAddresses.Infrastructure(b.Node.Kind, b.Node.Index));
        }
        if (!m.Paa.IsNone) Ipv6Packet.Address(w, new Ipv6Address(m.Paa.Bits, 0));
        if (m.LocalGateway is { } g) Ipv6Packet.Address(w, NodeAddresses.Infrastructure(g.Kind, g.Index));
        if (!m.LocalPaa.IsNone) Ipv6Packet.Address(w, new Ipv6Address(m.LocalPaa.Bits, 0));
        var meta = EmulatorMetadata.Begin(m).Written;
        w.U16(meta.Length); w.Bytes(meta);
        w.PatchU16(udp + 4, w.Length - udp);
        w.PatchU16(udp + 6, Ipv6Packet.Checksum(w.Slice(udp, w.Length - udp), source, destination, NextHeader.Udp));
        Ipv6Packet.Close(w, ip);
    }

    /// <summary>The UDP header of a datagram carrying <paramref name="protocol"/>: its checksum and its length checked against the IPv6 payload's.</summary>
    static void ReadUdpHeader(ref PacketReader r, ReadOnlySpan<byte> packet, Ipv6Header ip, string protocol)
    {
        var start = r.Position;
        if (!Ipv6Packet.ChecksumHolds(packet[start..ip.End], ip.Source, ip.Destination, NextHeader.Udp)) throw new WireFormatException($"bad UDP checksum ({protocol})");
        r.U16("UDP source port"); r.U16("UDP destination port");
        if (r.U16("UDP length") != ip.End - start) throw new WireFormatException($"UDP length other than the IPv6 payload's ({protocol})");
        r.U16("UDP checksum");
    }

    static bool IsS1ap(ReadOnlySpan<byte> packet, int udp) =>
        packet.Length >= udp + 4 && (packet[udp + 2] << 8 | packet[udp + 3]) == S1apPort;

    IDmmMessage DecodeS1ap(ref PacketReader r, ReadOnlySpan<byte> packet, Ipv6Header ip)
    {
        ReadUdpHeader(ref r, packet, ip, "S1-AP");
        var pdu = r.U8("S1AP-PDU choice");
        if (!Enum.IsDefined((S1apPdu)pdu)) throw new WireFormatException($"S1AP-PDU choice {pdu}, none of TS 36.413 §9.3.2's three");
        var code = r.U8("S1-AP procedure code");
        if (!Enum.IsDefined((S1apProcedure)code)) throw new WireFormatException($"S1-AP procedure code {code} is none the emulator runs");
        var present = r.U8("S1-AP fields present");
        if ((present & ~(S1apLocation | S1apBearer | S1apPaa | S1apLocalGateway | S1apLocalPaa)) != 0) throw new WireFormatException($"S1-AP fields 0x{present:x2}, some unknown");
        r.U8("S1-AP spare");
        var ue = r.U32("UE S1AP ID");
        var enb = r.U32("eNB index");
        if (ue > int.MaxValue || enb > int.MaxValue) throw new WireFormatException("UE or eNB identifier out of range (S1-AP)");
        UserLocation? location = (present & S1apLocation) != 0 ? new UserLocation(r.U16("TAC"), r.U32("E-UTRAN cell identity")) : null;
        if (location is { EutranCellId: > UserLocation.MaxCellId }) throw new WireFormatException("E-UTRAN cell identity wider than 28 bits (TS 36.413 §9.2.1.38)");
        FullyQualifiedTeid? bearer = null;
        if ((present & S1apBearer) != 0)
        {
            var iface = r.U8("E-RAB interface");
            if (!Enum.IsDefined((GtpInterface)iface)) throw new WireFormatException($"E-RAB interface {iface} is none of TS 29.274 §8.22's the emulator uses");
            var teid = r.U32("GTP-TEID");
            var address = Ipv6Address.Read(r.Bytes(16, "transport layer address"));
            if (!NodeAddresses.TryInfrastructure(address, out var kind, out var index))
                throw new WireFormatException($"transport layer address {address} is no emulated node's");
            bearer = new FullyQualifiedTeid((GtpInterface)iface, teid, new Endpoint(kind, index));
        }
        var paa = (present & S1apPaa) != 0 ? Ipv6Address.Read(r.Bytes(16, "PDN address")).Prefix : Prefix64.None;
        Endpoint? localGateway = null;
        if ((present & S1apLocalGateway) != 0)
        {
            var address = Ipv6Address.Read(r.Bytes(16, "GW transport layer address"));
            if (!NodeAddresses.TryInfrastructure(address, out var kind, out var index)) throw new WireFormatException($"GW transport layer address {address} is no emulated node's");
            localGateway = new Endpoint(kind, index);
        }
        var localPaa = (present & S1apLocalPaa) != 0 ? Ipv6Address.Read(r.Bytes(16, "local PDN address")).Prefix : Prefix64.None;
        var metaLength = r.U16("metadata length");
        var meta = new PacketReader(r.Bytes(metaLength, "emulator metadata"));
        var common = EmulatorMetadata.Read(ref meta);
        if (r.Position != ip.End) throw new WireFormatException("bytes after the S1-AP message's metadata");
        return new S1apMessage(common.Procedure, common.SentAt, (S1apProcedure)code, (S1apPdu)pdu, new MnIdentifier((int)ue), (int)enb)
        {
            Location = location, Bearer = bearer, Paa = paa, LocalGateway = localGateway, LocalPaa = localPaa,
        };
    }
}
