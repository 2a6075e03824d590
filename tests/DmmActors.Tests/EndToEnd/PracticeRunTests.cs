using System.Text.Json.Nodes;
using Xunit;

namespace DmmActors.Tests.EndToEnd;

/// <summary>`dmm run` of the practices of issues 26 and 27 as a user runs them: bound, replayed, and one checksum per seed.</summary>
[Collection("actors")]
public class PracticeRunTests : IDisposable
{
    const int Nodes = 300;
    readonly string dir = Directory.CreateTempSubdirectory("dmm-practices-").FullName;

    static JsonNode Json(string path) => JsonNode.Parse(File.ReadAllText(path))!;

    JsonNode Run(string scenario, string outDir)
    {
        var run = DmmProgram.Run(dir, "run", scenario, "--out", outDir);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        return Json(Path.Combine(dir, outDir, "summary.json"));
    }

    /// <summary>
    /// Runs <paramref name="practice"/> twice on one seed: every node bound once, no registration
    /// failed, one checksum, the journal replayed to the summary and `dmm bindings` giving its
    /// checksum. Returns the first run's summary.
    /// </summary>
    JsonNode RunTwiceAndReplay(string practice, string keys = "", string? name = null)
    {
        name ??= practice;
        var scenario = Path.Combine(dir, $"{name}.conf");
        File.WriteAllText(scenario, $$"""
            dmm.scenario {
              name = {{name}}, seed = 5, practice = {{practice}}, mobile-nodes = {{Nodes}}
              topology { access-routers = 36, anchors = 4, correspondents = 4 }
              mobility { handovers-per-node = 3, dwell = 10s }
              traffic { sessions-per-node = 2, flow-rate = 1 }
              {{keys}}
            }
            """);
        var first = Run(scenario, name + "-a");
        var second = Run(scenario, name + "-b");
        Assert.Equal(0, (long)first["failed_registrations"]!);
        Assert.Equal(Nodes, (int)first["nodes_bound"]!);
        Assert.Equal((string)first["bindings_checksum"]!, (string)second["bindings_checksum"]!);

        var journal = Path.Combine(name + "-a", "journal.db");
        var replay = DmmProgram.Run(dir, "replay", "--journal", journal, "--out", name + "-replay");
        Assert.True(replay.ExitCode == 0, replay.Stdout + replay.Stderr);
        var rebuilt = Json(Path.Combine(dir, name + "-replay", "replay.json"));
        foreach (var key in DmmActors.Replay.ReplayReport.ReproducedKeys)
            Assert.True(JsonNode.DeepEquals(first[key], rebuilt[key]), $"{key}: live {first[key]?.ToJsonString()} replay {rebuilt[key]?.ToJsonString()}");
        Assert.Empty(rebuilt["violations"]!.AsArray());

        var bindings = DmmProgram.Run(dir, "bindings", "--journal", journal);
        Assert.True(bindings.ExitCode == 0, bindings.Stdout + bindings.Stderr);
        Assert.Contains((string)first["bindings_checksum"]!, bindings.Stdout);
        return first;
    }

    [Fact]
    public void NEMO_binds_every_mobile_router_and_moves_the_nodes_behind_it_with_one_BU_and_BA()
    {
        const int NodesBehind = 6;
        var s = RunTwiceAndReplay("nemo", $"nemo.nodes-behind-router = {NodesBehind}");
        // One BU and one BA per move carry the router and the nodes behind it (RFC 3963 §5.1).
        Assert.Equal(1 + NodesBehind, (int)s["nodes_per_mobile_node"]!);
        var perHandover = (double)s["signalling_per_handover"]!["total"]!;
        Assert.Equal(Math.Round(perHandover / (1 + NodesBehind), 3), (double)s["signalling_per_node_moved"]!, 3);
        // The network's packets, both ways, through the router's tunnel with its home agent.
        var data = s["data_plane"]!;
        Assert.True((long)data["flows"]!["uplink_delivered"]! > 0);
        Assert.Equal((long)data["flows"]!["uplink_delivered"]!, (long)data["uplink"]!["packets"]!);
        Assert.Equal(40, (double)data["delivered"]!["encapsulation_bytes_per_packet"]!);
    }

