using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using DmmActors.Addressing;
using DmmActors.Loading;
using DmmActors.Protocol;
using DmmActors.Protocol.Wire;
using DmmActors.Tests.EndToEnd;
using Xunit;

namespace DmmActors.Tests.Wire;

/// <summary>
/// A small run of every practice writes its pcap, and Wireshark's dissector reads it: no
/// malformed frame and no expert warning or error, and the fields tshark finds are the fields of
/// the messages the run sent (each frame read back with dmm's own decoder, which the round-trip
/// properties hold to the message encoded).
/// </summary>
[Collection("actors")]
public class TsharkTests : IDisposable
{
    const int AccessRouters = 36;
    readonly string dir = Directory.CreateTempSubdirectory("dmm-pcap-").FullName;
    readonly WireCodec codec = new(AccessRouters, _ => throw new InvalidOperationException("decoding needs no home agent"));

    static string Scenario(string practice) => $$"""
        dmm.scenario {
          name = wire, seed = 7, practice = {{practice}}, mobile-nodes = 60
          topology { access-routers = {{AccessRouters}}, anchors = 4, correspondents = 4 }
          mobility.handovers-per-node = 2
          traffic { sessions-per-node = 2, session-duration = 40s, continuity-share = 0.5, flow-rate = 0.2 }
          {{(practice == "dmm-anchor-relocation" ? "relocation { trigger = distance, max-hops = 1, capacity = 40 }" : "")}}
          {{(practice == "dsmipv6" ? "traffic.ipv4-share = 0.5, topology.nat-share = 0.5" : "")}}
          {{(practice == "pmipv6-local-routing" ? "traffic.mn-to-mn-share = 0.5" : "")}}
        }
        """;

    public static IEnumerable<object[]> Practices() =>
        DmmActors.Practices.PracticeCatalog.All.Select(p => new object[] { p.Name });

    static readonly string[] Fields =
    [
        "ipv6.src", "ipv6.dst", "mip6.mhtype", "mip6.mnid.identifier", "mip6.nemo.mnp.mnp", "mip6.bu.seqnr", "mip6.ba.seqnr",
        "mip6.bu.lifetime", "mip6.ba.lifetime", "mip6.ba.status", "mip6.hi", "mip6.att", "mip6.timestamp_tmp", "mip6.bu.p_flag",
        "mip6.bu.m_flag", "mip6.bu.h_flag", "mip6.ba.p_flag", "mip6.lmaa.ipv6", "ipv6.opt.mipv6.home_address", "icmpv6.type",
        "icmpv6.opt.prefix", "icmpv6.opt.prefix.preferred_lifetime", "icmpv6.opt.map.distance", "icmpv6.opt.map.preference",
        "icmpv6.opt.map.global_address", "icmpv6.mldr.mar.record_type", "icmpv6.mldr.mar.multicast_address", "udp.dstport",
        "mip6.auth.subtype", "mip6.auth.auth_data", "mip6.hoti.cookie", "mip6.coti.cookie", "mip6.hot.nindex", "mip6.hot.cookie",
        "mip6.hot.token", "mip6.cot.nindex", "mip6.cot.cookie", "mip6.bu.a_flag", "mip6.ni.hni", "mip6.ni.cni", "mip6.bad.auth",
        "ipv6.routing.mipv6.home_address", "mip6.vsm.vendorId", "mip6.vsm.subtype",
        "mip6.hi.seqnr", "mip6.hi.code", "mip6.hack.seqnr", "mip6.hack.code", "mip6.cr.req_type", "mip6.unknown_type_data",
        "icmpv6.nd.ns.target_address", "icmpv6.mld.maximum_response_code", "icmpv6.mld.flag.qrv", "icmpv6.mld.qqi",
        "ripng.cmd", "ripng.version", "ripng.rte.ipv6_prefix", "ripng.rte.prefix_length",
        "mip6.hb.u_flag", "mip6.hb.r_flag", "mip6.nemo.bu.r_flag", "mip6.nemo.ba.r_flag", "icmpv6.mip6.identifier", "icmpv6.mip6.home_agent_address", "mip6.has.num_addrs", "mip6.has.address", "icmpv6.nd.ra.flag.h", "icmpv6.opt.home_agent_preference", "icmpv6.opt.home_agent_lifetime", "mip6.hb.seqnr", "mip6.load_inf.sessions_in_use", "mip6.load_inf.maximum_sessions",
        "ip.src", "ip.dst", "udp.srcport", "mip6.ipv4coa.addr", "mip6.ipv4ha.ha", "mip6.ipv4aa.sts", "mip6.natd.refresh_t",
        "icmpv6.code", "icmpv6.fmip6.subtype", "icmpv6.fmip6.identifier", "icmpv6.opt.lla.option_code", "icmpv6.opt.ipa.option_code", "icmpv6.opt.ipa.ipv6_address",
        "mip6.fbu.seqnr", "mip6.fbu.a_flag", "mip6.fbu.h_flag", "mip6.fbu.lifetime", "mip6.fback.status", "mip6.fback.seqnr", "mip6.fback.lifetime",
        "mip6.acoa.acoa", "mip6.hi.u_flag", "mip6.hi.s_flag", "mip6.lla.optcode", "mip6.mhipv6ap.opt_code", "mip6.mhipv6ap.ipv6_address",
        "icmpv6.nd.na.flag.r", "icmpv6.nd.na.flag.s", "icmpv6.nd.na.flag.o", "icmpv6.nd.na.target_address",
        "isakmp.exchangetype", "isakmp.flag_i", "isakmp.flag_r", "isakmp.messageid", "isakmp.ispi", "isakmp.rspi", "isakmp.notify.msgtype",
        "isakmp.cfg.attr.internal_ip6_address", "isakmp.key_exchange.dh_group", "esp.spi", "udpencap.non_esp_marker",
        "mip6.recap.reserved", "mip6.redir.k", "mip6.redir.n", "mip6.redir.addr_r2lma_ipv6",
        "gtpv2.message_type", "gtpv2.seq", "gtpv2.teid", "gtpv2.cause", "dns.id", "dns.flags.response", "dns.count.answers",
    ];

    [Theory]
    [MemberData(nameof(Practices))]
    public void A_run_of_every_practice_captures_frames_Wireshark_reads_clean_with_the_fields_sent(string practice)
    {
        var scenario = Path.Combine(dir, $"{practice}.conf");
        File.WriteAllText(scenario, Scenario(practice));
        var pcap = Path.Combine(dir, $"{practice}.pcapng");
        var result = DmmProgram.Run(dir, "run", scenario, "--multicast", "--out", practice, "--pcap", pcap, "--pcap-data-sample", "1");
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);

