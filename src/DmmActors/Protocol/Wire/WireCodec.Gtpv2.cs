using System.Text;
using DmmActors.Addressing;

namespace DmmActors.Protocol.Wire;

/// <summary>
/// GTPv2-C (TS 29.274) over UDP 2123 between the MME, the SGW and the PGW: the 12-octet header
/// with the receiver's TEID and a 24-bit sequence number (§5.1, §5.5), then TLIV information
/// elements (§8.2). What the emulator's nodes carry besides the TS's fields (the procedure and the
/// model send time) rides in a Private Extension IE (§8.67) under the documentation enterprise
/// number, as it does in a mobility header's Vendor Specific option.
/// </summary>
public sealed partial class WireCodec
{
    /// <summary>TS 29.274 §4.2: GTPv2-C's registered UDP port.</summary>
    public const ushort GtpControlPort = 2123;
    /// <summary>§5.1: version 2 in bits 8-6; T (bit 4) says a TEID follows; P and MP clear.</summary>
    const byte GtpVersion2 = 0x40, GtpFlagT = 0x08, GtpVersionMask = 0xE0;

    /// <summary>TS 29.274 §6.1, Table 6.1-1.</summary>
    public static class GtpMessageType
    {
        public const byte CreateSessionRequest = 32, CreateSessionResponse = 33, ModifyBearerRequest = 34, ModifyBearerResponse = 35,
            DeleteSessionRequest = 36, DeleteSessionResponse = 37;
    }

    /// <summary>TS 29.274 §8.1, Table 8.1-1: the IE types the emulator's messages carry.</summary>
    public static class GtpIeType
    {
        public const byte Imsi = 1, Cause = 2, Apn = 71, Ebi = 73, Indication = 77, Paa = 79, BearerQos = 80, RatType = 82, ServingNetwork = 83,
            Uli = 86, Fteid = 87, BearerContext = 93, PdnType = 99, SelectionMode = 128, PrivateExtension = 255;
    }

    /// <summary>§8.17: E-UTRAN. §8.34: IPv6. §8.21: the ULI carries the TAI (bit 4) and the ECGI (bit 5).</summary>
    const byte RatEutran = 6, PdnTypeIpv6 = 2, UliTai = 0x08, UliEcgi = 0x10;
    /// <summary>§8.22: the V6 flag of an F-TEID, an IPv6 address follows; the interface type in the low six bits.</summary>
    const byte FteidV6 = 0x40, FteidInterfaceMask = 0x3F;
    /// <summary>§8.12: the Indication's first octet carries OI (0x08), its second SI (0x02).</summary>
    const byte IndicationOi = 0x08, IndicationSi = 0x02;
    /// <summary>
    /// The emulated network's PLMN, 001/01 (ITU-T E.212's test network), as §8.18's and §8.21's
    /// PLMN field codes it: MCC digit 2 | digit 1, MNC digit 3 (F for a 2-digit MNC) | MCC digit 3, MNC digit 2 | digit 1.
    /// </summary>
    static ReadOnlySpan<byte> Plmn => [0x00, 0xF1, 0x10];
    const string ImsiPlmn = "00101";
    /// <summary>The APN every PDN connection is for (TS 23.003 §9.1: its labels, each after its length).</summary>
    const string AccessPointName = "internet";

    // ---- encoding ----

    void Gtp(PacketWriter w, IGtpControlMessage m, Endpoint from, Endpoint to, byte type, Action<PacketWriter> ies)
    {
        var (source, destination) = (Global(from), Global(to));
        var ip = Ipv6Packet.Open(w, source, destination, NextHeader.Udp, HopLimit);
        var udp = w.Length;
        w.U16(GtpControlPort); w.U16(GtpControlPort); w.U16(0); w.U16(0);
        var gtp = w.Length;
        w.U8(GtpVersion2 | GtpFlagT); w.U8(type); w.U16(0);
        w.U32(m.Teid);
        w.U8((int)(m.SequenceNumber >> 16)); w.U8((int)(m.SequenceNumber >> 8)); w.U8((int)m.SequenceNumber); w.U8(0);
        ies(w);
        GtpIe(w, GtpIeType.PrivateExtension, 0, v =>
        {
            v.U16((int)MobilityOptionType.DocumentationEnterpriseNumber);
            v.Bytes(EmulatorMetadata.Begin(m).Written);
        });
        // §5.5.1: the Message Length counts what follows its first four octets.
        w.PatchU16(gtp + 2, w.Length - gtp - 4);
        w.PatchU16(udp + 4, w.Length - udp);
        w.PatchU16(udp + 6, Ipv6Packet.Checksum(w.Slice(udp, w.Length - udp), source, destination, NextHeader.Udp));
        Ipv6Packet.Close(w, ip);
    }