    [Fact]
    public void Nodes_that_find_their_home_agent_by_DHAAD_bind_where_a_configured_node_would()
    {
        var discovered = RunTwiceAndReplay("mipv6-multi-ha");
        // The anycast request reaches the home agent nearest the first link, which lists itself first:
        // the home agents that mipv6-bt's configuration names, found here by signalling.
        var bt = Path.Combine(dir, "bt.conf");
        File.WriteAllText(bt, File.ReadAllText(Path.Combine(dir, "mipv6-multi-ha.conf")).Replace("practice = mipv6-multi-ha", "practice = mipv6-bt"));
        var fixedHomeAgents = Run(bt, "bt");
        Assert.Equal(fixedHomeAgents["anchors"]!.ToJsonString(), discovered["anchors"]!.ToJsonString());
        // A request and a reply more for each node's attachment, none for a handover.
        Assert.Equal(fixedHomeAgents["signalling_per_handover"]!.ToJsonString(), discovered["signalling_per_handover"]!.ToJsonString());
        Assert.True((double)discovered["attach_latency_ms"]!["p50"]! > (double)fixedHomeAgents["attach_latency_ms"]!["p50"]!);
    }

    [Fact]
    public void A_new_home_address_per_attachment_carries_new_sessions_while_the_old_address_stays_bound_for_those_that_need_it()
    {
        // Draft §4.1, assumption 4: half the sessions need their address, and sessions end, so old home addresses are kept and let go.
        var s = RunTwiceAndReplay("mipv6-multi-ha", "mobility.new-home-address-per-attachment = on\n  traffic { continuity-share = 0.5, session-duration = 20s }");
        var bt = Path.Combine(dir, "one-home.conf");
        File.WriteAllText(bt, File.ReadAllText(Path.Combine(dir, "mipv6-multi-ha.conf")).Replace("new-home-address-per-attachment = on", "new-home-address-per-attachment = off"));
        var one = Run(bt, "one-home");
        // Nodes bound at earlier home agents too, as long as a session needing that address runs; none broken.
        var bindings = s["anchors"]!.AsArray().Sum(a => (int)a!["bindings"]!);
        Assert.InRange(bindings, Nodes + 1, 4 * Nodes);
        Assert.Equal(Nodes, one["anchors"]!.AsArray().Sum(a => (int)a!["bindings"]!));
        Assert.Equal(0, (long)s["sessions_broken"]!);
        // A DHAAD request and reply at each handover, and a BU and BA more to each earlier home agent still used.
        var signalling = s["signalling_per_handover"]!;
        Assert.Equal(1, (double)signalling["DHAAD-Req"]!);
        Assert.Equal(1, (double)signalling["DHAAD-Rep"]!);
        Assert.True((double)signalling["BU"]! > (double)one["signalling_per_handover"]!["BU"]!, $"{signalling.ToJsonString()} against {one["signalling_per_handover"]!.ToJsonString()}");
    }

    [Fact]
    public void A_loaded_home_agent_hands_nodes_whose_sessions_need_no_address_to_others_and_breaks_no_session()
    {
        // On distance alone, so that one seed gives one run: a load threshold reads the home agent's
        // bindings in the order its registrations arrive, which the actors do not keep in model time.
        var s = RunTwiceAndReplay("mipv6-ha-switch", "traffic { continuity-share = 0.5, session-duration = 20s }");
        var switches = s["home_agent_switch"]!;
        // RFC 5142: offered after a BA; made by the nodes with only nomadic sessions, refused by the others.
        Assert.True((long)switches["made"]! > 0 && (long)switches["refused"]! > 0, switches.ToJsonString());
        Assert.True((long)switches["offered"]! >= (long)switches["made"]! + (long)switches["refused"]!);
        Assert.Equal(0, (long)s["sessions_broken"]!);
        Assert.Equal(1, (int)s["signalling_per_handover"]!.AsObject().Count(kv => kv.Key == "HA-Switch"));
    }