        var frames = PcapngFile.Read(pcap);
        var keys = SecurityAssociationKeys(frames.Select(f => codec.Decode(f.Bytes).Message));
        var bad = Tshark.Run(["-r", pcap, .. keys, "-Y", Tshark.Flawed]);
        Assert.True(bad.Trim().Length == 0, $"frames tshark finds malformed or warns about:\n{bad}");

        var rows = Tshark.Fields(pcap, keys, Fields);
        Assert.Equal(frames.Count, rows.Count);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, practice, "summary.json")))!;
        Assert.Equal(frames.Count, (long)json["pcap"]!["frames"]!);
        Assert.Equal(0, (long)json["pcap"]!["dropped"]!);

        var seen = new HashSet<string>();
        for (int i = 0; i < frames.Count; i++)
        {
            var decoded = codec.Decode(frames[i].Bytes);
            seen.Add(decoded.Message is ISignal signal ? signal.Type.ShortName() : decoded.Message is DataPacket { Uplink: true } ? "uplink" : decoded.Message.GetType().Name);
            Matches(decoded, rows[i], $"frame {i + 1} ({decoded.Message.GetType().Name})");
        }
        // What the practice says it signals (its attack surface), de-registrations aside (a run need not end a binding),
        // the routers' queries and the listeners' reports, and where a router hosts the location client, its MLD proxy's reports upstream (RFC 6224).
        var plugin = DmmActors.Practices.PracticeCatalog.Named(practice);
        var expected = plugin.SignalsUnder(ScenarioLoader.LoadFile(scenario).PracticeSettings)
            .Except([SignalType.ProxyBindingUpdateDeregistration, SignalType.ProxyBindingAcknowledgementDeregistration])
            .Append(SignalType.MldQuery).Append(SignalType.MldReport)
            .Concat(plugin.LocationClientHost == NodeKind.AccessRouter ? [SignalType.MldProxyReport] : [])
            .Select(t => t.ShortName()).Append(nameof(DataPacket)).Append("uplink").ToList();
        Assert.Empty(expected.Except(seen));
    }

    /// <summary>
    /// Wireshark's tables of the keys of the run's IKE SAs (from their IKE_SA_INIT answers) and ESP SAs (from IKE_AUTH), which the
    /// codec derives from their SPIs (WireCodec.IkeKey, EspKey): with them it decrypts what MOBIKE sends (RFC 5282, RFC 4106).
    /// </summary>
    static string[] SecurityAssociationKeys(IEnumerable<IDmmMessage> messages)
    {
        var options = new List<string>();
        foreach (var message in messages.DistinctBy(m => m is IkeSaInit i ? (object)i.Spis : m is IkeAuth a ? a.EspSpi : m))
            switch (message)
            {
                case IkeSaInit { Response: true } init:
                    options.Add($"uat:ikev2_decryption_table:{init.Spis.Initiator:x16},{init.Spis.Responder:x16}," +
                        $"{Convert.ToHexStringLower(WireCodec.IkeKey(init.Spis, true))},{Convert.ToHexStringLower(WireCodec.IkeKey(init.Spis, false))}," +
                        "\"AES-GCM-128 with 16 octet ICV [RFC5282]\",,,\"NONE [RFC4306]\"");
                    break;
                case IkeAuth auth:
                    options.Add($"uat:esp_sa:\"IPv6\",\"*\",\"*\",\"0x{auth.EspSpi:x8}\",\"AES-GCM with 16 octet ICV [RFC4106]\"," +
                        $"\"0x{Convert.ToHexStringLower(WireCodec.EspKey(auth.EspSpi))}\",\"NULL\",\"\"");
                    break;
            }
        // The emulator's ESP sequence numbers are the packets' send times, not a count per SA (README, mobike): Wireshark's sequence analysis is off.
        return options.Count == 0 ? [] : ["-o", "esp.enable_encryption_decode:TRUE", "-o", "esp.do_esp_sequence_analysis:FALSE", .. options.Distinct().SelectMany(o => new[] { "-o", o })];
    }

    static void IkeHeader(IReadOnlyDictionary<string, string[]> row, string frame, int exchange, uint messageId, bool fromInitiator, bool response, IkeSpis spis)
    {
        Equal(exchange, row["isakmp.exchangetype"], "IKE exchange type", frame);
        Equal($"0x{messageId:x8}", row["isakmp.messageid"], "IKE message ID", frame);
        Equal(fromInitiator ? 1 : 0, row["isakmp.flag_i"], "I flag", frame);
        Equal(response ? 1 : 0, row["isakmp.flag_r"], "R flag", frame);
        Equal($"{spis.Initiator:x16}", row["isakmp.ispi"], "initiator SPI", frame);
        Equal($"{spis.Responder:x16}", row["isakmp.rspi"], "responder SPI", frame);
    }

    static void Equal(string expected, string[] actual, string field, string frame)
    {
        Assert.True(actual.Length > 0, $"{frame}: tshark shows no {field}; expected {expected}");
        Assert.True(expected == actual[0], $"{frame}: {field} is {actual[0]} in tshark, {expected} as sent");
    }

    static void Equal(long expected, string[] actual, string field, string frame) =>
        Equal(expected.ToString(CultureInfo.InvariantCulture), actual, field, frame);

    /// <summary>How tshark prints a 64-bit cookie or keygen token.</summary>
    static string Hex(ulong value) => $"0x{value:x16}";

    static string Authorizer(BindingAuthorizationData bad)
    {
        var bytes = new byte[BindingAuthorizationData.Length];
        bad.Write(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    static string Address(Ipv6Address a) => IPAddress.Parse(a.ToString()).ToString();
    static string Address(Prefix64 p) => Address(new Ipv6Address(p.Bits, 0));
    static string[] Addresses(string[] values) => values.Select(v => IPAddress.Parse(v).ToString()).ToArray();

    static void Matches(DecodedPacket packet, IReadOnlyDictionary<string, string[]> row, string frame)
    {
        // The innermost header is the message's own; an outer one is the tunnel's, IPv6 or (RFC 5555 §4.1) IPv4.
        var overIpv4 = row["ip.src"].Length > 0;
        if (packet.Message is DataPacket { Ipv4: true } v4)
        {
            Assert.True(Ipv4Address.TryMapped(packet.Source, out var v4Source));
            Assert.True(Ipv4Address.TryMapped(packet.Destination, out var v4Destination));
            Equal(v4Source.ToString(), [row["ip.src"][^1]], "IPv4 source", frame);
            Equal(v4Destination.ToString(), [row["ip.dst"][^1]], "IPv4 destination", frame);
            Assert.Equal(packet.Tunnelled ? 1 : 0, row["ipv6.src"].Length + row["ip.src"].Length - 1);
            Equal(9, [row["udp.dstport"][^1]], "UDP port", frame);
            var home = NodeAddresses.Ipv4Home(v4.Destination).ToString();
            var correspondent = NodeAddresses.Ipv4Infrastructure(NodeKind.Correspondent, v4.Correspondent).ToString();
            Equal(v4.Uplink ? home : correspondent, [row["ip.src"][^1]], "IPv4 home address or correspondent", frame);
            return;
        }
        Assert.Equal(Address(packet.Source), Addresses(row["ipv6.src"])[^1]);
        Assert.Equal(Address(packet.Destination), Addresses(row["ipv6.dst"])[^1]);
        Assert.Equal(packet.Tunnelled && !overIpv4 ? 2 : 1, row["ipv6.src"].Length);
        Assert.Equal(packet.Tunnelled && overIpv4 ? 1 : 0, row["ip.src"].Length);
        switch (packet.Message)
        {
            case ProxyBindingUpdate m:
                Equal(5, row["mip6.mhtype"], "MH type", frame);
                Equal(1, row["mip6.bu.p_flag"], "P flag", frame);
                ProxyFields(row, frame, "bu", m.MnId, m.HomeNetworkPrefix, m.SequenceNumber, m.LifetimeUnits, m.HandoffIndicator, m.AccessTechnologyType, m.Timestamp);
                SameAuthentication(m.Authentication, row, frame);
                ProtocolStateOption(row, frame);
                // RFC 6463 §4.1, §5.3.2: the Redirect-Capability option; a relayed PBU's MAG in the Alternate Care-of Address option.
                Assert.True(row["mip6.recap.reserved"].Length == (m.RedirectCapability ? 1 : 0), $"{frame}: Redirect-Capability");
                // RFC 8885 §4.6: a CMD's PBU names the serving MAAR in the Serving MAAR option (type 68) instead, which Wireshark 4.0
                // shows as an unknown option of the right length; so are the Anchored Prefix options (65). dmm's own decoder reads them.
                if (m.ServingMaar >= 0) Assert.True(row["mip6.acoa.acoa"].Length == 0, $"{frame}: an alternate care-of address beside the Serving MAAR option");
                else if (m.RelayedBy >= 0) Equal(Address(NodeAddresses.AccessRouter(m.ProxyCareOf)), row["mip6.acoa.acoa"], "alternate care-of address", frame);
                break;
            case ProxyBindingAcknowledgement m:
                Equal(6, row["mip6.mhtype"], "MH type", frame);
                Equal(1, row["mip6.ba.p_flag"], "P flag", frame);
                Equal((byte)m.Status, row["mip6.ba.status"], "status", frame);
                ProxyFields(row, frame, "ba", m.MnId, m.HomeNetworkPrefix, m.SequenceNumber, m.LifetimeUnits, m.HandoffIndicator, m.AccessTechnologyType, m.Timestamp);
                SameAuthentication(m.Authentication, row, frame);
                // RFC 6463 §4.2, §4.3: the r2LMA in the Redirect option (K set, N clear); an r2LMA's load.
                Assert.True(row["mip6.redir.k"].Length == (m.Redirect >= 0 ? 1 : 0), $"{frame}: Redirect option");
                if (m.Redirect >= 0)
                {
                    Equal(1, row["mip6.redir.k"], "redirect K flag", frame);
                    Equal(0, row["mip6.redir.n"], "redirect N flag", frame);
                    Equal(Address(NodeAddresses.Anchor(m.Redirect)), row["mip6.redir.addr_r2lma_ipv6"], "r2LMA address", frame);
                }
                if (m.Load >= 0) Equal(m.Load, row["mip6.load_inf.sessions_in_use"], "sessions in use", frame);
                break;
            case LocalizedRoutingInitiation or LocalizedRoutingAcknowledgement:
                // RFC 6705 §10: Wireshark 4.0 names the type but dissects its body from the wrong offset
                // (Tshark.Flawed); the body is checked by dmm's own decoder, which the round-trip properties hold to what was sent.
                Equal(packet.Message is LocalizedRoutingInitiation ? 17 : 18, row["mip6.mhtype"], "MH type", frame);
                break;
            case AnchorRelocated m:
            {
                // RFC 7077's Update Notification: Wireshark 4.0 names no MH type 19 and shows its body
                // undissected, so its fixed part is read from the bytes (the options by dmm's own decoder).
                Equal(19, row["mip6.mhtype"], "MH type", frame);
                Assert.True(row["mip6.unknown_type_data"].Length == 1, $"{frame}: tshark shows no UPN body");
                var body = row["mip6.unknown_type_data"][0].Replace(":", "");
                var fixedPart = $"{(ushort)m.Procedure.Number:x4}" + "03" + "00" + "0000";
                Assert.True(body.StartsWith(fixedPart, StringComparison.Ordinal), $"{frame}: UPN begins {body[..Math.Min(12, body.Length)]} in tshark, {fixedPart} as sent (sequence, reason 3, A = 0)");
                break;
            }
            case BindingUpdate m:
                Equal(5, row["mip6.mhtype"], "MH type", frame);
                Equal(m.MnId.Nai, row["mip6.mnid.identifier"], "MN-ID", frame);
                Equal(m.SequenceNumber, row["mip6.bu.seqnr"], "sequence number", frame);
                Equal(m.LifetimeUnits, row["mip6.bu.lifetime"], "lifetime", frame);
                Equal(m.MapRegistration ? 1 : 0, row["mip6.bu.m_flag"], "M flag", frame);
                Equal(m.MapRegistration ? 0 : 1, row["mip6.bu.h_flag"], "H flag", frame);
                Equal(0, row["mip6.bu.p_flag"], "P flag", frame);
                Equal(Address(NodeAddresses.OnPrefix(m.HomePrefix, m.MnId)), Addresses(row["ipv6.opt.mipv6.home_address"]), "home address", frame);
                // RFC 3963 §4.1, §4.3: a mobile router's R flag and its Mobile Network Prefix option.
                Equal(m.MobileRouter ? 1 : 0, row["mip6.nemo.bu.r_flag"], "R flag", frame);
                Assert.Equal(m.MobileRouter ? [Address(m.MobileNetworkPrefix)] : [], Addresses(row["mip6.nemo.mnp.mnp"]));
                // RFC 5555 §3.1.1, §3.1.2, §4.1: the IPv4 options, and the outer header from the node's address or its NAT's.
                Assert.Equal(m.Ipv4HomeAddress is { } asked ? [asked.ToString()] : [], row["mip6.ipv4ha.ha"]);
                Assert.Equal(m.Ipv4 is { } bu4 ? [bu4.CareOf.ToString()] : [], row["mip6.ipv4coa.addr"]);
                if (m.Ipv4 is { } from)
                {
                    Equal(from.Outer.ToString(), row["ip.src"], "IPv4 source", frame);
                    Equal(from.Port, row["udp.srcport"], "UDP source port", frame);
                    Equal(4191, row["udp.dstport"], "UDP destination port", frame);
                }
                break;
            case BindingAcknowledgement m:
                Equal(6, row["mip6.mhtype"], "MH type", frame);
                Equal(m.SequenceNumber, row["mip6.ba.seqnr"], "sequence number", frame);
                Equal(m.LifetimeUnits, row["mip6.ba.lifetime"], "lifetime", frame);
                Equal((byte)m.Status, row["mip6.ba.status"], "status", frame);
                Equal(m.MobileRouter ? 1 : 0, row["mip6.nemo.ba.r_flag"], "R flag", frame);
                // RFC 5555 §3.2.1, §3.2.2 (Wireshark prints the status by the wrong table, so by number).
                Assert.Equal(m.Ipv4HomeAddress is { } ack ? [((byte)ack.Status).ToString(CultureInfo.InvariantCulture)] : [], row["mip6.ipv4aa.sts"]);
                Assert.Equal(m.Ipv4HomeAddress is { } acked ? [acked.HomeAddress.ToString()] : [], row["mip6.ipv4ha.ha"]);
                Assert.Equal(m.NatRefreshTime is { } refresh ? [refresh.ToString(CultureInfo.InvariantCulture)] : [], row["mip6.natd.refresh_t"]);
                if (m.Ipv4 is { } to) Equal(to.Outer.ToString(), row["ip.dst"], "IPv4 destination", frame);
                // RFC 6275 §9.5.4: the home address the BU named, in a type 2 routing header.
                Equal(Address(NodeAddresses.OnPrefix(m.HomePrefix, m.Procedure.MobileNode)), Addresses(row["ipv6.routing.mipv6.home_address"]), "type 2 routing header", frame);
                break;
            case HandoverInitiate m:
                Equal(14, row["mip6.mhtype"], "MH type", frame);
                Equal(m.MnId.Nai, row["mip6.mnid.identifier"], "MN-ID", frame);
                Assert.Equal(m.KeepPrefixes.Select(k => Address(k.Prefix)), Addresses(row["mip6.nemo.mnp.mnp"]));
                Equal((ushort)m.Procedure.Number, row["mip6.hi.seqnr"], "HI sequence number", frame);
                Equal(0, row["mip6.hi.code"], "HI code", frame);
                // RFC 5949 §6.2.1: the prefixes and the binding state (Vendor Specific) asked for.
                Assert.Equal(["22", "19"], row["mip6.cr.req_type"]);
                break;
            case HandoverAcknowledge m:
                Equal(15, row["mip6.mhtype"], "MH type", frame);
                Equal(m.MnId.Nai, row["mip6.mnid.identifier"], "MN-ID", frame);
                Assert.Equal(m.Contexts.Select(c => Address(c.Prefix)), Addresses(row["mip6.nemo.mnp.mnp"]));
                Assert.Equal(m.Contexts.Select(c => Address(NodeAddresses.Anchor(c.Anchor))), Addresses(row["mip6.lmaa.ipv6"]));
                ProtocolStateOption(row, frame);
                Equal((ushort)m.Procedure.Number, row["mip6.hack.seqnr"], "HAck sequence number, the HI's", frame);
                // RFC 5949 §6.1.2: 6, all available context transferred; 131, none available.
                Equal(m.Contexts.Count > 0 ? 6 : 131, row["mip6.hack.code"], "HAck code", frame);
                break;
            case ContextTransferData m:
                Equal(14, row["mip6.mhtype"], "MH type", frame);
                Equal(m.MnId.Nai, row["mip6.mnid.identifier"], "MN-ID", frame);
                Equal(Address(m.Context.Prefix), Addresses(row["mip6.nemo.mnp.mnp"]), "prefix", frame);
                SameTimestamp(m.Context.Timestamp, row, frame);
                Equal((ushort)m.Procedure.Number, row["mip6.hi.seqnr"], "CTD sequence number", frame);
                break;
            case ContextTransferDataReply m:
                Equal(15, row["mip6.mhtype"], "MH type", frame);
                Equal(m.MnId.Nai, row["mip6.mnid.identifier"], "MN-ID", frame);
                Equal(Address(m.Prefix), Addresses(row["mip6.nemo.mnp.mnp"]), "prefix", frame);
                Equal((ushort)m.Procedure.Number, row["mip6.hack.seqnr"], "CTDR sequence number, the CTD's", frame);
                Equal(m.Status switch { BindingStatus.Accepted => 5, BindingStatus.InsufficientResources => 130, _ => 128 }, row["mip6.hack.code"], "CTDR code", frame);
                break;
            case RouterSolicitation m:
                Equal(133, row["icmpv6.type"], "ICMPv6 type", frame);
                Assert.Equal(Address(NodeAddresses.LinkLocalOf(m.MnId)), Address(packet.Source));
                break;
            case PrefixesInUse m:
                // RFC 4443 §2.1's private experimentation type, whose body Wireshark leaves undissected; node to its router, link-local.
                Equal(201, row["icmpv6.type"], "ICMPv6 type", frame);
                Equal(Address(NodeAddresses.LinkLocalOf(m.MnId)), Addresses(row["ipv6.src"]), "the node's link-local address", frame);
                Assert.True(NodeAddresses.TryRouterLinkLocal(packet.Destination, out _), $"{frame}: sent to {packet.Destination}");
                break;
            case RouterAdvertisement m:
                Equal(134, row["icmpv6.type"], "ICMPv6 type", frame);
                // A local gateway's prefix (SIPTO, LIPA) is preferred too, after the anchored one.
                Assert.Equal(new[] { m.Prefix }.Concat(m.Local.IsNone ? [] : [m.Local]).Concat(m.Deprecated).Select(Address), Addresses(row["icmpv6.opt.prefix"]));
                // RFC 4861 §4.6.2: a deprecated prefix has preferred lifetime 0.
                Assert.Equal(m.Deprecated.Count, row["icmpv6.opt.prefix.preferred_lifetime"].Count(v => v == "0"));
                Assert.Equal(m.Maps.Select(o => o.Distance.ToString(CultureInfo.InvariantCulture)), row["icmpv6.opt.map.distance"]);
                Assert.Equal(m.Maps.Select(o => o.Preference.ToString(CultureInfo.InvariantCulture)), row["icmpv6.opt.map.preference"]);
                Assert.Equal(m.Maps.Select(o => Address(NodeAddresses.Anchor(o.Map))), Addresses(row["icmpv6.opt.map.global_address"]));
                break;
            case AnchorAdvertisement m:
                // RFC 5847 §5.1: an unsolicited heartbeat; RFC 6463 §4.3: the anchor's load.
                Equal(13, row["mip6.mhtype"], "MH type", frame);
                Equal(1, row["mip6.hb.u_flag"], "U flag", frame);
                Equal(0, row["mip6.hb.r_flag"], "R flag", frame);
                Equal(m.SequenceNumber, row["mip6.hb.seqnr"], "sequence number", frame);
                Equal(m.Load, row["mip6.load_inf.sessions_in_use"], "sessions in use", frame);
                Equal(m.Capacity, row["mip6.load_inf.maximum_sessions"], "maximum sessions", frame);
                SameAuthentication(m.Authentication, row, frame);
                break;
            case NeighborSolicitation m:
                // RFC 4862 §5.4.2: a DAD probe from :: to the solicited-node group of its target (RFC 4291 §2.7.1).
                Equal(135, row["icmpv6.type"], "ICMPv6 type", frame);
                Equal(Address(NodeAddresses.OnPrefix(m.Prefix, m.MnId)), Addresses(row["icmpv6.nd.ns.target_address"]), "target address", frame);
                Equal("::", Addresses(row["ipv6.src"]), "source", frame);
                Equal(Address(NodeAddresses.SolicitedNode(NodeAddresses.OnPrefix(m.Prefix, m.MnId))), Addresses(row["ipv6.dst"]), "solicited-node group", frame);
                break;
            case PrefixRelease m:
                // RFC 4443 §2.1's private experimentation type; the prefix in a Prefix Information option at lifetime 0.
                Equal(200, row["icmpv6.type"], "ICMPv6 type", frame);
                Equal(Address(NodeAddresses.OnPrefix(m.Prefix, m.MnId)), Addresses(row["ipv6.src"]), "the node's address on the prefix", frame);
                break;
            case PrefixRoute m:
                // RFC 2080 §2.5.1: a triggered RIPng response from the anchor's link-local address to ff02::9.
                Equal(521, row["udp.dstport"], "UDP port", frame);
                Equal(2, row["ripng.cmd"], "RIPng command (response)", frame);
                Equal(1, row["ripng.version"], "RIPng version", frame);
                Equal(Address(m.Prefix), Addresses(row["ripng.rte.ipv6_prefix"]), "routed prefix", frame);
                Equal(64, row["ripng.rte.prefix_length"], "prefix length", frame);
                Equal(Address(NodeAddresses.AnchorLinkLocal(m.Anchor)), Addresses(row["ipv6.src"]), "originator, the next hop", frame);
                break;
            case MldQuery m:
                // RFC 3810 §5.1: a General Query from the router's link-local address, its Maximum Response Code in milliseconds.
                Equal(130, row["icmpv6.type"], "ICMPv6 type", frame);
                Equal(Address(NodeAddresses.RouterLinkLocal(m.AccessRouter)), Addresses(row["ipv6.src"]), "the router's link-local address", frame);
                Equal(MaximumResponseCode.Of(m.MaximumResponseDelay), row["icmpv6.mld.maximum_response_code"], "maximum response code", frame);
                // §5.1.8, §5.1.9: the querier's Robustness Variable and Query Interval, which Wireshark decodes from the QQIC.
                Equal(m.Robustness, row["icmpv6.mld.flag.qrv"], "QRV", frame);
                Equal(m.QueryInterval.Microseconds / 1_000_000, row["icmpv6.mld.qqi"], "query interval (s)", frame);
                break;
            case MldReport m:
                Equal(143, row["icmpv6.type"], "ICMPv6 type", frame);
                Assert.Equal(m.Groups.Select(g => Address(NodeAddresses.Group(g))), Addresses(row["icmpv6.mldr.mar.multicast_address"]));
                Assert.All(row["icmpv6.mldr.mar.record_type"], t => Assert.Equal("4", t));
                break;
            case MldProxyReport m:
                Equal(143, row["icmpv6.type"], "ICMPv6 type", frame);
                Equal(Address(NodeAddresses.Group(m.Group)), Addresses(row["icmpv6.mldr.mar.multicast_address"]), "group", frame);
                Equal(m.Join ? 4 : 3, row["icmpv6.mldr.mar.record_type"], "record type", frame);
                break;
            case DataPacket { Uplink: true } m:
                // The datagram's own port, the last: a GTP-U tunnel's UDP 2152 comes before it (TS 29.281 §4.4.2).
                Equal(9, [row["udp.dstport"][^1]], "UDP port", frame);
                Assert.Equal(Address(NodeAddresses.Infrastructure(NodeKind.Correspondent, m.Correspondent)), Address(packet.Destination));
                var source = Address(NodeAddresses.OnPrefix(m.DestinationPrefix, m.Destination));
                if (m.RoutedToCareOf < 0) Assert.Equal(source, Address(packet.Source));
                else
                {
                    // RFC 6275 §11.3.1: from the care-of address, the home address in the Home Address option.
                    Assert.Equal(Address(NodeAddresses.CareOf(m.RoutedToCareOf, m.Destination, AccessRouters)), Address(packet.Source));
                    Equal(source, Addresses(row["ipv6.opt.mipv6.home_address"]), "home address option", frame);
                }
                break;
            case DataPacket m:
                // The datagram's own port, the last: a GTP-U tunnel's UDP 2152 comes before it (TS 29.281 §4.4.2).
                Equal(9, [row["udp.dstport"][^1]], "UDP port", frame);
                var home = Address(NodeAddresses.OnPrefix(m.DestinationPrefix, m.Destination));
                if (m.RoutedToCareOf < 0) Assert.Equal(home, Address(packet.Destination));
                else
                {
                    // RFC 6275 §9.3.2: to the care-of address, the home address in the type 2 routing header.
                    Assert.Equal(Address(NodeAddresses.CareOf(m.RoutedToCareOf, m.Destination, AccessRouters)), Address(packet.Destination));
                    Equal(home, Addresses(row["ipv6.routing.mipv6.home_address"]), "type 2 routing header", frame);
                }
                break;
            case HomeAgentAdvertisement m:
                Equal(134, row["icmpv6.type"], "ICMPv6 type", frame);
                Equal(1, row["icmpv6.nd.ra.flag.h"], "H flag", frame);
                Equal(m.Preference, row["icmpv6.opt.home_agent_preference"], "home agent preference", frame);
                Equal(m.LifetimeSeconds, row["icmpv6.opt.home_agent_lifetime"], "home agent lifetime", frame);
                break;
            case RouterSolicitationForProxyAdvertisement m:
                Equal(154, row["icmpv6.type"], "ICMPv6 type", frame);
                Equal(2, row["icmpv6.fmip6.subtype"], "FMIPv6 subtype (RtSolPr)", frame);
                Equal((ushort)m.Procedure.Number, row["icmpv6.fmip6.identifier"], "identifier", frame);
                // RFC 5568 §6.1.1: the source's link-layer address, then the new access point's.
                Assert.Equal(["4", "1"], row["icmpv6.opt.lla.option_code"]);
                break;
            case ProxyRouterAdvertisement m:
                Equal(154, row["icmpv6.type"], "ICMPv6 type", frame);
                Equal(3, row["icmpv6.fmip6.subtype"], "FMIPv6 subtype (PrRtAdv)", frame);
                Equal(m.Code, row["icmpv6.code"], "PrRtAdv code", frame);
                Equal((ushort)m.Procedure.Number, row["icmpv6.fmip6.identifier"], "identifier, the RtSolPr's", frame);
                Assert.Equal(m.Known ? ["4", "1", "3"] : ["4", "6"], row["icmpv6.opt.lla.option_code"]);
                if (m.Known)
                {
                    // §6.4.1: the NAR's address (option-code 3) and prefix (4).
                    Assert.Equal(["3", "4"], row["icmpv6.opt.ipa.option_code"]);
                    Assert.Equal([Address(NodeAddresses.AccessRouter(m.NewAccessRouter)), Address(Prefix64.AccessLink(m.NewAccessRouter))],
                        Addresses(row["icmpv6.opt.ipa.ipv6_address"]));
                }
                break;
            case FastBindingUpdate m:
                Equal(8, row["mip6.mhtype"], "MH type", frame);
                Equal(m.SequenceNumber, row["mip6.fbu.seqnr"], "FBU sequence number", frame);
                Equal(1, row["mip6.fbu.a_flag"], "A flag", frame);
                Equal(1, row["mip6.fbu.h_flag"], "H flag", frame);
                Equal(m.LifetimeUnits, row["mip6.fbu.lifetime"], "FBU lifetime", frame);
                Equal(Address(NodeAddresses.CareOf(m.NewCareOf, m.MnId, AccessRouters)), Addresses(row["mip6.acoa.acoa"]), "NCoA (Alternate Care-of Address)", frame);
                // §6.2.2: the PCoA in the Home Address option, from whichever link the FBU leaves.
                Equal(Address(NodeAddresses.CareOf(m.PreviousAccessRouter, m.MnId, AccessRouters)), Addresses(row["ipv6.opt.mipv6.home_address"]), "PCoA", frame);
                SameAuthentication(m.Authentication, row, frame);
                break;
            case FastBindingAcknowledgement m:
                Equal(9, row["mip6.mhtype"], "MH type", frame);
                Equal((byte)m.Status, row["mip6.fback.status"], "FBack status", frame);
                Equal(m.SequenceNumber, row["mip6.fback.seqnr"], "FBack sequence number", frame);
                Equal(m.LifetimeUnits, row["mip6.fback.lifetime"], "FBack lifetime", frame);
                SameAuthentication(m.Authentication, row, frame);
                break;
            case FastHandoverInitiate m:
                Equal(14, row["mip6.mhtype"], "MH type", frame);
                Equal((ushort)m.Procedure.Number, row["mip6.hi.seqnr"], "HI sequence number", frame);
                Equal((byte)m.Code, row["mip6.hi.code"], "HI code", frame);
                Equal(m.BufferRequested ? 1 : 0, row["mip6.hi.u_flag"], "U flag", frame);
                Equal(0, row["mip6.hi.s_flag"], "S flag", frame);
                Equal(2, row["mip6.lla.optcode"], "MH link-layer address option-code (the MN's)", frame);
                Assert.Equal(["1", "2"], row["mip6.mhipv6ap.opt_code"]);
                Assert.Equal([Address(NodeAddresses.CareOf(m.PreviousAccessRouter, m.MnId, AccessRouters)), Address(NodeAddresses.CareOf(m.NewCareOf, m.MnId, AccessRouters))],
                    Addresses(row["mip6.mhipv6ap.ipv6_address"]));
                break;
            case FastHandoverAcknowledge m:
                Equal(15, row["mip6.mhtype"], "MH type", frame);
                Equal((ushort)m.Procedure.Number, row["mip6.hack.seqnr"], "HAck sequence number, the HI's", frame);
                Equal((byte)m.Code, row["mip6.hack.code"], "HAck code", frame);
                Assert.Equal(m.NewCareOf >= 0 ? [Address(NodeAddresses.CareOf(m.NewCareOf, m.MnId, AccessRouters))] : [], Addresses(row["mip6.mhipv6ap.ipv6_address"]));
                break;
            case PredictiveHandoverInitiate m:
                Equal(14, row["mip6.mhtype"], "MH type", frame);
                Equal(m.MnId.Nai, row["mip6.mnid.identifier"], "MN-ID", frame);
                Equal((ushort)m.Procedure.Number, row["mip6.hi.seqnr"], "HI sequence number", frame);
                Equal(m.BufferRequested ? 1 : 0, row["mip6.hi.u_flag"], "U flag", frame);
                // RFC 5949 §4.1 (c): the prefix and the LMA address the previous MAG registered.
                Equal(Address(m.HomeNetworkPrefix), Addresses(row["mip6.nemo.mnp.mnp"]), "home network prefix", frame);
                Equal(Address(NodeAddresses.Anchor(m.Lma)), Addresses(row["mip6.lmaa.ipv6"]), "LMA address", frame);
                break;
            case PredictiveHandoverAcknowledge m:
                Equal(15, row["mip6.mhtype"], "MH type", frame);
                Equal(m.MnId.Nai, row["mip6.mnid.identifier"], "MN-ID", frame);
                Equal((ushort)m.Procedure.Number, row["mip6.hack.seqnr"], "HAck sequence number, the HI's", frame);
                Equal((byte)m.Code, row["mip6.hack.code"], "HAck code", frame);
                break;
            case IkeSaInit m:
                IkeHeader(row, frame, 34, 0, fromInitiator: !m.Response, m.Response, m.Spis);
                Equal(19, row["isakmp.key_exchange.dh_group"], "DH group", frame);
                // RFC 7296 §2.23: NAT detection, both ways.
                Assert.Equal(["16388", "16389"], row["isakmp.notify.msgtype"]);
                break;
            case IkeAuth m:
                IkeHeader(row, frame, 35, 1, fromInitiator: !m.Response, m.Response, m.Spis);
                // Decrypted with the SA's keys: MOBIKE_SUPPORTED (RFC 4555 §3.2) and, answering, the inner address given (RFC 7296 §3.15).
                Assert.Contains("16396", row["isakmp.notify.msgtype"]);
                Assert.Equal(m.Response ? [Address(NodeAddresses.OnPrefix(m.InnerPrefix, m.MnId))] : [], Addresses(row["isakmp.cfg.attr.internal_ip6_address"]));
                Assert.Single(row["udpencap.non_esp_marker"]);
                break;
            case IkeInformational m:
                IkeHeader(row, frame, 37, m.MessageId, m.FromInitiator, m.Response, m.Spis);
                Assert.Equal((m.UpdateSaAddresses ? ["16400"] : Array.Empty<string>()).Concat(m.Cookie2 != 0 ? ["16401"] : []), row["isakmp.notify.msgtype"]);
                break;
            case UnsolicitedNeighborAdvertisement m:
                Equal(136, row["icmpv6.type"], "ICMPv6 type", frame);
                // RFC 5568 §6.3: R, S and O clear; the NCoA its target.
                Equal(0, row["icmpv6.nd.na.flag.r"], "R flag", frame);
                Equal(0, row["icmpv6.nd.na.flag.s"], "S flag", frame);
                Equal(0, row["icmpv6.nd.na.flag.o"], "O flag", frame);
                Equal(Address(NodeAddresses.CareOf(m.NewAccessRouter, m.MnId, AccessRouters)), Addresses(row["icmpv6.nd.na.target_address"]), "target", frame);
                break;
            case HomeAgentSwitch m:
                Equal(12, row["mip6.mhtype"], "MH type", frame);
                Equal(m.HomeAgents.Count, row["mip6.has.num_addrs"], "number of addresses", frame);
                Assert.Equal(m.HomeAgents.Select(a => Address(NodeAddresses.Anchor(a))), Addresses(row["mip6.has.address"]));
                Equal(Address(NodeAddresses.OnPrefix(m.HomePrefix, m.Procedure.MobileNode)), Addresses(row["ipv6.routing.mipv6.home_address"]), "type 2 routing header", frame);
                break;
            case HomeAgentAddressDiscoveryRequest m:
                Equal(144, row["icmpv6.type"], "ICMPv6 type", frame);
                Equal(m.Identifier, row["icmpv6.mip6.identifier"], "DHAAD identifier", frame);
                break;
            case HomeAgentAddressDiscoveryReply m:
                Equal(145, row["icmpv6.type"], "ICMPv6 type", frame);
                Equal(m.Identifier, row["icmpv6.mip6.identifier"], "DHAAD identifier", frame);
                Assert.Equal(m.HomeAgents.Select(a => Address(NodeAddresses.Anchor(a))), Addresses(row["icmpv6.mip6.home_agent_address"]));
                break;
            case HomeTestInit m:
                Equal(1, row["mip6.mhtype"], "MH type", frame);
                Equal(Hex(m.Cookie), row["mip6.hoti.cookie"], "home init cookie", frame);
                break;
            case CareOfTestInit m:
                Equal(2, row["mip6.mhtype"], "MH type", frame);
                Equal(Hex(m.Cookie), row["mip6.coti.cookie"], "care-of init cookie", frame);
                break;
            case HomeTest m:
                Equal(3, row["mip6.mhtype"], "MH type", frame);
                Equal(m.HomeNonceIndex, row["mip6.hot.nindex"], "home nonce index", frame);
                Equal(Hex(m.Cookie), row["mip6.hot.cookie"], "home init cookie", frame);
                Equal(Hex(m.HomeKeygenToken), row["mip6.hot.token"], "home keygen token", frame);
                break;
            case CareOfTest m:
                Equal(4, row["mip6.mhtype"], "MH type", frame);
                Equal(m.CareOfNonceIndex, row["mip6.cot.nindex"], "care-of nonce index", frame);
                Equal(Hex(m.Cookie), row["mip6.cot.cookie"], "care-of init cookie", frame);
                // Wireshark's dissector names the CoT's keygen token with the HoT's field.
                Equal(Hex(m.CareOfKeygenToken), row["mip6.hot.token"], "care-of keygen token", frame);
                break;
            case CorrespondentBindingUpdate m:
                Equal(5, row["mip6.mhtype"], "MH type", frame);
                Equal(m.SequenceNumber, row["mip6.bu.seqnr"], "sequence number", frame);
                Equal(1, row["mip6.bu.a_flag"], "A flag", frame);
                Equal(0, row["mip6.bu.h_flag"], "H flag", frame);
                Equal(m.HomeNonceIndex, row["mip6.ni.hni"], "home nonce index", frame);
                Equal(m.CareOfNonceIndex, row["mip6.ni.cni"], "care-of nonce index", frame);
                Equal(Authorizer(m.Authorizer), row["mip6.bad.auth"], "binding authorization data", frame);
                Equal(Address(NodeAddresses.OnPrefix(m.HomePrefix, m.MnId)), Addresses(row["ipv6.opt.mipv6.home_address"]), "home address", frame);
                break;
            case CorrespondentBindingAcknowledgement m:
                Equal(6, row["mip6.mhtype"], "MH type", frame);
                Equal((byte)m.Status, row["mip6.ba.status"], "status", frame);
                Equal(m.SequenceNumber, row["mip6.ba.seqnr"], "sequence number", frame);
                Equal(Authorizer(m.Authorizer), row["mip6.bad.auth"], "binding authorization data", frame);
                Equal(Address(NodeAddresses.OnPrefix(m.HomePrefix, m.MnId)), Addresses(row["ipv6.routing.mipv6.home_address"]), "type 2 routing header", frame);
                break;
            case IGtpControlMessage m:
                // TS 29.274 §5.5.1, §6.1: the header's type, TEID and sequence number (GtpTsharkTests checks every IE).
                Equal(WireCodec.GtpControlPort, row["udp.dstport"], "UDP port", frame);
                Equal(GtpTsharkTests.Type(m), row["gtpv2.message_type"], "GTPv2-C message type", frame);
                Equal($"0x{m.Teid:x8}", row["gtpv2.teid"], "TEID", frame);
                Equal($"0x{m.SequenceNumber:x6}", row["gtpv2.seq"], "sequence number", frame);
                break;
            case GatewayQuery m:
                Equal($"0x{m.Id:x4}", row["dns.id"], "DNS ID", frame);
                Equal(0, row["dns.flags.response"], "QR", frame);
                break;
            case GatewayAnswer m:
                Equal($"0x{m.Id:x4}", row["dns.id"], "DNS ID", frame);
                Equal(1, row["dns.flags.response"], "QR", frame);
                Equal(m.Candidates.Count, row["dns.count.answers"], "NAPTR records", frame);
                break;
            case S1apMessage:
                // S1-AP at the level of its procedures, not ASN.1 PER: data on UDP 36412, which no dissector claims (WireCodec.S1ap).
                Equal(WireCodec.S1apPort, row["udp.dstport"], "UDP port", frame);
                Assert.True(row["gtpv2.message_type"].Length == 0 && row["dns.id"].Length == 0, $"{frame}: S1-AP read as another protocol");
                break;
            default:
                throw new Xunit.Sdk.XunitException($"{frame}: no field check for {packet.Message.GetType().Name}");
        }
    }

    /// <summary>The fields a PBU and its PBA share (RFC 5213 §8.1, §8.2); <paramref name="message"/> is tshark's "bu" or "ba".</summary>
    static void ProxyFields(IReadOnlyDictionary<string, string[]> row, string frame, string message, MnIdentifier mn, Prefix64 hnp,
        ushort sequence, ushort lifetime, HandoffIndicator hi, AccessTechnologyType att, ModelTime timestamp)
    {
        Equal(mn.Nai, row["mip6.mnid.identifier"], "MN-ID", frame);
        Equal(Address(hnp), Addresses(row["mip6.nemo.mnp.mnp"]), "home network prefix", frame);
        Equal(sequence, row[$"mip6.{message}.seqnr"], "sequence number", frame);
        Equal(lifetime, row[$"mip6.{message}.lifetime"], "lifetime", frame);
        Equal((byte)hi, row["mip6.hi"], "handoff indicator", frame);
        Equal((byte)att, row["mip6.att"], "access technology type", frame);
        SameTimestamp(timestamp, row, frame);
    }

    /// <summary>The Mobility Message Authentication option (RFC 4285 §5) as tshark dissects it: MN-HA subtype, and the authenticator sent.</summary>
    static void SameAuthentication(DmmActors.Protocol.MessageAuthentication? sent, IReadOnlyDictionary<string, string[]> row, string frame)
    {
        Assert.True(sent is not null, $"{frame}: a run with security on sent it without its authentication");
        Equal(1, row["mip6.auth.subtype"], "authentication subtype (MN-HA)", frame);
        var value = new byte[DmmActors.Protocol.Authenticator.Length];
        sent!.Value.Value.Write(value);
        // tshark's authentication data starts after the SPI. Its dissector (4.0) takes the
        // Option Length as counting the type and length octets too, as RFC 6275 §6.2.1 says it
        // does not, and so shows the authenticator two octets short: what it shows must be
        // the start of the authenticator sent.
        var sentHex = Convert.ToHexString(value).ToLowerInvariant();
        Assert.True(row["mip6.auth.auth_data"].Length > 0, $"{frame}: tshark shows no authentication data");
        var shown = row["mip6.auth.auth_data"][0].Replace(":", "");
        Assert.True(shown.Length >= sentHex.Length - 4 && sentHex.StartsWith(shown, StringComparison.Ordinal),
            $"{frame}: authenticator is {shown} in tshark, {sentHex} as sent");
    }

    /// <summary>RFC 5094: the state no RFC option carries, in a Vendor Specific option under the documentation enterprise number (RFC 5612).</summary>
    static void ProtocolStateOption(IReadOnlyDictionary<string, string[]> row, string frame)
    {
        Equal(MobilityOptionType.DocumentationEnterpriseNumber, row["mip6.vsm.vendorId"], "vendor specific option's vendor ID", frame);
        Equal(MobilityOptionType.ProtocolStateSubtype, row["mip6.vsm.subtype"], "vendor specific option's sub-type", frame);
    }

    /// <summary>The Timestamp option as tshark prints it ("Jan  1, 1970 00:00:15.412536621 UTC") against the model time sent, to the option's 1/65536 s.</summary>
    static void SameTimestamp(ModelTime sent, IReadOnlyDictionary<string, string[]> row, string frame)
    {
        Assert.True(row["mip6.timestamp_tmp"].Length == 1, $"{frame}: no Timestamp option in tshark");
        var parts = row["mip6.timestamp_tmp"][0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var date = DateTime.ParseExact($"{parts[0]} {parts[1].TrimEnd(',')} {parts[2]}", "MMM d yyyy", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        var clock = parts[3].Split(':');
        var seconds = decimal.Parse(clock[2], CultureInfo.InvariantCulture);
        var micros = (long)((date - DateTime.UnixEpoch).TotalSeconds * 1e6) + (long.Parse(clock[0]) * 3600 + long.Parse(clock[1]) * 60) * 1_000_000 +
                     (long)(seconds * 1_000_000m);
        var onTheWire = TimestampOption.ToModelTime(TimestampOption.FromModelTime(sent));
        Assert.True(Math.Abs(micros - onTheWire.Microseconds) <= 1, $"{frame}: timestamp {row["mip6.timestamp_tmp"][0]} in tshark, {onTheWire} as sent");
        Assert.True(Math.Abs(onTheWire.Microseconds - sent.Microseconds) <= 16, $"{frame}: the option keeps 1/65536 s of {sent}");
    }

    [Fact]
    public void Every_status_value_the_emulator_can_send_is_decoded_by_its_RFC_name()
    {
        var pcap = Path.Combine(dir, "statuses.pcapng");
        var writer = new WireCodec(AccessRouters, _ => 0);
        var statuses = Enum.GetValues<BindingStatus>();
        var procedure = new ProcedureRef(new MnIdentifier(3), 1, ProcedureKind.Attach);
        using (var file = new DmmActors.Capture.PcapngWriter(File.Create(pcap), "test", "test", "statuses"))
            foreach (var status in statuses)
                file.Packet(writer.Encode(new ProxyBindingAcknowledgement(procedure, ModelTime.Zero, status, procedure.MobileNode,
                    Prefix64.Delegated(1, 3), 1, ModelTime.Zero, 10, 1) { HandoffIndicator = HandoffIndicator.AttachmentOverNewInterface,
                    AccessTechnologyType = AccessTechnologyType.Ieee80211 },
                    DmmActors.Addressing.Endpoint.Anchor(1), DmmActors.Addressing.Endpoint.AccessRouter(2)), 0);
        var text = Tshark.Run("-r", pcap, "-V");
        var shown = System.Text.RegularExpressions.Regex.Matches(text, @"Status: (.+) \((\d+)\)")
            .Select(m => (Name: m.Groups[1].Value, Value: int.Parse(m.Groups[2].Value))).ToArray();
        Assert.Equal(statuses.Select(s => ((byte)s, s.RegistryName())), shown.Select(s => ((byte)s.Value, s.Name)));
    }

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
