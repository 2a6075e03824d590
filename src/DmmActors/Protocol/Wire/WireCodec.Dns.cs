using System.Text;
using DmmActors.Addressing;

namespace DmmActors.Protocol.Wire;

/// <summary>
/// S-NAPTR gateway selection (TS 29.303, RFC 3958) as DNS over UDP 53 (RFC 1035 §4): the query for
/// the NAPTR records (RFC 3403 §4.1) of a tracking area's FQDN (TS 23.003 §19.4.2.3), and the answer
/// with one NAPTR record per gateway, flag "a" (its replacement has the address), and that
/// address in an AAAA record (RFC 3596) in the additional section. What the emulator's nodes carry
/// besides (the procedure and the model send time) rides in an EDNS(0) option (RFC 6891 §6.1.2)
/// from the range §9 sets aside for local and experimental use.
/// </summary>
public sealed partial class WireCodec
{
    /// <summary>RFC 1035 §4.2.1.</summary>
    public const ushort DnsPort = 53;
    /// <summary>RFC 1035 §3.2.2, §3.2.4; RFC 3403 §4; RFC 3596 §2.1; RFC 6891 §6.1.1.</summary>
    const ushort DnsTypeNaptr = 35, DnsTypeAaaa = 28, DnsTypeOpt = 41, DnsClassIn = 1;
    /// <summary>RFC 1035 §4.1.1: QR set in a response, RD asked, RA and AA in the DNS's answer.</summary>
    const ushort DnsQuery = 0x0100, DnsResponse = 0x8000 | 0x0400 | 0x0100 | 0x0080;
    /// <summary>RFC 6891 §9: an option code for local or experimental use, carrying the emulator's metadata; the UDP size it offers.</summary>
    const ushort DnsMetadataOption = 65001, DnsUdpSize = 1232;
    /// <summary>The answer's records live as long as a run: an MME asks afresh for each UE.</summary>
    const uint DnsTtl = 300;
    const string EpcDomain = "epc.mnc001.mcc001.3gppnetwork.org";

    /// <summary>TS 23.003 §19.4.2.3: the tracking area's FQDN, the TAC's low byte then its high byte, in hexadecimal.</summary>
    public static string TrackingAreaName(ushort tac) => $"tac-lb{tac & 0xFF:x2}.tac-hb{tac >> 8:x2}.tac.{EpcDomain}";

    /// <summary>TS 29.303 §6.3: the application service and protocol of each gateway kind.</summary>
    static string ServiceName(GatewayService s) => s == GatewayService.Sgw ? "x-3gpp-sgw:x-s5-gtp" : "x-3gpp-pgw:x-s5-gtp";

    /// <summary>TS 29.303 Annex C: a gateway's canonical node name, "topon." and its host name.</summary>
    static string GatewayName(Endpoint node) => $"topon.{node.Kind.Name.ToLowerInvariant()}-{node.Index}.node.{EpcDomain}";

    void GatewayQuery(PacketWriter w, GatewayQuery m, Endpoint from, Endpoint to) =>
        Dns(w, m, from, to, m.Id, DnsQuery, m.TrackingAreaCode, [], m.Service);

    void GatewayAnswer(PacketWriter w, GatewayAnswer m, Endpoint from, Endpoint to) =>
        Dns(w, m, from, to, m.Id, DnsResponse, m.TrackingAreaCode, m.Candidates, m.Service);