    [Fact]
    public void A_flat_network_without_mobility_support_gives_a_new_address_at_every_move_and_breaks_what_PMIPv6_from_the_router_keeps()
    {
        const string sessions = "traffic { continuity-share = 0.5, session-duration = 60s }";
        var flat = RunTwiceAndReplay("flat-wifi", sessions);
        // RS, RA and the new address's DAD probe (RFC 4862 §5.4): no mobility signalling, no tunnel, the direct path.
        Assert.Equal(["NS (DAD)", "RA", "RS", "total"], flat["signalling_per_handover"]!.AsObject().Select(kv => kv.Key).Order());
        Assert.Equal(0, (double)flat["tunnels_per_node"]!);
        Assert.Equal(1, (double)flat["path_stretch"]!["mean"]!);
        // Every move breaks the mover's sessions that need their address: two per node, half of them, less those ended meanwhile.
        var handovers = (long)flat["handovers"]!;
        Assert.InRange((long)flat["sessions_broken"]!, handovers * 2 * 0.5 * 0.7, handovers * 2 * 0.5 * 1.3);

        // PMIPv6 from the access router: the same moves keep every address, and bind as PMIPv6 with its one LMA does.
        var mobile = RunTwiceAndReplay("flat-wifi", $"{sessions}\nflat-wifi.mobility = proxy-mobile-ipv6", name: "flat-wifi-pmip");
        Assert.Equal(0, (long)mobile["sessions_broken"]!);
        Assert.True((double)mobile["signalling_per_handover"]!["PBU"]! > 0);
        var central = RunTwiceAndReplay("pmipv6", sessions);
        Assert.Equal((string)central["bindings_checksum"]!, (string)mobile["bindings_checksum"]!);
    }

    [Fact]
    public void A_split_control_plane_carries_the_data_edge_to_edge_as_distributed_anchors_do_with_its_signalling_at_the_centre()
    {
        const string sessions = "traffic { continuity-share = 0.5, session-duration = 30s }";
        var split = RunTwiceAndReplay("dmm-cp-dp-split", sessions);
        var proxy = RunTwiceAndReplay("dmm-cp-dp-split", $"{sessions}\ncp-dp-split.cmd-mode = proxy", name: "cp-dp-proxy");
        var relocation = RunTwiceAndReplay("dmm-anchor-relocation", sessions);
        foreach (var s in new[] { split, proxy })
        {
            Assert.Equal(0, (long)s["sessions_broken"]!);
            var anchors = s["data_plane"]!["anchors"]!.AsArray();
            var cmd = anchors[^1]!;
            // RFC 8885 §3: the CMD carries no data and takes part in more signalling than any anchoring MAAR.
            Assert.Equal("cmd-36", (string)cmd["id"]!);
            Assert.Equal(0, (long)cmd["downlink"]!["packets"]! + (long)cmd["uplink"]!["packets"]!);
            Assert.True((long)cmd["signalling_messages"]! > anchors.SkipLast(1).Max(a => (long)a!["signalling_messages"]!));
            // The data path is the distributed anchors': new sessions direct, kept ones tunnelled from the MAAR that gave the prefix.
            Assert.Equal((double)relocation["path_stretch_by_session"]!["new_mean"]!, (double)s["path_stretch_by_session"]!["new_mean"]!, 3);
            Assert.InRange((double)s["tunnels_per_node"]!, 0.01, 1.99);
        }
    }