    /// <summary>§8.2: type, a length that counts the value alone, the instance in the low four bits of the fourth octet, the value.</summary>
    static void GtpIe(PacketWriter w, byte type, int instance, Action<PacketWriter> value)
    {
        w.U8(type); w.U16(0); w.U8(instance & 0x0F);
        var start = w.Length;
        value(w);
        w.PatchU16(start - 3, w.Length - start);
    }

    static void GtpByte(PacketWriter w, byte type, int value) => GtpIe(w, type, 0, v => v.U8(value));

    /// <summary>§8.3: the IMSI in TBCD, two digits an octet, the first in the low nibble, F filling the last high one.</summary>
    static void GtpImsi(PacketWriter w, MnIdentifier mn) => GtpIe(w, GtpIeType.Imsi, 0, v =>
    {
        var digits = ImsiPlmn + mn.Index.ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
        for (int i = 0; i < digits.Length; i += 2)
            v.U8((digits[i] - '0') | (i + 1 < digits.Length ? digits[i + 1] - '0' : 0xF) << 4);
    });

    /// <summary>§8.22: V6 set, the interface type, the TEID, the IPv6 address of the node that ends the tunnel.</summary>
    static void GtpFteid(PacketWriter w, int instance, FullyQualifiedTeid? f)
    {
        if (f is not { } t) return;
        GtpIe(w, GtpIeType.Fteid, instance, v =>
        {
            v.U8(FteidV6 | (byte)t.Interface); v.U32(t.Teid);
            Ipv6Packet.Address(v, NodeAddresses.Infrastructure(t.Node.Kind, t.Node.Index));
        });
    }

    /// <summary>§8.21: the TAI (PLMN, TAC) and the ECGI (PLMN, four spare bits, the 28-bit cell identity).</summary>
    static void GtpUli(PacketWriter w, UserLocation? location)
    {
        if (location is not { } l) return;
        GtpIe(w, GtpIeType.Uli, 0, v =>
        {
            v.U8(UliTai | UliEcgi);
            v.Bytes(Plmn); v.U16(l.TrackingAreaCode);
            v.Bytes(Plmn); v.U32(l.EutranCellId & UserLocation.MaxCellId);
        });
    }

    /// <summary>§8.14: PDN type IPv6, the prefix length, then the 16-octet address whose first 64 bits are the prefix.</summary>
    static void GtpPaa(PacketWriter w, Prefix64 prefix) => GtpIe(w, GtpIeType.Paa, 0, v =>
    {
        v.U8(PdnTypeIpv6); v.U8(64);
        Ipv6Packet.Address(v, new Ipv6Address(prefix.Bits, 0));
    });

    static void GtpCauseIe(PacketWriter w, GtpCause cause) => GtpIe(w, GtpIeType.Cause, 0, v => { v.U8((byte)cause); v.U8(0); });

    /// <summary>
    /// §8.15: ARP (PCI set: no pre-emption; PL 15, the lowest; PVI clear), QCI 9 (TS 23.203's default
    /// bearer class), and MBR and GBR zero each way, five octets each: a non-GBR default bearer.
    /// </summary>
    static void GtpDefaultBearerQos(PacketWriter w) => GtpIe(w, GtpIeType.BearerQos, 0, v =>
    {
        v.U8(0x40 | 15 << 2); v.U8(9);
        v.Zeros(20);
    });