    void Dns(PacketWriter w, ISignal m, Endpoint from, Endpoint to, ushort id, ushort flags, ushort tac, IReadOnlyList<GatewayCandidate> answers,
        GatewayService service)
    {
        var (source, destination) = (Global(from), Global(to));
        var ip = Ipv6Packet.Open(w, source, destination, NextHeader.Udp, HopLimit);
        var udp = w.Length;
        var response = (flags & 0x8000) != 0;
        w.U16(response ? DnsPort : DnsClientPort(id)); w.U16(response ? DnsClientPort(id) : DnsPort); w.U16(0); w.U16(0);
        w.U16(id); w.U16(flags); w.U16(1); w.U16(answers.Count); w.U16(0); w.U16(answers.Count + 1);
        const int question = 12;
        DnsName(w, TrackingAreaName(tac)); w.U16(DnsTypeNaptr); w.U16(DnsClassIn);
        foreach (var a in answers)
        {
            // RFC 1035 §4.1.4: the owner name points back at the question's.
            w.U16(0xC000 | question); w.U16(DnsTypeNaptr); w.U16(DnsClassIn); w.U32(DnsTtl);
            var length = w.Length; w.U16(0);
            w.U16(a.Order); w.U16(a.Preference);
            DnsString(w, "a"); DnsString(w, ServiceName(service)); DnsString(w, "");
            // RFC 3403 §4.1: the replacement is a domain name, not compressed.
            DnsName(w, GatewayName(a.Node));
            w.PatchU16(length, w.Length - length - 2);
        }
        foreach (var a in answers)
        {
            DnsName(w, GatewayName(a.Node)); w.U16(DnsTypeAaaa); w.U16(DnsClassIn); w.U32(DnsTtl); w.U16(16);
            Ipv6Packet.Address(w, NodeAddresses.Infrastructure(a.Node.Kind, a.Node.Index));
        }
        // RFC 6891 §6.1.2: the OPT record, root owner, the UDP size in its class, its options in its data.
        var blob = EmulatorMetadata.Begin(m);
        // S-NAPTR's client picks the records of the service it wants from all the name has; the emulator's DNS answers with those alone, so the query says which.
        blob.U8((byte)service);
        var meta = blob.Written;
        w.U8(0); w.U16(DnsTypeOpt); w.U16(DnsUdpSize); w.U32(0); w.U16(4 + meta.Length);
        w.U16(DnsMetadataOption); w.U16(meta.Length); w.Bytes(meta);
        w.PatchU16(udp + 4, w.Length - udp);
        w.PatchU16(udp + 6, Ipv6Packet.Checksum(w.Slice(udp, w.Length - udp), source, destination, NextHeader.Udp));
        Ipv6Packet.Close(w, ip);
    }

    /// <summary>The client's ephemeral port (RFC 6335 §6: 49152–65535), one per query, so that its answer finds it.</summary>
    static ushort DnsClientPort(ushort id) => (ushort)(49152 + id % 16384);

    static void DnsName(PacketWriter w, string name)
    {
        foreach (var label in name.Split('.')) DnsString(w, label);
        w.U8(0);
    }

    static void DnsString(PacketWriter w, string s)
    {
        w.U8(s.Length);
        w.Bytes(Encoding.ASCII.GetBytes(s));
    }

    static bool IsDns(ReadOnlySpan<byte> packet, int udp) =>
        packet.Length >= udp + 4 && ((packet[udp] << 8 | packet[udp + 1]) == DnsPort || (packet[udp + 2] << 8 | packet[udp + 3]) == DnsPort);