    [Fact]
    public void EPS_attaches_every_UE_keeps_its_prefix_at_the_PGW_and_moves_its_bearer_between_SGWs_with_GTP()
    {
        var s = RunTwiceAndReplay("epc", "epc { sgws = 4, tracking-area-side = 2, x2-share = 0.5 }");
        Assert.Equal(Nodes, (long)s["attaches"]!);
        Assert.Equal(0, (long)s["sessions_broken"]!);
        // Half the neighbours have X2: an X2 handover takes 2 S1-AP messages (Path Switch Request and its Acknowledge), an S1 handover 8.
        Assert.InRange((double)s["signalling_per_handover"]!["S1AP"]!, 2.5, 7.5);
        // X2 handovers switch the path at the SGW (Modify Bearer, one per handover); moves into another SGW's
        // area relocate it (Create Session at the target, Delete Session at the source), found by DNS.
        var signalling = s["signalling_per_handover"]!;
        Assert.Equal(1.0, (double)signalling["MBReq"]!, 3);
        Assert.InRange((double)signalling["DSReq"]!, 0.01, 0.99);
        Assert.Equal((double)signalling["CSReq"]!, (double)signalling["DSReq"]!, 3);
        Assert.True((double)signalling["DNS query (S-NAPTR)"]! >= (double)signalling["DSReq"]!);
        // Downlink through two GTP-U tunnels, PGW to SGW and SGW to eNB, 56 bytes of headers each (IPv6, UDP, GTP-U).
        Assert.Equal(112, (double)s["data_plane"]!["delivered"]!["encapsulation_bytes_per_packet"]!);
        // Uplink the same way up: eNB to SGW (S1-U), SGW to PGW (S5/S8), GTP-U both.
        Assert.Equal(112, (double)s["data_plane"]!["flows"]!["uplink_encapsulation_bytes_per_packet"]!);
        var anchors = s["data_plane"]!["anchors"]!.AsArray();
        Assert.Equal(["pgw", "sgw", "mme", "dns"], anchors.Select(a => ((string)a!["id"]!).Split('-')[0]).Distinct());
        Assert.All(anchors.Where(a => ((string)a!["id"]!).StartsWith("mme") || ((string)a!["id"]!).StartsWith("dns")),
            a => Assert.Equal(0, (long)a!["downlink"]!["packets"]! + (long)a["uplink"]!["packets"]!));
        var bindings = DmmProgram.Run(dir, "bindings", "--journal", Path.Combine("epc-a", "journal.db"), "--limit", "0");
        // The PGWs' contexts name the SGW at the other end of S5/S8; the SGWs' the eNB at the other end of S1-U.
        Assert.Matches(@"pgw-\d+\s+\S+\s+\S+\s+sgw-\d+", bindings.Stdout);
        Assert.Matches(@"sgw-\d+\s+\S+\s+\S+\s+ar-\d+", bindings.Stdout);
    }

    /// <summary>
    /// SIPTO and LIPA (TS 23.401 §4.3.15, §4.3.16): half the sessions offloadable; their probes take
    /// a shorter path than the rest, and a UE that moved away from its local gateway had its local
    /// connection set up again, breaking the sessions on it.
    /// </summary>
    [Theory]
    [InlineData("epc-sipto", @"spgw-\d+\s+\S+\s+\S+\s+ar-\d+")]
    [InlineData("epc-lipa", @"l-gw-\d+\s+\S+\s+\S+\s+ar-\d+")]
    public void Local_breakout_takes_offloadable_traffic_near_the_UE_and_sets_its_connection_up_again_when_the_UE_moves_away(string practice, string localContexts)
    {
        var s = RunTwiceAndReplay(practice, "epc { sgws = 4, tracking-area-side = 2, local-gateways = 9 }\ntraffic.offload-share = 0.5");
        Assert.Equal(Nodes, (long)s["attaches"]!);
        var local = s["local_breakout"]!;
        Assert.True((long)local["offloaded_samples"]! > 0, local.ToJsonString());
        Assert.True((double)local["offloaded_path_stretch_mean"]! < (double)local["anchored_path_stretch_mean"]!, local.ToJsonString());
        Assert.True((long)local["connections_reestablished"]! > 0, local.ToJsonString());
        // Sessions last the walk and all need their address: those on a released local connection broke.
        Assert.True((long)s["sessions_broken"]! > 0);
        Assert.True((double)s["signalling_per_handover"]!["DSReq"]! > 0);
        var bindings = DmmProgram.Run(dir, "bindings", "--journal", Path.Combine(practice + "-a", "journal.db"), "--limit", "0");
        Assert.Matches(localContexts, bindings.Stdout);
    }