    void CreateSessionRequest(PacketWriter w, CreateSessionRequest m, Endpoint from, Endpoint to) =>
        Gtp(w, m, from, to, GtpMessageType.CreateSessionRequest, b =>
        {
            GtpImsi(b, m.Imsi);
            GtpUli(b, m.Location);
            GtpIe(b, GtpIeType.ServingNetwork, 0, v => v.Bytes(Plmn));
            GtpByte(b, GtpIeType.RatType, RatEutran);
            GtpFteid(b, 0, m.SenderControl);
            GtpFteid(b, 1, m.PgwControl);
            GtpIe(b, GtpIeType.Apn, 0, v => { v.U8(AccessPointName.Length); v.Bytes(Encoding.ASCII.GetBytes(AccessPointName)); });
            GtpByte(b, GtpIeType.SelectionMode, 0);
            GtpByte(b, GtpIeType.PdnType, PdnTypeIpv6);
            GtpPaa(b, m.Paa);
            GtpIe(b, GtpIeType.BearerContext, 0, c =>
            {
                GtpByte(c, GtpIeType.Ebi, m.Ebi);
                GtpFteid(c, 0, m.S1uEnodeB);
                GtpFteid(c, 2, m.S5S8uSgw);
                GtpFteid(c, 3, m.S5S8uPgw);
                GtpDefaultBearerQos(c);
            });
        });

    void CreateSessionResponse(PacketWriter w, CreateSessionResponse m, Endpoint from, Endpoint to) =>
        Gtp(w, m, from, to, GtpMessageType.CreateSessionResponse, b =>
        {
            GtpCauseIe(b, m.Cause);
            GtpFteid(b, 0, m.SenderControl);
            GtpFteid(b, 1, m.PgwControl);
            if (!m.Paa.IsNone) GtpPaa(b, m.Paa);
            GtpIe(b, GtpIeType.BearerContext, 0, c =>
            {
                GtpByte(c, GtpIeType.Ebi, m.Ebi);
                GtpCauseIe(c, m.BearerCause);
                GtpFteid(c, 0, m.S1uSgw);
                GtpFteid(c, 2, m.S5S8uPgw);
            });
        });

    void ModifyBearerRequest(PacketWriter w, ModifyBearerRequest m, Endpoint from, Endpoint to) =>
        Gtp(w, m, from, to, GtpMessageType.ModifyBearerRequest, b =>
        {
            GtpUli(b, m.Location);
            GtpFteid(b, 0, m.SenderControl);
            GtpIe(b, GtpIeType.BearerContext, 0, c =>
            {
                GtpByte(c, GtpIeType.Ebi, m.Ebi);
                GtpFteid(c, 0, m.S1uEnodeB);
                GtpFteid(c, 1, m.S5S8uSgw);
            });
        });

    void ModifyBearerResponse(PacketWriter w, ModifyBearerResponse m, Endpoint from, Endpoint to) =>
        Gtp(w, m, from, to, GtpMessageType.ModifyBearerResponse, b =>
        {
            GtpCauseIe(b, m.Cause);
            GtpIe(b, GtpIeType.BearerContext, 0, c =>
            {
                GtpByte(c, GtpIeType.Ebi, m.Ebi);
                GtpCauseIe(c, m.BearerCause);
                GtpFteid(c, 0, m.S1uSgw);
            });
        });

    void DeleteSessionRequest(PacketWriter w, DeleteSessionRequest m, Endpoint from, Endpoint to) =>
        Gtp(w, m, from, to, GtpMessageType.DeleteSessionRequest, b =>
        {
            GtpByte(b, GtpIeType.Ebi, m.LinkedEbi);
            if (m.ScopeIndication || m.OperationIndication)
                GtpIe(b, GtpIeType.Indication, 0, v => { v.U8(m.OperationIndication ? IndicationOi : 0); v.U8(m.ScopeIndication ? IndicationSi : 0); });
        });

    void DeleteSessionResponse(PacketWriter w, DeleteSessionResponse m, Endpoint from, Endpoint to) =>
        Gtp(w, m, from, to, GtpMessageType.DeleteSessionResponse, b => GtpCauseIe(b, m.Cause));

    /// <summary>TS 29.281 §4.4.2: GTP-U's registered UDP port.</summary>
    public const ushort GtpUserPort = 2152;
    /// <summary>§5.1: version 1, PT 1 (GTP, not GTP'), E, S and PN clear; §6.1: 255 is the G-PDU.</summary>
    const byte GtpUserFlags = 0x30, GtpUserGpdu = 255;