    IDmmMessage DecodeDns(ref PacketReader r, ReadOnlySpan<byte> packet, Ipv6Header ip)
    {
        var start = r.Position;
        if (!Ipv6Packet.ChecksumHolds(packet[start..ip.End], ip.Source, ip.Destination, NextHeader.Udp)) throw new WireFormatException("bad UDP checksum (DNS)");
        r.Skip(8, "UDP header");
        var message = packet[r.Position..ip.End];
        var id = r.U16("DNS ID");
        var flags = r.U16("DNS flags");
        if (flags != DnsQuery && flags != DnsResponse) throw new WireFormatException($"DNS flags 0x{flags:x4}, neither the emulator's query nor its answer");
        var (questions, answers, authority, additional) = (r.U16("QDCOUNT"), r.U16("ANCOUNT"), r.U16("NSCOUNT"), r.U16("ARCOUNT"));
        if (questions != 1 || authority != 0 || additional != answers + 1) throw new WireFormatException("DNS message other than one question, its answers, their addresses and an OPT record");
        var name = DnsReadName(ref r, message);
        if (r.U16("QTYPE") != DnsTypeNaptr || r.U16("QCLASS") != DnsClassIn) throw new WireFormatException("DNS question other than NAPTR IN");
        var tac = TrackingAreaOf(name);
        var records = new List<(string Replacement, ushort Order, ushort Preference, string Service)>();
        for (int i = 0; i < answers; i++)
        {
            DnsReadName(ref r, message);
            if (r.U16("TYPE") != DnsTypeNaptr) throw new WireFormatException("DNS answer other than NAPTR");
            r.U16("CLASS"); r.U32("TTL");
            var end = r.Position + 2 + r.U16("RDLENGTH");
            var (order, preference) = (r.U16("NAPTR order"), r.U16("NAPTR preference"));
            if (DnsReadString(ref r) != "a") throw new WireFormatException("NAPTR record whose flags are not \"a\" (TS 29.303 §4.3)");
            var services = DnsReadString(ref r);
            DnsReadString(ref r);
            records.Add((DnsReadName(ref r, message), order, preference, services));
            if (r.Position != end) throw new WireFormatException("NAPTR record of another length than its RDLENGTH");
        }
        var addresses = new Dictionary<string, Ipv6Address>();
        for (int i = 0; i < answers; i++)
        {
            var owner = DnsReadName(ref r, message);
            if (r.U16("TYPE") != DnsTypeAaaa) throw new WireFormatException("DNS additional record other than AAAA before the OPT record");
            r.U16("CLASS"); r.U32("TTL");
            if (r.U16("RDLENGTH") != 16) throw new WireFormatException("AAAA record of other than 16 octets");
            addresses[owner] = Ipv6Address.Read(r.Bytes(16, "AAAA address"));
        }
        if (r.U8("OPT owner") != 0 || r.U16("OPT type") != DnsTypeOpt) throw new WireFormatException("DNS message without its OPT record last");
        r.U16("OPT UDP size"); r.U32("OPT extended flags"); r.U16("OPT length");
        if (r.U16("EDNS option code") != DnsMetadataOption) throw new WireFormatException("OPT record without the emulator's option");
        var meta = new PacketReader(r.Bytes(r.U16("EDNS option length"), "emulator metadata"));
        var common = EmulatorMetadata.Read(ref meta);
        var service = (GatewayService)meta.U8("gateway service");
        if (!Enum.IsDefined(service)) throw new WireFormatException($"gateway service {(byte)service} in the emulator's metadata");
        if (records.FirstOrDefault(rec => rec.Service != ServiceName(service)) is { Service: { } other })
            throw new WireFormatException($"NAPTR service {other} in an answer for {ServiceName(service)}");
        if (flags == DnsQuery) return new GatewayQuery(common.Procedure, common.SentAt, id, tac, service);
        var candidates = records.Select(rec =>
        {
            if (!addresses.TryGetValue(rec.Replacement, out var address)) throw new WireFormatException($"NAPTR replacement {rec.Replacement} without its AAAA record");
            if (!NodeAddresses.TryInfrastructure(address, out var nodeKind, out var index)) throw new WireFormatException($"gateway address {address} is no emulated node's");
            return new GatewayCandidate(new Endpoint(nodeKind, index), rec.Order, rec.Preference);
        }).ToArray();
        return new GatewayAnswer(common.Procedure, common.SentAt, id, tac, service, candidates);
    }

    static ushort TrackingAreaOf(string name)
    {
        var labels = name.Split('.');
        if (labels.Length < 3 || !labels[0].StartsWith("tac-lb", StringComparison.Ordinal) || !labels[1].StartsWith("tac-hb", StringComparison.Ordinal)
            || !name.EndsWith("tac." + EpcDomain, StringComparison.Ordinal))
            throw new WireFormatException($"DNS question {name} is no tracking area's FQDN (TS 23.003 §19.4.2.3)");
        if (!byte.TryParse(labels[0].AsSpan(6), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var low) || labels[0].Length != 8
            || !byte.TryParse(labels[1].AsSpan(6), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var high) || labels[1].Length != 8)
            throw new WireFormatException($"DNS question {name} whose TAC labels are not two hexadecimal digits each (TS 23.003 §19.4.2.3)");
        return (ushort)(high << 8 | low);
    }

    /// <summary>
    /// RFC 1035 §4.1.4: labels, or a pointer back into <paramref name="message"/>, which starts at the
    /// DNS header. The emulator's names point at most once, so a second pointer is refused: a loop of them cannot be followed.
    /// </summary>
    static string DnsReadName(ref PacketReader r, ReadOnlySpan<byte> message, bool pointed = false)
    {
        var labels = new List<string>();
        while (true)
        {
            var length = r.U8("DNS label length");
            if (length == 0) break;
            if ((length & 0xC0) == 0xC0)
            {
                var offset = (length & 0x3F) << 8 | r.U8("DNS pointer");
                if (pointed || offset >= message.Length) throw new WireFormatException($"DNS name pointer to {offset}, outside the message or after another");
                var at = new PacketReader(message[offset..]);
                labels.Add(DnsReadName(ref at, message, pointed: true));
                break;
            }
            if ((length & 0xC0) != 0) throw new WireFormatException($"DNS label length 0x{length:x2} (RFC 1035 §4.1.4: 10 and 01 are reserved)");
            labels.Add(Encoding.ASCII.GetString(r.Bytes(length, "DNS label")));
        }
        return string.Join('.', labels);
    }

    static string DnsReadString(ref PacketReader r) => Encoding.ASCII.GetString(r.Bytes(r.U8("DNS character-string length"), "DNS character-string"));
}