    [Fact]
    public void Localized_routing_keeps_packets_between_mobile_nodes_off_the_LMA_in_each_case_and_binds_as_PMIPv6_does()
    {
        var local = RunTwiceAndReplay("pmipv6-local-routing", "traffic.mn-to-mn-share = 0.5");
        var routes = local["local_routing"]!;
        Assert.True((long)routes["set_up"]!["A11"]! + (long)routes["set_up"]!["A21"]! > 0, routes.ToJsonString());
        var cases = local["mn_to_mn"]!["cases"]!;
        // RFC 6705 takes no pair on two MAGs under two LMAs: those all go by way of the LMAs.
        Assert.Equal(0, (double)cases["A22"]!["anchor_bypass_share"]!);
        Assert.True((double)cases["A21"]!["anchor_bypass_share"]! > 0.3, cases.ToJsonString());
        Assert.True((double)local["signalling_per_handover"]!["LRI"]! > 0);

        // The same workload without localized routing: the MN-MN path is longer where the two share an LMA.
        var scenario = Path.Combine(dir, "pmipv6-local-routing.conf");
        File.WriteAllText(Path.Combine(dir, "multi-lma.conf"), File.ReadAllText(scenario).Replace("practice = pmipv6-local-routing", "practice = pmipv6-multi-lma"));
        var plain = Run(Path.Combine(dir, "multi-lma.conf"), "multi-lma");
        Assert.Equal(0, (double)plain["mn_to_mn"]!["anchor_bypass_share"]!);
        Assert.True((double)local["mn_to_mn"]!["cases"]!["A21"]!["path_stretch_mean"]! < (double)plain["mn_to_mn"]!["cases"]!["A21"]!["path_stretch_mean"]!);
    }

    [Fact]
    public void Runtime_LMA_assignment_redirects_new_sessions_reassigns_only_nodes_that_keep_no_prefix_and_evens_the_load_by_load()
    {
        // By distance one seed gives one run; by load the rfLMAs read the loads in the order their answers arrive.
        const string sessions = "traffic { continuity-share = 0.5, session-duration = 20s }";
        var byDistance = RunTwiceAndReplay("pmipv6-runtime-lma", $"{sessions}\nanchors.assignment = distance");
        var assignments = byDistance["runtime_lma_assignments"]!;
        Assert.True((long)assignments["redirected"]! > 0, assignments.ToJsonString());
        Assert.Equal(0, (long)byDistance["sessions_broken"]!);
        Assert.True((double)byDistance["signalling_per_handover"]!["PBU"]! > 0);

        // Five LMAs on a 6 x 6 grid: their nearest-router regions differ in size, so assignment at first attach is uneven.
        var scenario = Path.Combine(dir, "load.conf");
        var keys = $$"""
            dmm.scenario {
              name = load, seed = 5, practice = PRACTICE, mobile-nodes = 1000
              topology { access-routers = 36, anchors = 5, correspondents = 4 }
              mobility { handovers-per-node = 3, dwell = 10s }
              {{sessions}}
            }
            """;
        File.WriteAllText(scenario, keys.Replace("PRACTICE", "pmipv6-runtime-lma"));
        var byLoad = Run(scenario, "by-load");
        File.WriteAllText(scenario, keys.Replace("PRACTICE", "pmipv6-multi-lma"));
        var assignedOnce = Run(scenario, "static");
        Assert.Equal(1000, (int)byLoad["nodes_bound"]!);
        Assert.Equal(0, (long)byLoad["failed_registrations"]!);
        // Static assignment puts each node at the LMA nearest its first MAG; by load, the LMAs' own word evens them out.
        Assert.True((double)assignedOnce["anchor_load_gini"]! > 0.1, $"static Gini {assignedOnce["anchor_load_gini"]}: the scenario must load the LMAs unevenly");
        Assert.True((double)byLoad["anchor_load_gini"]! < (double)assignedOnce["anchor_load_gini"]!,
            $"Gini by load {byLoad["anchor_load_gini"]}, static {assignedOnce["anchor_load_gini"]}");
        Assert.True((double)byLoad["anchor_load_spread"]! < (double)assignedOnce["anchor_load_spread"]!);
    }