    /// <summary>A G-PDU (TS 29.281 §5.1, §6.1): the 8-octet header naming the receiver's TEID, then the UE's datagram, in UDP 2152 over IPv6.</summary>
    static void GtpUser(PacketWriter w, Ipv6Address source, Ipv6Address destination, uint teid, ReadOnlySpan<byte> datagram)
    {
        var ip = Ipv6Packet.Open(w, source, destination, NextHeader.Udp, HopLimit);
        var udp = w.Length;
        w.U16(GtpUserPort); w.U16(GtpUserPort); w.U16(8 + 8 + datagram.Length); w.U16(0);
        // §5.1: the length counts what follows the mandatory eight octets.
        w.U8(GtpUserFlags); w.U8(GtpUserGpdu); w.U16(datagram.Length); w.U32(teid);
        w.Bytes(datagram);
        w.PatchU16(udp + 6, Ipv6Packet.Checksum(w.Slice(udp, w.Length - udp), source, destination, NextHeader.Udp));
        Ipv6Packet.Close(w, ip);
    }

    static bool IsGtpUser(ReadOnlySpan<byte> packet, int udp) =>
        packet.Length >= udp + 4 && (packet[udp + 2] << 8 | packet[udp + 3]) == GtpUserPort;

    /// <summary>A G-PDU's datagram, decoded as the tunnel carried it; its TEID must be its UE's bearer's at the receiving end.</summary>
    DecodedPacket DecodeGtpUser(ref PacketReader r, ReadOnlySpan<byte> packet, Ipv6Header ip)
    {
        var start = r.Position;
        if (!Ipv6Packet.ChecksumHolds(packet[start..ip.End], ip.Source, ip.Destination, NextHeader.Udp)) throw new WireFormatException("bad UDP checksum (GTP-U)");
        r.Skip(6, "UDP header"); r.U16("UDP checksum");
        if (r.U8("GTP-U flags") != GtpUserFlags) throw new WireFormatException("GTP-U header other than version 1, PT 1, no optional fields (TS 29.281 §5.1)");
        if (r.U8("GTP-U message type") != GtpUserGpdu) throw new WireFormatException("GTP-U message other than a G-PDU on a data leg");
        var length = r.U16("GTP-U length");
        var teid = r.U32("GTP-U TEID");
        if (length != ip.End - r.Position) throw new WireFormatException("GTP-U length other than the datagram's (TS 29.281 §5.1)");
        var carried = Decode(packet[r.Position..ip.End]);
        if (carried.Message is not DataPacket data) throw new WireFormatException("G-PDU carrying no data packet");
        if (teid != GtpTeids.Bearer(data.Uplink ? data.SourceNode : data.Destination)) throw new WireFormatException($"G-PDU TEID {teid} is not its UE's bearer's");
        return new DecodedPacket(data with { Encapsulation = Encapsulation.GtpU }, carried.Source, carried.Destination, Tunnelled: true);
    }

    // ---- decoding ----

    static bool IsGtpControl(ReadOnlySpan<byte> packet, int udp) =>
        packet.Length >= udp + 4 && (packet[udp + 2] << 8 | packet[udp + 3]) == GtpControlPort;

    /// <summary>What one message's (or one grouped IE's) information elements held.</summary>
    sealed class GtpIes
    {
        public MnIdentifier? Imsi;
        public GtpCause? Cause;
        public byte? Ebi;
        public byte Indication0, Indication1;
        public Prefix64? Paa;
        public UserLocation? Location;
        public readonly Dictionary<int, FullyQualifiedTeid> Fteids = new();
        public GtpIes? BearerContext;
        public byte[]? Metadata;
        public readonly HashSet<byte> Seen = new();

        public FullyQualifiedTeid? Fteid(int instance) => Fteids.TryGetValue(instance, out var f) ? f : null;
    }

