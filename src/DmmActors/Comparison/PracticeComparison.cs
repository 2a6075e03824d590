using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DmmActors.Practices;
using DmmActors.Reports;
using DmmActors.Scenarios;

namespace DmmActors.Comparison;

/// <summary>One run of the compared scenario: a practice (or a named variant of one), a multicast mode, and what it gave.</summary>
public sealed record ComparedRun(string Practice, string? MulticastMode, RunSummary Summary);

/// <summary>
/// One run to make: the practice, the name its row goes under (the practice's, or a variant's),
/// the multicast mode, and the keys set over the scenario.
/// </summary>
public sealed record ComparedPlan(Practice Practice, string Name, string? MulticastMode, IReadOnlyList<string> Overrides)
{
    /// <summary>Where its files go under the output directory: its name and mode, path-safe.</summary>
    public string Directory => Name.Replace('/', '-') + (MulticastMode is null ? "" : $"-{MulticastMode}");
}

/// <summary>
/// The same scenario under every practice, side by side (issue 5; draft §5.1, §5.2, §5.7): path
/// stretch for new and long-lived sessions, tunnels per node, signalling per handover, handover
/// latency, anchor load spread, multicast duplicates; and each multicast mode under each practice.
/// </summary>
public static class PracticeComparison
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static readonly IReadOnlyList<string> Modes = ["proxy", "mtma", "direct"];

    /// <summary>The scenario's keys set for one run: every other practice's own mechanisms switched off.</summary>
    public static string[] Overrides(Practice practice, string? multicastMode, Scenario scenario) =>
    [
        $"practice = {practice.Name}",
        .. PracticeCatalog.All.Where(other => other != practice).SelectMany(other => other.KeysOffUnderAnotherPractice),
        .. multicastMode is null ? Array.Empty<string>() : [$"multicast.enabled = on", $"multicast.mode = {multicastMode}"],
    ];

    /// <summary>Every run of a comparison: each practice, then its variants (those needing multicast only where it is on), in each multicast mode.</summary>
    public static IReadOnlyList<ComparedPlan> Plans(IReadOnlyList<string?> modes, Scenario scenario) =>
        (from m in modes
         from p in PracticeCatalog.All
         from v in p.CompareVariants.Where(v => m is not null || !v.WithMulticastOnly).Prepend(new CompareVariant(p.Name, [], false))
         select new ComparedPlan(p, v.Name, m, [.. Overrides(p, m, scenario), .. v.Overrides])).ToArray();

    public static readonly IReadOnlyList<string> PracticeColumns =
    [
        "practice", "path stretch, new sessions", "path stretch, long-lived sessions", "tunnels per node",
        "signalling per handover", "per node moved", "handover latency p50 / p95 ms", "anchor load: max/mean, Gini",
        "busiest anchor's signalling: messages/s (anchor)", "multicast duplicate factor", "flow gap per session move ms",
    ];

    public static IReadOnlyList<string> PracticeRow(ComparedRun r)
    {
        var s = r.Summary;
        return
        [
            r.Practice, F(s.PathStretchNewMean), s.PathSamplesLongLived == 0 ? "-" : F(s.PathStretchLongLivedMean), F(s.TunnelsPerNode),
            F(s.SignallingPerHandoverTotal), F(s.SignallingPerNodeMoved), $"{F(s.HandoverLatencyMs.P50)} / {F(s.HandoverLatencyMs.P95)}", $"{ReportWriter.AnchorLoadSpread(s)}, {F(s.AnchorLoadGini)}",
            s.BusiestSignallingAnchor is { } busiest ? $"{F2(s.BusiestAnchorSignallingPerSecond)} ({busiest.Id})" : "-",
            s.Multicast is { } m ? F(m.DuplicateFactor) : "-",
            s.HandoverPackets.Sent == 0 ? "-" : F(s.HandoverPackets.GapMs),
        ];
    }

    /// <summary>Where the data went, with flows (traffic.flow-rate): through the anchors each way, and the tunnel headers it was carried in.</summary>
    public static readonly IReadOnlyList<string> DataPlaneColumns =
    [
        "practice", "anchors sent on, down: packets / MB", "anchors sent on, up: packets / MB", "busiest anchor, down + up: packets",
        "tunnel header bytes per packet delivered, down / up", "flow packets lost, down / up", "lost in handovers",
        "per handover: on time / buffered / lost", "buffered delay mean ms", "buffer high-water",
        "HA switches made / refused", "sessions broken", "IPv4 HoAs bound / refused, registrations behind a NAT, UDP-encapsulated packets / KB",
    ];

    public static IReadOnlyList<string> DataPlaneRow(ComparedRun r)
    {
        var s = r.Summary;
        string Load(Metrics.AnchorDataLoad l) => $"{l.Packets.ToString("N0", Inv)} / {(l.Bytes / 1e6).ToString("0.00", Inv)}";
        return
        [
            r.Practice, Load(s.DownlinkTotal), Load(s.UplinkTotal),
            s.DataPlane.Count == 0 ? "-" : s.DataPlane.Max(a => a.Downlink.Packets + a.Uplink.Packets).ToString("N0", Inv),
            $"{s.DeliveredEncapsulationPerPacket.ToString("0.#", Inv)} / {s.SessionFlows.UplinkEncapsulationPerPacket.ToString("0.#", Inv)}",
            $"{s.SessionFlows.DownlinkLost.ToString("N0", Inv)} / {s.SessionFlows.UplinkLost.ToString("N0", Inv)}",
            s.HandoverPackets.Lost.ToString("N0", Inv),
            s.HandoverPackets.Handovers == 0 ? "-" : $"{F2(s.HandoverPackets.OnTimePerHandover)} / {F2(s.HandoverPackets.BufferedPerHandover)} / {F2(s.HandoverPackets.LostPerHandover)}",
            s.HandoverPackets.Buffered == 0 ? "-" : F(s.HandoverPackets.BufferedDelayMs),
            s.HandoverPackets.BufferHighWater == 0 ? "-" : s.HandoverPackets.BufferHighWater.ToString("N0", Inv),
            s.HomeAgentSwitches.Offered == 0 ? "-" : $"{s.HomeAgentSwitches.Made.ToString("N0", Inv)} / {s.HomeAgentSwitches.Refused.ToString("N0", Inv)}",
            s.SessionsBroken.ToString("N0", Inv),
            !s.DualStack.Any ? "-" : $"{s.DualStack.Ipv4HomeAddressesBound.ToString("N0", Inv)} / {s.DualStack.Ipv4HomeAddressesRefused.ToString("N0", Inv)}, " +
                $"{s.DualStack.NatsDetected.ToString("N0", Inv)}, " +
                $"{s.DualStack.UdpPackets.ToString("N0", Inv)} / {(s.DualStack.UdpBytes / 1e3).ToString("0.0", Inv)}",
        ];
    }

    /// <summary>Traffic that may break out locally (traffic.offload-share): where it went, and what moving away from its gateway cost.</summary>
    public static readonly IReadOnlyList<string> LocalBreakoutColumns =
    [
        "practice", "path stretch, offloaded traffic", "path stretch, anchored traffic", "probes offloaded",
        "local PDN connections re-established", "sessions broken",
    ];

    public static IReadOnlyList<string> LocalBreakoutRow(ComparedRun r)
    {
        var s = r.Summary;
        return
        [
            r.Practice, s.PathSamplesOffloaded == 0 ? "-" : F(s.PathStretchOffloadedMean), F(s.PathStretchAnchoredMean),
            s.PathSamplesOffloaded.ToString("N0", Inv), s.LocalConnectionsReestablished.ToString("N0", Inv), s.SessionsBroken.ToString("N0", Inv),
        ];
    }

    /// <summary>Sessions between mobile nodes, by where the two stood (RFC 6705 §2's cases): the probes' path stretch and the share that crossed no anchor.</summary>
    public static readonly IReadOnlyList<string> PeerColumns =
    [
        "practice", "MN–MN packets", "probes' path stretch", "crossed no anchor", "anchors per probe",
        "A11 (one MAG, one LMA): packets / no anchor", "A12 (one MAG, two LMAs)", "A21 (two MAGs, one LMA)", "A22 (two MAGs, two LMAs)", "unsent (peer had no address)",
        "local routes set up A11 / A12 / A21, refused", "LRI + LRA sent A11 / A12 / A21",
    ];

    public static IReadOnlyList<string> PeerRow(ComparedRun r)
    {
        var p = r.Summary.PeerTraffic;
        string Case(Metrics.PeerCase c) => p.ByCase.TryGetValue(c, out var f) ? $"{f.Packets.ToString("N0", Inv)} / {f.AnchorBypassShare.ToString("P1", Inv)}" : "-";
        return
        [
            r.Practice, p.All.Packets.ToString("N0", Inv), F(p.All.StretchMean), p.All.AnchorBypassShare.ToString("P1", Inv), F(p.All.AnchorsPerProbe),
            Case(Metrics.PeerCase.A11), Case(Metrics.PeerCase.A12), Case(Metrics.PeerCase.A21), Case(Metrics.PeerCase.A22), p.Unsent.ToString("N0", Inv),
            r.Summary.LocalRouting is { Any: true } l ? $"{l.SetUpA11:N0} / {l.SetUpA12:N0} / {l.SetUpA21:N0}, {l.Refused:N0}" : "-",
            r.Summary.LocalRouting is { Any: true } m ? $"{m.MessagesA11:N0} / {m.MessagesA12:N0} / {m.MessagesA21:N0}" : "-",
        ];
    }

    public static readonly IReadOnlyList<string> MulticastColumns =
    [
        "practice", "mode", "copies at access routers", "distinct packets", "duplicate factor (all / worst router)",
        "wasted copies", "wasted MB", "copies with no listener on the link", "join latency after handover p50 / p95 ms", "packets lost in handover gaps",
    ];

    public static IReadOnlyList<string> MulticastRow(ComparedRun r)
    {
        var m = r.Summary.Multicast!;
        return
        [
            r.Practice, m.Mode, m.CopiesAtAccessRouters.ToString("N0", Inv), m.DistinctAtAccessRouters.ToString("N0", Inv),
            $"{F(m.DuplicateFactor)} / {F(m.MaxDuplicateFactor)}", m.WastedCopies.ToString("N0", Inv), (m.WastedBytes / 1e6).ToString("0.0", Inv),
            m.CopiesWithoutListener.ToString("N0", Inv), $"{F(m.JoinLatencyAfterHandoverMs.P50)} / {F(m.JoinLatencyAfterHandoverMs.P95)}", m.PacketsLostInHandoverGaps.ToString("N0", Inv),
        ];
    }

    static string F(double v) => v.ToString("0.###", Inv);
    static string F2(double v) => v.ToString("0.##", Inv);

    /// <summary>The runs with the scenario's own multicast mode (or none): one row per practice.</summary>
    public static IEnumerable<ComparedRun> PracticeRuns(IReadOnlyList<ComparedRun> runs, string? mode) => runs.Where(r => r.MulticastMode == mode);

    public static IReadOnlyList<string> Write(string outDir, string command, Scenario scenario, IReadOnlyList<ComparedRun> runs, string? mode)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Practices compared on scenario `{scenario.Name}`").AppendLine();
        md.AppendLine($"`{command}`: {scenario.MobileNodes:N0} mobile nodes, {scenario.AccessRouters:N0} access routers, " +
                      $"{scenario.HandoversPerNode} handovers each, {scenario.SessionsPerNode} sessions per node " +
                      $"(mean {scenario.Traffic.MeanSessionDuration.Seconds:0.#} s, {scenario.Traffic.ContinuityShare:P0} needing continuity), seed {scenario.Seed}. " +
                      "All figures in model time.").AppendLine();
        Table(md, PracticeColumns, PracticeRuns(runs, mode).Select(PracticeRow));
        if (scenario.Traffic.Flows)
        {
            md.AppendLine().AppendLine($"## Data plane: each session's flow both ways at {scenario.Traffic.FlowRate.ToString("0.###", Inv)} packets/s").AppendLine();
            md.AppendLine("Bytes as the codec writes them on each anchor's outgoing leg, the tunnel's outer header included (RFC 2473 §3).").AppendLine();
            Table(md, DataPlaneColumns, PracticeRuns(runs, mode).Select(DataPlaneRow));
        }
        if (scenario.Traffic.MnToMnShare > 0)
        {
            md.AppendLine().AppendLine($"## Sessions between mobile nodes ({scenario.Traffic.MnToMnShare.ToString("P0", Inv)} of sessions)").AppendLine();
            md.AppendLine("Packets a mobile peer sent from where it stood (probes and flows), by RFC 6705's cases as they were delivered; \"no anchor\": the share that crossed no LMA or other anchor.").AppendLine();
            Table(md, PeerColumns, PracticeRuns(runs, mode).Select(PeerRow));
        }
        if (scenario.Traffic.OffloadShare > 0)
        {
            md.AppendLine().AppendLine($"## Local breakout ({scenario.Traffic.OffloadShare.ToString("P0", Inv)} of sessions offloadable)").AppendLine();
            md.AppendLine("Offloaded: probes to the node's prefix at a local gateway, where the practice gives it one (TS 23.401 §4.3.15 SIPTO, §4.3.16 LIPA); " +
                          "anchored: every other probe. A connection re-established is one released when the node moved away from its gateway and set up again at a nearer one; " +
                          "the sessions on it that needed their address broke.").AppendLine();
            Table(md, LocalBreakoutColumns, PracticeRuns(runs, mode).Select(LocalBreakoutRow));
        }
        var multicast = runs.Where(r => r.Summary.Multicast is not null).ToArray();
        if (multicast.Length > 0)
        {
            md.AppendLine().AppendLine("## Multicast: the RFC 6224 baseline and the RFC 7028 modes").AppendLine();
            md.AppendLine($"Duplicate factor: copies reaching the access routers per distinct packet; wasted bytes at {MulticastSummaryBytes} bytes a packet.").AppendLine();
            Table(md, MulticastColumns, multicast.Select(MulticastRow));
        }
        var csv = new StringBuilder("practice,multicast_mode,path_stretch_new,path_stretch_long_lived,tunnels_per_node,signalling_per_handover," +
                                    "handover_p50_ms,handover_p95_ms,anchor_load_spread,relocations,duplicate_factor,wasted_copies,join_latency_p50_ms,packets_lost_in_gaps," +
                                    "flow_packets_lost,flow_gap_ms,anchor_downlink_packets,anchor_downlink_bytes,anchor_uplink_packets,anchor_uplink_bytes," +
                                    "tunnel_bytes_per_packet_down,tunnel_bytes_per_packet_up,signalling_per_node_moved,ha_switches_made,ha_switches_refused,sessions_broken," +
                                    "ipv4_home_addresses_bound,ipv4_home_addresses_refused,nat_detected,udp_encapsulated_packets,udp_encapsulation_bytes," +
                                    "handover_packets_on_time_per_handover,handover_packets_buffered_per_handover,handover_packets_lost_per_handover,buffered_delay_mean_ms,buffer_high_water," +
                                    "anchor_load_gini,runtime_lma_redirected,runtime_lma_refused,mn_mn_packets,mn_mn_path_stretch,mn_mn_no_anchor_share," +
                                    "a11_no_anchor_share,a12_no_anchor_share,a21_no_anchor_share,a22_no_anchor_share,mn_mn_unsent,busiest_anchor_signalling_per_s," +
                                    "path_stretch_offloaded,path_stretch_anchored,probes_offloaded,local_connections_reestablished\n");
        foreach (var r in runs)
        {
            var s = r.Summary;
            csv.AppendJoin(',', [r.Practice, r.MulticastMode ?? "", F(s.PathStretchNewMean), F(s.PathStretchLongLivedMean), F(s.TunnelsPerNode),
                F(s.SignallingPerHandoverTotal), F(s.HandoverLatencyMs.P50), F(s.HandoverLatencyMs.P95), F(s.AnchorLoadSpread),
                s.Relocations.ToString(Inv), s.Multicast is { } m ? F(m.DuplicateFactor) : "", s.Multicast?.WastedCopies.ToString(Inv) ?? "",
                s.Multicast is { } j ? F(j.JoinLatencyAfterHandoverMs.P50) : "", s.Multicast?.PacketsLostInHandoverGaps.ToString(Inv) ?? "",
                s.HandoverPackets.Sent == 0 ? "" : s.HandoverPackets.Lost.ToString(Inv), s.HandoverPackets.Sent == 0 ? "" : F(s.HandoverPackets.GapMs),
                s.DownlinkTotal.Packets.ToString(Inv), s.DownlinkTotal.Bytes.ToString(Inv), s.UplinkTotal.Packets.ToString(Inv), s.UplinkTotal.Bytes.ToString(Inv),
                F(s.DeliveredEncapsulationPerPacket), F(s.SessionFlows.UplinkEncapsulationPerPacket), F(s.SignallingPerNodeMoved),
                s.HomeAgentSwitches.Made.ToString(Inv), s.HomeAgentSwitches.Refused.ToString(Inv), s.SessionsBroken.ToString(Inv),
                s.DualStack.Ipv4HomeAddressesBound.ToString(Inv), s.DualStack.Ipv4HomeAddressesRefused.ToString(Inv), s.DualStack.NatsDetected.ToString(Inv), s.DualStack.UdpPackets.ToString(Inv), s.DualStack.UdpBytes.ToString(Inv),
                F(s.HandoverPackets.OnTimePerHandover), F(s.HandoverPackets.BufferedPerHandover), F(s.HandoverPackets.LostPerHandover),
                F(s.HandoverPackets.BufferedDelayMs), s.HandoverPackets.BufferHighWater.ToString(Inv),
                F(s.AnchorLoadGini), s.RuntimeAssignments.Made.ToString(Inv), s.RuntimeAssignments.Refused.ToString(Inv),
                s.PeerTraffic.All.Packets.ToString(Inv), F(s.PeerTraffic.All.StretchMean), F(s.PeerTraffic.All.AnchorBypassShare),
                .. new[] { Metrics.PeerCase.A11, Metrics.PeerCase.A12, Metrics.PeerCase.A21, Metrics.PeerCase.A22 }
                    .Select(c => s.PeerTraffic.ByCase.TryGetValue(c, out var f) ? F(f.AnchorBypassShare) : ""),
                s.PeerTraffic.Unsent.ToString(Inv), F(s.BusiestAnchorSignallingPerSecond),
                F(s.PathStretchOffloadedMean), F(s.PathStretchAnchoredMean), s.PathSamplesOffloaded.ToString(Inv), s.LocalConnectionsReestablished.ToString(Inv)]).Append('\n');
        }
        var json = new JsonArray(runs.Select(r =>
        {
            var node = ReportWriter.Json(r.Summary);
            node["multicast_mode"] = r.MulticastMode;
            // The row's name: the practice's, or the named variant's (whose summary names the practice it varies).
            node["compared_as"] = r.Practice;
            return (JsonNode)node;
        }).ToArray());
        return
        [
            ReportWriter.WriteAtomically(Path.Combine(outDir, "comparison.md"), md.ToString()),
            ReportWriter.WriteAtomically(Path.Combine(outDir, "comparison.csv"), csv.ToString()),
            ReportWriter.WriteAtomically(Path.Combine(outDir, "comparison.json"), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true })),
        ];
    }

    const int MulticastSummaryBytes = Multicast.MulticastSummary.PacketBytes;

    static void Table(StringBuilder md, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        md.AppendLine("| " + string.Join(" | ", columns) + " |");
        md.AppendLine("|" + string.Concat(columns.Select(_ => "---|")));
        foreach (var row in rows) md.AppendLine("| " + string.Join(" | ", row) + " |");
    }
}