    [Fact]
    public void Dual_stack_nodes_on_IPv4_networks_bind_an_IPv4_home_address_and_tunnel_in_UDP_where_the_home_agent_found_a_NAT()
    {
        var s = RunTwiceAndReplay("dsmipv6", "traffic.ipv4-share = 0.5, topology.nat-share = 0.5");
        var dual = s["dual_stack"]!;
        // RFC 5555 §3.2.1: every node on IPv4 networks has its IPv4 home address acknowledged, none refused.
        Assert.Equal(Nodes / 2, (long)dual["ipv4_home_addresses_bound"]!);
        Assert.Equal(0, (long)dual["ipv4_home_addresses_refused"]!);
        // §4.1: the moves onto a network behind a NAT were detected, and their packets went in UDP both ways, 28 header bytes each.
        Assert.True((long)dual["nat_detected"]! > 0, dual.ToJsonString());
        // Only the IPv4 nodes' packets on networks behind a NAT go in UDP: some, not all, of those tunnelled.
        var data = s["data_plane"]!;
        var udp = (long)dual["udp_encapsulated_packets"]!;
        Assert.InRange(udp, 1, (long)data["delivered"]!["packets"]! + (long)data["flows"]!["uplink_delivered"]! - 1);
        // The IPv4 legs' headers (20 or 28 bytes) bring the tunnel bytes per packet under IPv6-in-IPv6's 40, both ways.
        Assert.InRange((double)data["delivered"]!["encapsulation_bytes_per_packet"]!, 20, 39.9);
        Assert.InRange((double)data["flows"]!["uplink_encapsulation_bytes_per_packet"]!, 20, 39.9);
        Assert.Equal((long)data["flows"]!["uplink_delivered"]!, (long)data["uplink"]!["packets"]!);
    }

    /// <summary>
    /// Runs <paramref name="plainPractice"/> and <paramref name="fastPractice"/> in <paramref name="mode"/>
    /// on one seed and walk with each session's flow at 20 packets/s: the packets the plain
    /// handover loses, the fast one delivers late from a buffer. Returns both summaries.
    /// </summary>
    (JsonNode Plain, JsonNode Fast) LateNotLost(string plainPractice, string fastPractice, string mode)
    {
        const string flows = "traffic.flow-rate = 20";
        var plainRun = RunTwiceAndReplay(plainPractice, flows);
        var fast = RunTwiceAndReplay(fastPractice, $"{flows}\n  fast-handover.mode = {mode}");
        var (plain, packets) = (plainRun["handover_packets"]!, fast["handover_packets"]!);
        Assert.True((double)packets["per_handover"]!["lost"]! < (double)plain["per_handover"]!["lost"]! / 10,
            $"lost per handover: {packets.ToJsonString()} with fast handovers, {plain.ToJsonString()} without");
        Assert.True((long)packets["buffered"]! > 0, packets.ToJsonString());
        Assert.True((double)packets["buffered_delay_mean_ms"]! > 0);
        Assert.Equal(0, (long)plain["buffered"]!);
        Assert.Equal((long)packets["sent"]!, (long)packets["delivered"]! + (long)packets["lost"]!);
        return (plainRun, fast);
    }