    IDmmMessage DecodeGtpControl(ref PacketReader r, ReadOnlySpan<byte> packet, Ipv6Header ip)
    {
        ReadUdpHeader(ref r, packet, ip, "GTPv2-C");
        var gtp = r.Position;
        var flags = r.U8("GTPv2-C flags");
        if ((flags & GtpVersionMask) != GtpVersion2) throw new WireFormatException($"GTP version {flags >> 5} on UDP 2123, not 2 (TS 29.274 §5.1)");
        if ((flags & GtpFlagT) == 0) throw new WireFormatException("GTPv2-C session message without a TEID (TS 29.274 §5.5.1: T must be 1)");
        var type = r.U8("GTPv2-C message type");
        // §5.5.1: the length counts what follows the first four octets; Wireshark does not check it, so this does.
        if (r.U16("GTPv2-C message length") != ip.End - gtp - 4) throw new WireFormatException("GTPv2-C message length other than the UDP payload's less 4 (TS 29.274 §5.5.1)");
        var teid = r.U32("GTPv2-C TEID");
        var sequence = (uint)r.U8("GTPv2-C sequence number") << 16 | (uint)r.U8("GTPv2-C sequence number") << 8 | r.U8("GTPv2-C sequence number");
        r.U8("GTPv2-C spare");
        var ies = GtpReadIes(ref r, ip.End, grouped: false);
        var meta = new PacketReader(ies.Metadata ?? throw new WireFormatException("GTPv2-C message without the emulator's Private Extension IE"));
        var common = EmulatorMetadata.Read(ref meta);
        var (procedure, at) = (common.Procedure, common.SentAt);
        FullyQualifiedTeid? Instance(GtpIes? from, int instance) => from?.Fteid(instance);
        GtpIes Bearer(string message) => ies.BearerContext ?? throw new WireFormatException($"{message} without its Bearer Context IE (TS 29.274 §7.2)");
        byte BearerEbi(string message) => Bearer(message).Ebi ?? throw new WireFormatException($"{message}'s Bearer Context without an EBI IE");
        GtpCause CauseOf(GtpIes from, string message) => from.Cause ?? throw new WireFormatException($"{message} without a Cause IE (TS 29.274 §7.2)");
        switch (type)
        {
            case GtpMessageType.CreateSessionRequest:
            {
                var imsi = ies.Imsi ?? throw new WireFormatException("Create Session Request without an IMSI IE");
                var sender = ies.Fteid(0) ?? throw new WireFormatException("Create Session Request without its Sender F-TEID for the control plane (TS 29.274 §7.2.1: M)");
                foreach (var mandatory in new[] { GtpIeType.RatType, GtpIeType.Apn })
                    if (!ies.Seen.Contains(mandatory)) throw new WireFormatException($"Create Session Request without IE type {mandatory} (TS 29.274 §7.2.1: M)");
                var location = ies.Location ?? throw new WireFormatException("Create Session Request without a ULI IE");
                var bearer = Bearer("Create Session Request");
                return new CreateSessionRequest(procedure, at, teid, sequence, imsi, sender, BearerEbi("Create Session Request"), location)
                {
                    PgwControl = ies.Fteid(1), S1uEnodeB = Instance(bearer, 0), S5S8uSgw = Instance(bearer, 2), S5S8uPgw = Instance(bearer, 3),
                    Paa = ies.Paa ?? Prefix64.None,
                };
            }
            case GtpMessageType.CreateSessionResponse:
            {
                var bearer = ies.BearerContext;
                return new CreateSessionResponse(procedure, at, teid, sequence, CauseOf(ies, "Create Session Response"))
                {
                    SenderControl = ies.Fteid(0), PgwControl = ies.Fteid(1), Paa = ies.Paa ?? Prefix64.None,
                    Ebi = bearer?.Ebi ?? 0, BearerCause = bearer?.Cause ?? GtpCause.RequestAccepted,
                    S1uSgw = Instance(bearer, 0), S5S8uPgw = Instance(bearer, 2),
                };
            }
            case GtpMessageType.ModifyBearerRequest:
            {
                var bearer = Bearer("Modify Bearer Request");
                return new ModifyBearerRequest(procedure, at, teid, sequence, BearerEbi("Modify Bearer Request"))
                {
                    SenderControl = ies.Fteid(0), Location = ies.Location, S1uEnodeB = Instance(bearer, 0), S5S8uSgw = Instance(bearer, 1),
                };
            }
            case GtpMessageType.ModifyBearerResponse:
            {
                var bearer = Bearer("Modify Bearer Response");
                return new ModifyBearerResponse(procedure, at, teid, sequence, CauseOf(ies, "Modify Bearer Response"), BearerEbi("Modify Bearer Response"))
                {
                    BearerCause = CauseOf(bearer, "Modify Bearer Response's Bearer Context"), S1uSgw = Instance(bearer, 0),
                };
            }
            case GtpMessageType.DeleteSessionRequest:
                return new DeleteSessionRequest(procedure, at, teid, sequence, ies.Ebi ?? throw new WireFormatException("Delete Session Request without its Linked EBI"))
                {
                    OperationIndication = (ies.Indication0 & IndicationOi) != 0, ScopeIndication = (ies.Indication1 & IndicationSi) != 0,
                };
            case GtpMessageType.DeleteSessionResponse:
                return new DeleteSessionResponse(procedure, at, teid, sequence, CauseOf(ies, "Delete Session Response"));
            default:
                throw new WireFormatException($"GTPv2-C message type {type}, which the emulator does not send");
        }
    }

