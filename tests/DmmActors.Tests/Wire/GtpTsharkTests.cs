using DmmActors.Addressing;
using DmmActors.Protocol;
using DmmActors.Protocol.Wire;
using FsCheck.Fluent;
using Xunit;

namespace DmmActors.Tests.Wire;

/// <summary>
/// The EPS's wire as Wireshark reads it: GTPv2-C (TS 29.274), GTP-U (TS 29.281) and the DNS's
/// S-NAPTR gateway selection (TS 29.303). Generated messages of every type the codec writes, in a
/// capture, decoded with no malformed frame or warning, each field as it was sent.
/// </summary>
public class GtpTsharkTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("dmm-gtp-").FullName;

    static readonly string[] Types =
    [
        nameof(CreateSessionRequest), nameof(CreateSessionResponse), nameof(ModifyBearerRequest), nameof(ModifyBearerResponse),
        nameof(DeleteSessionRequest), nameof(DeleteSessionResponse),
    ];

    static readonly string[] Fields =
    [
        "udp.srcport", "udp.dstport", "gtpv2.version", "gtpv2.t", "gtpv2.message_type", "gtpv2.msg_length", "gtpv2.teid", "gtpv2.seq", "e212.imsi",
        "gtpv2.cause", "gtpv2.ebi", "gtpv2.f_teid_interface_type", "gtpv2.f_teid_gre_key", "gtpv2.f_teid_ipv6", "gtpv2.pdn_addr_and_prefix.ipv6",
        "gtpv2.tai_tac", "gtpv2.ecgi_eci", "gtpv2.rat_type", "gtpv2.pdn_type", "gtpv2.apn", "gtpv2.si", "gtpv2.oi", "gtpv2.instance", "gtpv2.ie_type",
    ];

    [Fact]
    public void Every_GTPv2_C_message_the_codec_writes_is_decoded_clean_by_Wireshark_with_the_fields_sent()
    {
        var cases = Types.SelectMany(t => WireSamples.ByType[t].Sample(40, 50)).ToArray();
        var pcap = Path.Combine(dir, "gtpv2.pcapng");
        using (var file = new DmmActors.Capture.PcapngWriter(File.Create(pcap), "test", "test", "gtpv2"))
            foreach (var c in cases) file.Packet(WireSamples.Encode(c), 0);

        var bad = Tshark.Run("-r", pcap, "-Y", Tshark.Flawed);
        Assert.True(bad.Trim().Length == 0, $"frames tshark finds malformed or warns about:\n{bad}");
        var rows = Tshark.Fields(pcap, Fields);
        Assert.Equal(cases.Length, rows.Count);
        for (int i = 0; i < cases.Length; i++) Matches((IGtpControlMessage)cases[i].Message, rows[i], $"frame {i + 1} ({cases[i].Message.GetType().Name})");
    }

    [Fact]
    public void A_data_packet_in_a_GTP_U_tunnel_is_a_G_PDU_Wireshark_reads_with_its_TEID_and_the_datagram_inside()
    {
        // The datagrams the generators give, each on an S1-U leg: the SGW (an anchor here) to the eNB (a router), or back up.
        var cases = WireSamples.ByType[nameof(DataPacket)].Sample(40, 100).Select((c, i) => (DataPacket)c.Message with { RoutedToCareOf = -1, Encapsulation = Encapsulation.GtpU })
            .Select((p, i) => p.Uplink ? new WireCase(p, Endpoint.AccessRouter(i), Endpoint.Anchor(i % 7), Tunnelled: true)
                : new WireCase(p, Endpoint.Anchor(i % 7), Endpoint.AccessRouter(i), Tunnelled: true)).ToArray();
        var pcap = Path.Combine(dir, "gtpu.pcapng");
        using (var file = new DmmActors.Capture.PcapngWriter(File.Create(pcap), "test", "test", "gtpu"))
            foreach (var c in cases) file.Packet(WireSamples.Encode(c), 0);
        var bad = Tshark.Run("-r", pcap, "-Y", Tshark.Flawed);
        Assert.True(bad.Trim().Length == 0, $"frames tshark finds malformed or warns about:\n{bad}");
        var rows = Tshark.Fields(pcap, "udp.dstport", "gtp.flags.version", "gtp.flags.payload", "gtp.message", "gtp.length", "gtp.teid", "ipv6.dst", "ip.dst");
        Assert.Equal(cases.Length, rows.Count);
        for (int i = 0; i < cases.Length; i++)
        {
            var (c, row, frame) = (cases[i], rows[i], $"frame {i + 1}");
            var packet = (DataPacket)c.Message;
            var datagram = WireSamples.Encode(c with { Tunnelled = false });
            Equal(WireCodec.GtpUserPort.ToString(), [row["udp.dstport"][0]], "UDP port", frame);
            Equal("1", row["gtp.flags.version"], "GTP-U version", frame);
            Equal("1", row["gtp.flags.payload"], "PT", frame);
            Equal("0xff", row["gtp.message"], "message type (G-PDU)", frame);
            Equal(datagram.Length.ToString(), row["gtp.length"], "length", frame);
            Equal($"0x{GtpTeids.Bearer(packet.Uplink ? packet.SourceNode : packet.Destination):x8}", row["gtp.teid"], "TEID", frame);
            // The datagram inside is the one the node sends or is sent, untouched: Wireshark decodes it as IPv6 or IPv4.
            Assert.True((packet.Ipv4 ? row["ip.dst"] : row["ipv6.dst"]).Length == (packet.Ipv4 ? 1 : 2), $"{frame}: the inner datagram");
        }
    }

    [Fact]
    public void A_gateway_query_and_answer_are_S_NAPTR_over_DNS_as_Wireshark_reads_them()
    {
        var cases = WireSamples.ByType[nameof(GatewayQuery)].Sample(40, 50).Concat(WireSamples.ByType[nameof(GatewayAnswer)].Sample(40, 50)).ToArray();
        var pcap = Path.Combine(dir, "dns.pcapng");
        using (var file = new DmmActors.Capture.PcapngWriter(File.Create(pcap), "test", "test", "dns"))
            foreach (var c in cases) file.Packet(WireSamples.Encode(c), 0);
        var bad = Tshark.Run("-r", pcap, "-Y", Tshark.Flawed);
        Assert.True(bad.Trim().Length == 0, $"frames tshark finds malformed or warns about:\n{bad}");
        var rows = Tshark.Fields(pcap, "dns.id", "dns.flags.response", "dns.qry.name", "dns.qry.type", "dns.count.answers", "dns.naptr.order",
            "dns.naptr.preference", "dns.naptr.flags", "dns.naptr.service", "dns.naptr.replacement", "dns.aaaa", "dns.opt.code");
        Assert.Equal(cases.Length, rows.Count);
        for (int i = 0; i < cases.Length; i++)
        {
            var (row, frame) = (rows[i], $"frame {i + 1}");
            var (id, tac, answer) = cases[i].Message switch
            {
                GatewayQuery q => (q.Id, q.TrackingAreaCode, (GatewayAnswer?)null),
                GatewayAnswer a => (a.Id, a.TrackingAreaCode, a),
                _ => throw new InvalidOperationException(),
            };
            Equal($"0x{id:x4}", row["dns.id"], "ID", frame);
            Equal(answer is null ? "0" : "1", row["dns.flags.response"], "QR", frame);
            // TS 23.003 §19.4.2.3: the TAC's low byte, then its high byte.
            Equal($"tac-lb{tac & 0xFF:x2}.tac-hb{tac >> 8:x2}.tac.epc.mnc001.mcc001.3gppnetwork.org", row["dns.qry.name"], "question", frame);
            Equal("35", row["dns.qry.type"], "QTYPE (NAPTR)", frame);
            Equal("65001", row["dns.opt.code"], "EDNS option (local/experimental)", frame);
            var candidates = answer?.Candidates ?? [];
            Equal(candidates.Count.ToString(), row["dns.count.answers"], "answers", frame);
            Assert.Equal(candidates.Select(c => c.Order.ToString()), row["dns.naptr.order"]);
            Assert.Equal(candidates.Select(c => c.Preference.ToString()), row["dns.naptr.preference"]);
            Assert.All(row["dns.naptr.flags"], f => Assert.Equal("a", f));
            Assert.All(row["dns.naptr.service"], s => Assert.Equal(answer!.Service == GatewayService.Sgw ? "x-3gpp-sgw:x-s5-gtp" : "x-3gpp-pgw:x-s5-gtp", s));
            Assert.Equal(candidates.Select(c => $"topon.anchor-{c.Node.Index}.node.epc.mnc001.mcc001.3gppnetwork.org"), row["dns.naptr.replacement"]);
            Assert.Equal(candidates.Select(c => Address(NodeAddresses.Anchor(c.Node.Index))), row["dns.aaaa"]);
        }
    }

    static void Matches(IGtpControlMessage m, IReadOnlyDictionary<string, string[]> row, string frame)
    {
        Equal(WireCodec.GtpControlPort.ToString(), row["udp.dstport"], "UDP port", frame);
        Equal("2", row["gtpv2.version"], "version", frame);
        Equal("1", row["gtpv2.t"], "T flag", frame);
        Equal(Type(m).ToString(), row["gtpv2.message_type"], "message type", frame);
        Equal($"0x{m.Teid:x8}", row["gtpv2.teid"], "TEID", frame);
        Equal($"0x{m.SequenceNumber:x6}", row["gtpv2.seq"], "sequence number", frame);
        var teids = new List<FullyQualifiedTeid>();
        switch (m)
        {
            case CreateSessionRequest r:
                Equal($"00101{r.Imsi.Index:D10}", row["e212.imsi"], "IMSI", frame);
                Equal("6", row["gtpv2.rat_type"], "RAT type (E-UTRAN)", frame);
                // The PDN Type IE and the PAA's own PDN type field: IPv6, both.
                Assert.Equal(["2", "2"], row["gtpv2.pdn_type"]);
                Equal("internet", row["gtpv2.apn"], "APN", frame);
                Equal($"0x{r.Location.TrackingAreaCode:x4}", row["gtpv2.tai_tac"], "TAC", frame);
                Equal(r.Location.EutranCellId.ToString(), row["gtpv2.ecgi_eci"], "ECI", frame);
                Equal(Prefix(r.Paa), row["gtpv2.pdn_addr_and_prefix.ipv6"], "PAA", frame);
                Equal(r.Ebi.ToString(), row["gtpv2.ebi"], "EBI", frame);
                teids.AddRange(new[] { r.SenderControl, r.PgwControl, r.S1uEnodeB, r.S5S8uSgw, r.S5S8uPgw }.OfType<FullyQualifiedTeid>());
                break;
            case CreateSessionResponse r:
                Assert.Equal([((byte)r.Cause).ToString(), ((byte)r.BearerCause).ToString()], row["gtpv2.cause"]);
                if (!r.Paa.IsNone) Equal(Prefix(r.Paa), row["gtpv2.pdn_addr_and_prefix.ipv6"], "PAA", frame);
                Equal(r.Ebi.ToString(), row["gtpv2.ebi"], "EBI", frame);
                teids.AddRange(new[] { r.SenderControl, r.PgwControl, r.S1uSgw, r.S5S8uPgw }.OfType<FullyQualifiedTeid>());
                break;
            case ModifyBearerRequest r:
                Equal(r.Ebi.ToString(), row["gtpv2.ebi"], "EBI", frame);
                Assert.True(row["gtpv2.tai_tac"].Length == (r.Location is null ? 0 : 1), $"{frame}: ULI");
                if (r.Location is { } l) Equal(l.EutranCellId.ToString(), row["gtpv2.ecgi_eci"], "ECI", frame);
                teids.AddRange(new[] { r.SenderControl, r.S1uEnodeB, r.S5S8uSgw }.OfType<FullyQualifiedTeid>());
                break;
            case ModifyBearerResponse r:
                Assert.Equal([((byte)r.Cause).ToString(), ((byte)r.BearerCause).ToString()], row["gtpv2.cause"]);
                Equal(r.Ebi.ToString(), row["gtpv2.ebi"], "EBI", frame);
                teids.AddRange(new[] { r.S1uSgw }.OfType<FullyQualifiedTeid>());
                break;
            case DeleteSessionRequest r:
                Equal(r.LinkedEbi.ToString(), row["gtpv2.ebi"], "linked EBI", frame);
                Assert.True(row["gtpv2.si"].Length == (r.ScopeIndication || r.OperationIndication ? 1 : 0), $"{frame}: Indication IE");
                if (r.ScopeIndication || r.OperationIndication)
                {
                    Equal(r.ScopeIndication ? "1" : "0", row["gtpv2.si"], "SI", frame);
                    Equal(r.OperationIndication ? "1" : "0", row["gtpv2.oi"], "OI", frame);
                }
                break;
            case DeleteSessionResponse r:
                Equal(((byte)r.Cause).ToString(), row["gtpv2.cause"], "cause", frame);
                break;
        }
        // Every F-TEID, in the order written: its interface type, TEID and the IPv6 address of the node that ends the tunnel.
        Assert.Equal(teids.Select(t => ((byte)t.Interface).ToString()), row["gtpv2.f_teid_interface_type"]);
        Assert.Equal(teids.Select(t => $"0x{t.Teid:x8}"), row["gtpv2.f_teid_gre_key"]);
        Assert.Equal(teids.Select(t => Address(NodeAddresses.Infrastructure(t.Node.Kind, t.Node.Index))), row["gtpv2.f_teid_ipv6"]);
    }

    /// <summary>TS 29.274 Table 6.1-1: the message type a GTPv2-C message is sent with.</summary>
    internal static byte Type(IGtpControlMessage m) => m switch
    {
        CreateSessionRequest => WireCodec.GtpMessageType.CreateSessionRequest,
        CreateSessionResponse => WireCodec.GtpMessageType.CreateSessionResponse,
        ModifyBearerRequest => WireCodec.GtpMessageType.ModifyBearerRequest,
        ModifyBearerResponse => WireCodec.GtpMessageType.ModifyBearerResponse,
        DeleteSessionRequest => WireCodec.GtpMessageType.DeleteSessionRequest,
        _ => WireCodec.GtpMessageType.DeleteSessionResponse,
    };

    static string Prefix(Prefix64 prefix) => Address(new Ipv6Address(prefix.Bits, 0));

    static string Address(Ipv6Address a) => System.Net.IPAddress.Parse(a.ToString()).ToString();

    static void Equal(string expected, string[] actual, string field, string frame) =>
        Assert.True(actual.Length == 1 && actual[0] == expected, $"{frame}: tshark shows {field} [{string.Join(", ", actual)}], sent {expected}");

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