    /// <summary>
    /// RFC 5568 in both modes against mipv6-bt: the signalling is the RFC's figures' (RtSolPr,
    /// PrRtAdv, FBU, FBack, HI, HAck, UNA), and the move is quicker, with no RS, RA or DAD.
    /// </summary>
    [Theory]
    [InlineData("predictive")]
    [InlineData("reactive")]
    public void Fast_handovers_deliver_late_from_a_buffer_what_a_plain_MIPv6_handover_loses(string mode)
    {
        var (plain, fast) = LateNotLost("mipv6-bt", "fmipv6", mode);
        // Each handover's window runs to its completion: the shorter fast handovers send fewer packets in theirs.
        Assert.True((long)fast["handover_packets"]!["sent"]! < (long)plain["handover_packets"]!["sent"]!);
        var signalling = fast["signalling_per_handover"]!.AsObject();
        var expected = mode == "predictive" ? new[] { "RtSolPr", "PrRtAdv", "FBU", "FBack", "HI", "HAck", "UNA" } : ["RtSolPr", "PrRtAdv", "FBU", "FBack", "UNA"];
        Assert.Empty(expected.Except(signalling.Select(kv => kv.Key)));
        Assert.True((double)fast["handover_latency_ms"]!["p50"]! < (double)plain["handover_latency_ms"]!["p50"]!, "no RS, RA or DAD on the new link");
    }

    /// <summary>
    /// RFC 5949 in both modes against pmipv6-multi-lma: one HI and HAck per handover between the
    /// MAGs, no de-registration (the previous MAG leaves the binding to the new MAG's PBU), and the
    /// registration itself pmipv6-multi-lma's, with its latency.
    /// </summary>
    [Theory]
    [InlineData("predictive")]
    [InlineData("reactive")]
    public void Proxy_fast_handovers_deliver_late_from_a_buffer_what_a_plain_PMIPv6_handover_loses(string mode)
    {
        var (plain, fast) = LateNotLost("pmipv6-multi-lma", "pfmipv6", mode);
        var signalling = fast["signalling_per_handover"]!.AsObject();
        Assert.Equal(1.0, (double)signalling["HI"]!);
        Assert.Equal(1.0, (double)signalling["HAck"]!);
        Assert.False(signalling.ContainsKey("PBU(dereg)"), "the previous MAG leaves the binding to the new MAG's PBU");
        Assert.Equal(plain["handover_latency_ms"]!.ToJsonString(), fast["handover_latency_ms"]!.ToJsonString());
    }

    /// <summary>
    /// RFC 4555: every node's inner address bound at its VPN gateway to where it is, each move an
    /// UPDATE_SA_ADDRESSES and a return routability check (four INFORMATIONAL messages), its
    /// sessions' packets in ESP both ways (76 octets of outer headers each).
    /// </summary>
    [Fact]
    public void MOBIKE_nodes_move_their_IKE_SA_and_keep_their_inner_address_behind_an_ESP_tunnel()
    {
        var s = RunTwiceAndReplay("mobike");
        var signalling = s["signalling_per_handover"]!.AsObject();
        Assert.Equal(4.0, (double)signalling["INFORMATIONAL"]!);
        Assert.False(signalling.ContainsKey("BU"));
        var data = s["data_plane"]!;
        Assert.Equal(76.0, (double)data["delivered"]!["encapsulation_bytes_per_packet"]!);
        Assert.Equal(76.0, (double)data["flows"]!["uplink_encapsulation_bytes_per_packet"]!);
        Assert.Equal(0, (long)s["sessions_broken"]!);
    }

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