    GtpIes GtpReadIes(ref PacketReader r, int end, bool grouped)
    {
        var ies = new GtpIes();
        while (r.Position < end)
        {
            var type = r.U8("GTPv2-C IE type");
            var length = r.U16("GTPv2-C IE length");
            var instance = r.U8("GTPv2-C IE instance") & 0x0F;
            if (r.Position + length > end) throw new WireFormatException($"GTPv2-C IE type {type} of {length} octets runs past its message");
            var v = new PacketReader(r.Bytes(length, $"GTPv2-C IE type {type}"));
            ies.Seen.Add(type);
            switch (type)
            {
                case GtpIeType.Imsi: ies.Imsi = GtpReadImsi(ref v, length); break;
                case GtpIeType.Cause:
                    ies.Cause = (GtpCause)v.U8("cause");
                    break;
                case GtpIeType.Ebi: ies.Ebi = (byte)(v.U8("EBI") & 0x0F); break;
                case GtpIeType.Indication:
                    ies.Indication0 = v.U8("indication flags");
                    if (length > 1) ies.Indication1 = v.U8("indication flags");
                    break;
                case GtpIeType.Paa:
                    if ((v.U8("PDN type") & 0x07) != PdnTypeIpv6 || v.U8("IPv6 prefix length") != 64)
                        throw new WireFormatException("PAA other than an IPv6 /64 (TS 29.274 §8.14)");
                    ies.Paa = Ipv6Address.Read(v.Bytes(16, "PAA IPv6 prefix")).Prefix;
                    break;
                case GtpIeType.Uli:
                    if (v.U8("ULI flags") != (UliTai | UliEcgi)) throw new WireFormatException("ULI without exactly a TAI and an ECGI");
                    v.Skip(3, "TAI PLMN");
                    var tac = v.U16("TAC");
                    v.Skip(3, "ECGI PLMN");
                    ies.Location = new UserLocation(tac, v.U32("ECI") & UserLocation.MaxCellId);
                    break;
                case GtpIeType.Fteid:
                    var fteidFlags = v.U8("F-TEID flags");
                    if ((fteidFlags & 0xC0) != FteidV6) throw new WireFormatException("F-TEID with other than one IPv6 address (TS 29.274 §8.22)");
                    var teid = v.U32("F-TEID TEID");
                    var address = Ipv6Address.Read(v.Bytes(16, "F-TEID IPv6 address"));
                    if (!NodeAddresses.TryInfrastructure(address, out var kind, out var index))
                        throw new WireFormatException($"F-TEID address {address} is no emulated node's");
                    ies.Fteids[instance] = new FullyQualifiedTeid((GtpInterface)(fteidFlags & FteidInterfaceMask), teid, new Endpoint(kind, index));
                    break;
                case GtpIeType.BearerContext:
                    if (grouped) throw new WireFormatException("a Bearer Context inside a Bearer Context");
                    var child = new PacketReader(v.Bytes(length, "Bearer Context"));
                    ies.BearerContext = GtpReadIes(ref child, length, grouped: true);
                    break;
                case GtpIeType.PrivateExtension:
                    if (v.U16("enterprise ID") == MobilityOptionType.DocumentationEnterpriseNumber) ies.Metadata = v.Bytes(length - 2, "emulator metadata").ToArray();
                    break;
            }
        }
        return ies;
    }

    /// <summary>§8.3: TBCD; an IMSI of the emulated PLMN whose MSIN is a node's index.</summary>
    static MnIdentifier GtpReadImsi(ref PacketReader v, int length)
    {
        var digits = new StringBuilder(length * 2);
        for (int i = 0; i < length; i++)
        {
            var octet = v.U8("IMSI");
            digits.Append((char)('0' + (octet & 0x0F)));
            if (octet >> 4 != 0xF) digits.Append((char)('0' + (octet >> 4)));
        }
        var imsi = digits.ToString();
        if (!imsi.StartsWith(ImsiPlmn, StringComparison.Ordinal) || !int.TryParse(imsi.AsSpan(ImsiPlmn.Length), out var index) || index < 0)
            throw new WireFormatException($"IMSI {imsi} is no emulated UE's");
        return new MnIdentifier(index);
    }
}
