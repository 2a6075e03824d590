using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DmmActors.Metrics;
using DmmActors.Protocol;
using DmmActors.Scenarios;

namespace DmmActors.Reports;

/// <summary>Writes summary.json, summary.md and handovers.csv. Each file appears whole or not at all.</summary>
public static class ReportWriter
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static IReadOnlyList<string> Write(RunSummary s, string outDir)
    {
        Directory.CreateDirectory(outDir);
        var files = new List<string>
        {
            WriteAtomically(Path.Combine(outDir, "summary.json"), Json(s).ToJsonString(new JsonSerializerOptions
            {
                WriteIndented = true,
                Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            })),
            WriteAtomically(Path.Combine(outDir, "summary.md"), Markdown(s)),
            WriteAtomically(Path.Combine(outDir, "handovers.csv"), Csv(s)),
        };
        if (s.Multicast is { } m) files.Add(WriteAtomically(Path.Combine(outDir, "multicast.csv"), MulticastCsv(m)));
        if (s.Queues.Nodes.Count > 0) files.Add(WriteAtomically(Path.Combine(outDir, "queues.csv"), QueuesCsv(s.Queues)));
        files.AddRange(ReportPlots.Write(s, outDir));
        return files;
    }

    public static string WriteAtomically(string path, string content) => Replace(path, temp => File.WriteAllText(temp, content));

    /// <summary>A file written as it is made, through a buffered writer, and put in place whole: a reader never sees half of it.</summary>
    public static string WriteAtomically(string path, Action<TextWriter> write) => Replace(path, temp =>
    {
        using var writer = new StreamWriter(temp, append: false, new System.Text.UTF8Encoding(false), bufferSize: 1 << 16);
        write(writer);
    });

    static string Replace(string path, Action<string> writeTemporary)
    {
        var temp = path + ".tmp";
        writeTemporary(temp);
        File.Move(temp, path, overwrite: true);
        return path;
    }

    public static JsonObject Percentiles(Percentiles p) => new()
    {
        ["p50"] = Round(p.P50), ["p95"] = Round(p.P95), ["p99"] = Round(p.P99), ["max"] = Round(p.Max), ["mean"] = Round(p.Mean),
    };

    static double Round(double v) => Math.Round(v, 4);

    static JsonObject PeerFigures(PeerCaseFigures f) => new()
    {
        ["probes"] = f.Probes, ["path_stretch_mean"] = Round(f.StretchMean), ["anchors_per_probe"] = Round(f.AnchorsPerProbe),
        ["packets"] = f.Packets, ["anchor_bypass_share"] = Round(f.AnchorBypassShare),
    };

    /// <summary>Sessions between mobile nodes, overall and by RFC 6705's case.</summary>
    static JsonObject PeerTraffic(PeerTrafficSummary p)
    {
        var all = PeerFigures(p.All);
        all["unsent_peer_without_address"] = p.Unsent;
        all["probes_lost"] = p.ProbesLost;
        all["cases"] = new JsonObject(p.ByCase.Select(kv => KeyValuePair.Create(kv.Key.ToString(), (JsonNode?)PeerFigures(kv.Value))));
        return all;
    }

    public static JsonObject Json(RunSummary s)
    {
        var signalling = new JsonObject();
        foreach (var (type, count) in s.SignallingPerHandover.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            signalling[type] = Round(count);
        signalling["total"] = Round(s.SignallingPerHandoverTotal);
        return new JsonObject
        {
            ["run_id"] = s.RunId,
            ["scenario"] = s.Scenario,
            ["practice"] = s.Practice,
            ["seed"] = s.Seed,
            ["mobile_nodes"] = s.MobileNodes,
            ["access_routers"] = s.AccessRouters,
            ["attaches"] = s.Attaches,
            ["handovers"] = s.Handovers,
            ["clock_note"] = "latency, stretch and signalling are in model time; everything under 'wall' is wall-clock time",
            ["handover_latency_ms"] = Percentiles(s.HandoverLatencyMs),
            ["attach_latency_ms"] = Percentiles(s.AttachLatencyMs),
            ["signalling_per_handover"] = signalling,
            ["nodes_per_mobile_node"] = s.NodesPerMobileNode,
            ["sessions_broken"] = s.SessionsBroken,
            ["local_breakout"] = new JsonObject
            {
                ["connections_reestablished"] = s.LocalConnectionsReestablished,
                ["offloaded_path_stretch_mean"] = Round(s.PathStretchOffloadedMean), ["offloaded_samples"] = s.PathSamplesOffloaded,
                ["anchored_path_stretch_mean"] = Round(s.PathStretchAnchoredMean),
                ["measure"] = "offloaded: probes to the node's prefix at a local gateway (SIPTO, LIPA); anchored: the rest",
            },
            ["home_agent_switch"] = new JsonObject
            {
                ["offered"] = s.HomeAgentSwitches.Offered, ["made"] = s.HomeAgentSwitches.Made, ["refused"] = s.HomeAgentSwitches.Refused,
            },
            ["mn_to_mn"] = PeerTraffic(s.PeerTraffic),
            ["local_routing"] = new JsonObject
            {
                ["set_up"] = new JsonObject { ["A11"] = s.LocalRouting.SetUpA11, ["A12"] = s.LocalRouting.SetUpA12, ["A21"] = s.LocalRouting.SetUpA21 },
                ["refused"] = s.LocalRouting.Refused,
                ["messages"] = new JsonObject { ["A11"] = s.LocalRouting.MessagesA11, ["A12"] = s.LocalRouting.MessagesA12, ["A21"] = s.LocalRouting.MessagesA21 },
            },
            ["runtime_lma_assignments"] = new JsonObject { ["redirected"] = s.RuntimeAssignments.Made, ["refused"] = s.RuntimeAssignments.Refused },
            ["fast_handovers"] = new JsonObject
            {
                ["predictive"] = s.FastHandovers.Predictive, ["reactive"] = s.FastHandovers.Reactive, ["refused"] = s.FastHandovers.Refused,
                ["card_resolutions"] = s.FastHandovers.CardResolutions,
            },
            ["dual_stack"] = new JsonObject
            {
                ["ipv4_home_addresses_bound"] = s.DualStack.Ipv4HomeAddressesBound, ["ipv4_home_addresses_refused"] = s.DualStack.Ipv4HomeAddressesRefused,
                ["nat_detected"] = s.DualStack.NatsDetected, ["udp_encapsulated_packets"] = s.DualStack.UdpPackets,
                ["udp_encapsulation_bytes"] = s.DualStack.UdpBytes,
            },
            ["signalling_per_node_moved"] = Round(s.SignallingPerNodeMoved),
            ["refresh_signalling_messages"] = s.RefreshSignalling,
            ["path_stretch"] = new JsonObject
            {
                ["mean"] = Round(s.PathStretchMean), ["p95"] = Round(s.PathStretchP95), ["samples"] = s.PathSamples,
                ["measure"] = "delay of the path used / delay of the shortest path, correspondent to mobile node",
            },
            ["path_stretch_by_session"] = new JsonObject
            {
                ["new_mean"] = Round(s.PathStretchNewMean), ["long_lived_mean"] = Round(s.PathStretchLongLivedMean),
                ["long_lived_samples"] = s.PathSamplesLongLived,
                ["measure"] = "new: the session started on the node's current link; long-lived: it kept its address across a move",
            },
            ["tunnels_per_node"] = Round(s.TunnelsPerNode),
            ["nodes_bound"] = s.NodesBound,
            ["anchor_load_spread"] = Round(s.AnchorLoadSpread),
            ["anchor_load_gini"] = Round(s.AnchorLoadGini),
            ["anchor_load_spread_by_role"] = new JsonObject(s.AnchorLoadSpreadByRole.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Round(kv.Value)))),
            ["relocation"] = new JsonObject
            {
                ["relocations"] = s.Relocations, ["refused"] = s.RelocationsRefused,
                ["packets_buffered_during_transfer"] = s.PacketsBufferedDuringTransfer,
                ["packets_forwarded_after_transfer"] = s.PacketsForwardedAfterTransfer,
                ["prefixes_released"] = s.PrefixesReleased, ["anchor_advertisements"] = s.AnchorAdvertisements,
            },
            ["multicast"] = s.Multicast is { } m ? MulticastJson(m) : null,
            ["handover_packets"] = s.HandoverPackets.Sent == 0 ? null : new JsonObject
            {
                ["flow_rate_per_s"] = s.HandoverPackets.FlowRate, ["sent"] = s.HandoverPackets.Sent, ["delivered"] = s.HandoverPackets.Delivered,
                ["lost"] = s.HandoverPackets.Lost, ["lost_per_session_move"] = Round(s.HandoverPackets.LostPerSessionMove),
                ["gap_ms"] = Round(s.HandoverPackets.GapMs),
                ["on_time"] = s.HandoverPackets.OnTime, ["buffered"] = s.HandoverPackets.Buffered,
                ["buffered_delay_mean_ms"] = Round(s.HandoverPackets.BufferedDelayMs),
                ["per_handover"] = new JsonObject
                {
                    ["on_time"] = Round(s.HandoverPackets.OnTimePerHandover), ["buffered"] = Round(s.HandoverPackets.BufferedPerHandover),
                    ["lost"] = Round(s.HandoverPackets.LostPerHandover),
                },
                ["buffer_high_water"] = s.HandoverPackets.BufferHighWater,
            },
            ["processing_queues"] = s.Queues.ByKind.Count == 0 ? null : new JsonObject(s.Queues.ByKind.Select(k => KeyValuePair.Create(k.Kind, (JsonNode?)QueuesJson(k)))),
            ["pcap"] = s.Capture is { } c ? new JsonObject
            {
                ["file"] = c.Path, ["frames"] = c.Frames, ["data_frames"] = c.DataFrames, ["dropped"] = c.Dropped, ["bytes"] = c.Bytes,
                ["encoding_failure"] = c.Failure,
            } : null,
            ["packets_lost"] = s.PacketsLost,
            ["failed_registrations"] = s.FailedRegistrations,
            ["failed_registrations_by_status"] = new JsonObject(s.FailedRegistrationsByStatus.Select(f =>
                KeyValuePair.Create($"{(byte)f.Status} {f.Status.RegistryName()}", (JsonNode?)f.Count))),
            ["unauthorised_signalling"] = s.UnauthorisedSignalling,
            ["signalling_authenticated"] = s.SignallingAuthenticated,
            ["authentication_failures"] = s.AuthenticationFailures,
            ["timestamp_mismatches"] = s.TimestampMismatches,
            ["overload"] = new JsonObject
            {
                ["high_water"] = s.OverloadHighWater, ["registrations_shed"] = s.RegistrationsShed,
                ["registrations_backed_off"] = s.RegistrationsBackedOff, ["procedures_delayed"] = s.ProceduresDelayedByBackoff,
                ["awaiting_journal_high_water"] = s.AwaitingJournalHighWater, ["anchor_mailbox_high_water"] = s.AnchorMailboxHighWater,
            },
            ["journal_outage"] = new JsonObject
            {
                ["circuit_breakers_opened"] = s.JournalOutage.BreakersOpened, ["writes_held"] = s.JournalOutage.WritesHeld,
                ["events_held"] = s.JournalOutage.EventsHeld, ["stall_seconds_wall"] = s.JournalOutage.StallSeconds,
                ["longest_write_held_seconds_wall"] = s.JournalOutage.LongestHeldSeconds,
            },
            ["attacks"] = new JsonArray(s.Attacks.Select(a => (JsonNode)new JsonObject
            {
                ["attack"] = AttackSettings.Name(a.Kind), ["sent"] = a.Sent, ["refused"] = a.Refused, ["discarded"] = a.Discarded,
                ["hijacked"] = a.Hijacked, ["accepted_as_reregistration"] = a.Reregistered, ["diverted_to_attacker"] = a.Diverted,
                ["refused_with"] = new JsonObject(a.RefusedWith.Select(kv => KeyValuePair.Create(((byte)kv.Key).ToString(Inv), (JsonNode?)kv.Value))),
            }).ToArray()),
            ["retransmissions"] = s.Retransmissions,
            ["anchors"] = new JsonArray(s.Anchors.Select(a => (JsonNode)new JsonObject
            {
                ["id"] = a.Id, ["bindings"] = a.Bindings, ["entries"] = a.Entries,
            }).ToArray()),
            ["data_plane"] = DataPlaneJson(s),
            ["bindings_checksum"] = s.BindingsChecksum,
            ["model_span_s"] = Round(s.ModelSpanSeconds),
            ["wall"] = new JsonObject
            {
                ["seconds"] = Round(s.WallMobilitySeconds),
                ["total_seconds"] = Round(s.WallTotalSeconds),
                ["handovers_per_s"] = Round(s.HandoversPerWallSecond),
                ["signalling_messages_per_s"] = Round(s.WallMobilitySeconds > 0 ? s.SignallingMessages / s.WallMobilitySeconds : 0),
                ["spawn_seconds"] = Round(s.WallSpawnSeconds),
                ["resident_bytes"] = s.ResidentBytes,
                ["resident_bytes_per_node"] = s.EmulatedNodes == 0 ? 0 : s.ResidentBytes / s.EmulatedNodes,
            },
            ["journal"] = s.Journal,
            ["journal_partitions"] = s.JournalPartitions,
            ["cluster"] = new JsonArray(s.Cluster.Select(n => (JsonNode)new JsonObject
            {
                ["node"] = n.Node,
                ["roles"] = new JsonArray(n.Roles.Select(r => (JsonNode)JsonValue.Create(r)!).ToArray()),
                ["anchors"] = new JsonArray(n.Anchors.Select(a => (JsonNode)JsonValue.Create(a)!).ToArray()),
                ["bindings"] = n.Bindings,
                ["signalling_messages"] = n.SignallingMessages,
                ["shards"] = n.Shards,
                ["signalling_received"] = n.SignallingReceived,
                ["signalling_from_another_member"] = n.SignallingFromAnotherMember,
                ["remote_share"] = Round(n.RemoteShare),
            }).ToArray()),
            ["cluster_remote_share"] = Round(s.ClusterRemoteShare),
            ["cluster_nodes_lost"] = new JsonArray(s.ClusterNodesLost.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()),
            ["reattachment"] = ReattachmentJson(s.Reattachment),
        };
    }

    /// <summary>Packets as the anchors sent them on, each way, bytes as the codec writes them on each anchor's outgoing leg.</summary>
    static JsonObject DataPlaneJson(RunSummary s) => new()
    {
        ["downlink"] = LoadJson(s.DownlinkTotal),
        ["uplink"] = LoadJson(s.UplinkTotal),
        ["anchors"] = new JsonArray(s.DataPlane.Select(a => (JsonNode)new JsonObject
        {
            ["id"] = a.Id, ["downlink"] = LoadJson(a.Downlink), ["uplink"] = LoadJson(a.Uplink), ["signalling_messages"] = a.Signalling,
        }).ToArray()),
        ["flows"] = new JsonObject
        {
            ["downlink_sent"] = s.SessionFlows.DownlinkSent,
            ["downlink_lost"] = s.SessionFlows.DownlinkLost,
            ["uplink_sent"] = s.SessionFlows.UplinkSent,
            ["uplink_delivered"] = s.SessionFlows.UplinkDelivered,
            ["uplink_lost"] = s.SessionFlows.UplinkLost,
            ["uplink_encapsulation_bytes"] = s.SessionFlows.UplinkEncapsulationBytes,
            ["uplink_encapsulation_bytes_per_packet"] = Round(s.SessionFlows.UplinkEncapsulationPerPacket),
        },
        // What the nodes took in: the tunnel headers each packet was carried in, leg by leg, whichever node (anchor, MAP, router) added them.
        ["delivered"] = new JsonObject
        {
            ["packets"] = s.DataPacketsDelivered,
            ["encapsulation_bytes"] = s.DeliveredEncapsulationBytes,
            ["encapsulation_bytes_per_packet"] = Round(s.DeliveredEncapsulationPerPacket),
            ["encapsulation_bytes_per_node"] = Round(s.DeliveredEncapsulationPerNode),
        },
    };

    /// <summary>The per-anchor data-plane table, each way: summary.md's, and the storm report's (report.md and report.html).</summary>
    public static void DataPlaneMarkdown(StringBuilder md, RunSummary s)
    {
        md.AppendLine("## Data plane per anchor").AppendLine();
        md.AppendLine("Packets each anchor sent on, from correspondents (downlink) and from nodes (uplink), and their bytes on its outgoing leg " +
                      "as the codec writes them, the tunnel's outer IPv6 header included (RFC 2473 §3).").AppendLine();
        md.AppendLine("| anchor | downlink packets | bytes | of them tunnel headers | uplink packets | bytes | of them tunnel headers |")
            .AppendLine("|---|---|---|---|---|---|---|");
        string Cells(AnchorDataLoad l) => $"{l.Packets.ToString("N0", Inv)} | {l.Bytes.ToString("N0", Inv)} | {l.EncapsulationBytes.ToString("N0", Inv)}";
        foreach (var a in s.DataPlane) md.AppendLine($"| {a.Id} | {Cells(a.Downlink)} | {Cells(a.Uplink)} |");
    }

    static JsonObject LoadJson(AnchorDataLoad load) => new()
    {
        ["packets"] = load.Packets, ["bytes"] = load.Bytes, ["encapsulation_bytes"] = load.EncapsulationBytes,
    };

    static JsonObject ReattachmentJson(ReattachmentSummary r) => new()
    {
        ["nodes"] = r.Nodes,
        ["events"] = r.Events,
        ["by_cause"] = new JsonObject(Enum.GetValues<ReattachCause>().Select(c =>
            KeyValuePair.Create(CauseName(c), (JsonNode?)JsonValue.Create(r.ByCause.GetValueOrDefault(c))))),
        ["unreachable_s"] = Percentiles(r.UnreachableSeconds),
        ["router_solicitations_retransmitted"] = r.RouterSolicitationsRetransmitted,
        ["handover_initiates_retransmitted"] = r.HandoverInitiatesRetransmitted,
    };

    static string CauseName(ReattachCause c) => c switch
    {
        ReattachCause.RouterLost => "router_lost",
        ReattachCause.NodeRestarted => "node_restarted",
        _ => "resolicited",
    };

    static JsonObject QueuesJson(KindQueues k) => new()
    {
        ["nodes"] = k.Nodes, ["messages"] = k.Messages,
        ["utilisation_mean"] = Round(k.MeanUtilisation), ["peak_second_utilisation_max"] = Round(k.PeakUtilisation), ["busiest"] = k.Busiest,
        ["mean_queue_length_max"] = Round(k.MaxMeanQueueLength), ["wait_ms"] = Percentiles(k.WaitMs),
    };

    /// <summary>One row per node with a queue: what it served, how busy it was, how long its messages waited (model time).</summary>
    public static string QueuesCsv(QueueSummary q)
    {
        var csv = new StringBuilder("node,servers,messages,utilisation,peak_second_utilisation,mean_queue_length,wait_mean_ms,wait_p95_ms,wait_max_ms,first_arrival_s,last_departure_s\n");
        foreach (var n in q.Nodes)
        {
            var wait = QueueSummary.WaitMs([n]);
            csv.Append(n.Kind).Append('-').Append(n.Index).Append(',').Append(n.Servers).Append(',').Append(n.Messages).Append(',')
               .Append(n.Utilisation.ToString("0.####", Inv)).Append(',').Append(n.PeakUtilisation.ToString("0.####", Inv)).Append(',').Append(n.MeanQueueLength.ToString("0.####", Inv)).Append(',')
               .Append(wait.Mean.ToString("0.###", Inv)).Append(',').Append(wait.P95.ToString("0.###", Inv)).Append(',')
               .Append(wait.Max.ToString("0.###", Inv)).Append(',')
               .Append((n.FirstArrival / 1e6).ToString("0.######", Inv)).Append(',').Append((n.LastDeparture / 1e6).ToString("0.######", Inv)).Append('\n');
        }
        return csv.ToString();
    }

    static JsonObject MulticastJson(Multicast.MulticastSummary m) => new()
    {
        ["mode"] = m.Mode, ["groups"] = m.Groups, ["listeners"] = m.Listeners, ["source_packets"] = m.SourcePackets,
        ["copies_at_access_routers"] = m.CopiesAtAccessRouters, ["distinct_at_access_routers"] = m.DistinctAtAccessRouters,
        ["duplicate_factor"] = Round(m.DuplicateFactor), ["max_duplicate_factor"] = Round(m.MaxDuplicateFactor),
        ["access_routers_with_duplicates"] = m.AccessRoutersWithDuplicates,
        ["wasted_copies"] = m.WastedCopies, ["wasted_bytes"] = m.WastedBytes, ["copies_without_listener"] = m.CopiesWithoutListener, ["packet_bytes"] = Multicast.MulticastSummary.PacketBytes,
        ["join_latency_after_handover_ms"] = Percentiles(m.JoinLatencyAfterHandoverMs), ["join_samples"] = m.JoinSamples,
        ["packets_lost_in_handover_gaps"] = m.PacketsLostInHandoverGaps, ["packets_delivered"] = m.PacketsDelivered,
    };

    public static string Markdown(RunSummary s)
    {
        var md = new StringBuilder();
        md.AppendLine($"# DmmActors run `{s.RunId}`").AppendLine();
        md.AppendLine($"Scenario **{s.Scenario}**, practice **{s.Practice}**, seed {s.Seed}: {s.MobileNodes:N0} mobile nodes, " +
                      $"{s.AccessRouters:N0} access routers, {s.Anchors.Count} anchors.").AppendLine();
        md.AppendLine("Latency, path stretch and signalling are in model time; the wall-clock rows measure the emulator.").AppendLine();
        md.AppendLine("| metric | value |").AppendLine("|---|---|");
        foreach (var (k, v) in SummaryRows(s)) md.AppendLine($"| {k} | {v} |");
        md.AppendLine().AppendLine($"![handover and attach latency]({ReportPlots.Latency})").AppendLine();
        md.AppendLine($"![path stretch]({ReportPlots.Stretch})").AppendLine();
        md.AppendLine().AppendLine("## Signalling per handover (model)").AppendLine();
        md.AppendLine("| message | per handover |").AppendLine("|---|---|");
        foreach (var (type, count) in s.SignallingPerHandover.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            md.AppendLine($"| {type} | {count.ToString("0.###", Inv)} |");
        md.AppendLine($"| **total** | {s.SignallingPerHandoverTotal.ToString("0.###", Inv)} |");
        md.AppendLine().AppendLine("## Bindings per anchor (end of run)").AppendLine();
        md.AppendLine("| anchor | active bindings | cache entries |").AppendLine("|---|---|---|");
        foreach (var a in s.Anchors) md.AppendLine($"| {a.Id} | {a.Bindings:N0} | {a.Entries:N0} |");
        md.AppendLine().AppendLine($"![bindings per anchor]({ReportPlots.Anchors})");
        md.AppendLine();
        DataPlaneMarkdown(md, s);
        md.AppendLine().AppendLine($"![data plane per anchor]({ReportPlots.DataPlane})");
        if (s.Queues.ByKind.Count > 0)
        {
            md.AppendLine().AppendLine("## Processing queues (model)").AppendLine();
            md.AppendLine("Utilisation is each node's busy time over its span (first arrival to last departure) and its servers, and in its busiest " +
                          "second of model time; the queue length is " +
                          "the mean number waiting (Little's law); waits p50 / p95 / p99 are read from quarter-octave histograms, to the bucket's upper edge. " +
                          "Every node's figures are in queues.csv.").AppendLine();
            md.AppendLine("| kind | nodes | messages | utilisation: mean / busiest second (node) | mean queue length, highest | wait p50 / p95 / p99 / max ms |")
                .AppendLine("|---|---|---|---|---|---|");
            foreach (var k in s.Queues.ByKind)
                md.AppendLine($"| {k.Kind} | {k.Nodes:N0} | {k.Messages:N0} | {k.MeanUtilisation.ToString("0.###", Inv)} / {k.PeakUtilisation.ToString("0.###", Inv)} ({k.Busiest}) | " +
                              $"{k.MaxMeanQueueLength.ToString("0.###", Inv)} | {k.WaitMs.P50.ToString("0.###", Inv)} / {k.WaitMs.P95.ToString("0.###", Inv)} / " +
                              $"{k.WaitMs.P99.ToString("0.###", Inv)} / {k.WaitMs.Max.ToString("0.###", Inv)} |");
        }
        if (s.Attacks.Count > 0)
        {
            md.AppendLine().AppendLine("## Attacks (REQ6)").AppendLine();
            md.AppendLine($"| {string.Join(" | ", AttackColumns)} |").AppendLine($"|{string.Concat(AttackColumns.Select(_ => "---|"))}");
            foreach (var row in AttackRows(s)) md.AppendLine($"| {string.Join(" | ", row)} |");
            md.AppendLine().AppendLine(AttackFootnote(s));
        }
        if (s.Cluster.Count > 0)
        {
            md.AppendLine().AppendLine("## Anchor distribution over the cluster").AppendLine();
            md.AppendLine("| node | roles | anchors hosted | bindings held | signalling messages sent | received | received from another member | remote share | shards |")
                .AppendLine("|---|---|---|---|---|---|---|---|---|");
            foreach (var n in s.Cluster)
                md.AppendLine($"| {n.Node} | {string.Join(",", n.Roles)} | {string.Join(", ", n.Anchors)} | {n.Bindings:N0} | {n.SignallingMessages:N0} | " +
                              $"{n.SignallingReceived:N0} | {n.SignallingFromAnotherMember:N0} | {n.RemoteShare.ToString("0.000", Inv)} | {n.Shards} |");
            foreach (var n in s.ClusterNodesLost)
                md.AppendLine($"| {n} | left during the run: its anchors were recovered elsewhere, its counts are lost | | | | | | | |");
            md.AppendLine().AppendLine($"Remote share, all members: {s.ClusterRemoteShare.ToString("0.000", Inv)} of the signalling messages " +
                                       "crossed from one member to another (placement by topology region).");
            if (s.Reattachment.Events > 0) ReattachmentMarkdown(md, s.Reattachment);
        }
        return md.ToString();
    }

    static void ReattachmentMarkdown(StringBuilder md, ReattachmentSummary r)
    {
        string S(double v) => v.ToString("0.0", Inv) + " s";
        md.AppendLine().AppendLine("## Nodes that attached again after a member was lost").AppendLine();
        md.AppendLine($"{r.Nodes:N0} nodes attached again ({r.Events:N0} times); unreachable (wall clock, from the lost member being marked " +
                      "unreachable, or from the first unanswered RS, to a usable address):").AppendLine();
        md.AppendLine("| cause | times |").AppendLine("|---|---|");
        foreach (var c in Enum.GetValues<ReattachCause>()) md.AppendLine($"| {CauseName(c).Replace('_', ' ')} | {r.ByCause.GetValueOrDefault(c):N0} |");
        md.AppendLine().AppendLine("| unreachable | p50 | p95 | p99 | max | mean |").AppendLine("|---|---|---|---|---|---|");
        var u = r.UnreachableSeconds;
        md.AppendLine($"| seconds | {S(u.P50)} | {S(u.P95)} | {S(u.P99)} | {S(u.Max)} | {S(u.Mean)} |");
        md.AppendLine().AppendLine($"Router solicitations sent again: {r.RouterSolicitationsRetransmitted:N0}; " +
                                   $"Handover Initiates sent again: {r.HandoverInitiatesRetransmitted:N0}.");
    }

    public static readonly IReadOnlyList<string> AttackColumns =
        ["attack", "sent", "refused (status)", "discarded", "hijacked", "accepted as re-registration", "diverted to attacker"];

    /// <summary>One row per attack, shared by the console and summary.md: what it sent, and what became of it.</summary>
    public static IEnumerable<string[]> AttackRows(RunSummary s) => s.Attacks.Select(a => new[]
    {
        AttackSettings.Name(a.Kind), a.Sent.ToString("N0", Inv),
        a.Refused.ToString("N0", Inv) + (a.RefusedWith.Count == 0 ? "" : " (" + string.Join(", ", a.RefusedWith.Select(kv => $"{(byte)kv.Key}: {kv.Value:N0}")) + ")"),
        a.Discarded.ToString("N0", Inv), a.Hijacked.ToString("N0", Inv), a.Reregistered.ToString("N0", Inv), a.Diverted.ToString("N0", Inv),
    });

    /// <summary>
    /// What the attacks cost the legitimate nodes: registrations refused, and where the anchors
    /// queue (topology.processing), the service time the attack's messages take from theirs.
    /// </summary>
    public static string AttackFootnote(RunSummary s) =>
        $"Legitimate registrations refused during the attacks: {s.FailedRegistrations:N0} (each delays its node's handover until it next moves); " +
        $"handover latency p99 {s.HandoverLatencyMs.P99.ToString("0.###", Inv)} ms (model)" +
        (s.Queues.ByKind.FirstOrDefault(k => k.Kind == "Anchor") is { } anchors
            ? $", anchor wait p99 {anchors.WaitMs.P99.ToString("0.###", Inv)} ms (the attack's messages, discarded or not, take the anchors' service time as others do)"
            : ", the anchors without queues (topology.processing)") + ". Refused: answered with the status; " +
        "discarded: no answer (RFC 6275 §9.5.1, RFC 4067 §6); hijacked: accepted, a binding bound where the attacker chose; " +
        "accepted as re-registration: a replay inside the timestamp window, taken as the registration it copies (RFC 5213 §5.5), the binding unchanged.";

    /// <summary>The rows of the summary table, shared by the console and summary.md.</summary>
    public static IEnumerable<(string Metric, string Value)> SummaryRows(RunSummary s)
    {
        string Ms(double v) => v.ToString("0.###", Inv) + " ms";
        yield return ("handovers", s.Handovers.ToString("N0", Inv));
        yield return ("attaches", s.Attaches.ToString("N0", Inv));
        yield return ("handover latency p50 / p95 / p99 (model)", $"{Ms(s.HandoverLatencyMs.P50)} / {Ms(s.HandoverLatencyMs.P95)} / {Ms(s.HandoverLatencyMs.P99)}");
        yield return ("attach latency p50 (model)", Ms(s.AttachLatencyMs.P50));
        yield return ("signalling messages per handover (model)", s.SignallingPerHandoverTotal.ToString("0.###", Inv));
        yield return ("binding refresh messages (model)", s.RefreshSignalling.ToString("N0", Inv));
        yield return ("path stretch mean / p95 (model)", $"{s.PathStretchMean.ToString("0.###", Inv)} / {s.PathStretchP95.ToString("0.###", Inv)}");
        yield return ("probe packets lost", s.PacketsLost.ToString("N0", Inv));
        yield return ("downlink packets delivered / tunnel header bytes per packet, per node",
            $"{s.DataPacketsDelivered.ToString("N0", Inv)} / {s.DeliveredEncapsulationPerPacket.ToString("0.#", Inv)}, {s.DeliveredEncapsulationPerNode.ToString("N0", Inv)}");
        string Load(AnchorDataLoad l) => $"{l.Packets.ToString("N0", Inv)} / {l.Bytes.ToString("N0", Inv)} ({l.EncapsulationBytes.ToString("N0", Inv)})";
        yield return ("downlink data sent on by anchors: packets / bytes (tunnel headers)", Load(s.DownlinkTotal));
        if (s.SessionFlows.UplinkSent > 0)
        {
            yield return ("uplink data sent on by anchors: packets / bytes (tunnel headers)", Load(s.UplinkTotal));
            yield return ("uplink flow packets sent / delivered / lost, tunnel header bytes per packet",
                $"{s.SessionFlows.UplinkSent.ToString("N0", Inv)} / {s.SessionFlows.UplinkDelivered.ToString("N0", Inv)} / " +
                $"{s.SessionFlows.UplinkLost.ToString("N0", Inv)}, {s.SessionFlows.UplinkEncapsulationPerPacket.ToString("0.#", Inv)}");
        }
        if (s.HandoverPackets is { Sent: > 0 } h)
        {
            yield return ($"flow packets sent during handovers ({h.FlowRate.ToString("0.#", Inv)}/s) / lost, gap per session (model)",
                $"{h.Sent:N0} / {h.Lost:N0}, {Ms(h.GapMs)}");
            if (s.FastHandovers is { Predictive: > 0 } or { Reactive: > 0 } or { Refused: > 0 })
                yield return ("fast handovers (RFC 5568, RFC 5949): predictive / reactive / refused; neighbours resolved by CARD",
                    $"{s.FastHandovers.Predictive:N0} / {s.FastHandovers.Reactive:N0} / {s.FastHandovers.Refused:N0}; {s.FastHandovers.CardResolutions:N0}");
            yield return ("per handover: flow packets on time / from a buffer / lost; buffered packets' added delay (mean)",
                $"{h.OnTimePerHandover.ToString("0.##", Inv)} / {h.BufferedPerHandover.ToString("0.##", Inv)} / {h.LostPerHandover.ToString("0.##", Inv)}; {Ms(h.BufferedDelayMs)}");
        }
        if (s.HomeAgentSwitches.Offered > 0)
            yield return ("home agent switches offered / made / refused (RFC 5142)",
                $"{s.HomeAgentSwitches.Offered:N0} / {s.HomeAgentSwitches.Made:N0} / {s.HomeAgentSwitches.Refused:N0}");
        if (s.DualStack.Any)
            yield return ("IPv4 home addresses bound / refused, registrations behind a NAT, data packets in UDP / header bytes (RFC 5555)",
                $"{s.DualStack.Ipv4HomeAddressesBound:N0} / {s.DualStack.Ipv4HomeAddressesRefused:N0}, {s.DualStack.NatsDetected:N0}, " +
                $"{s.DualStack.UdpPackets:N0} / {s.DualStack.UdpBytes:N0}");
        yield return ("sessions broken (needed their address, lost it)", s.SessionsBroken.ToString("N0", Inv));
        if (s.PathSamplesOffloaded > 0 || s.LocalConnectionsReestablished > 0)
            yield return ("local breakout: path stretch offloaded / anchored traffic; PDN connections re-established nearer (TS 23.401 §4.3.15, §4.3.16)",
                $"{s.PathStretchOffloadedMean.ToString("0.###", Inv)} / {s.PathStretchAnchoredMean.ToString("0.###", Inv)}; {s.LocalConnectionsReestablished:N0}");
        yield return ("failed registrations", s.FailedRegistrations.ToString("N0", Inv) +
            string.Concat(s.FailedRegistrationsByStatus.Select(f => $"; {f.Count.ToString("N0", Inv)} × {(byte)f.Status} {f.Status.RegistryName()}")));
        yield return ("unauthorised signalling refused", s.UnauthorisedSignalling.ToString("N0", Inv));
        yield return ("signalling authentication (RFC 4285), failures",
            s.SignallingAuthenticated ? $"HMAC-SHA256, {s.AuthenticationFailures.ToString("N0", Inv)}" : "off");
        yield return ("PBUs outside the timestamp window (RFC 5213 §5.5, 156)", s.TimestampMismatches.ToString("N0", Inv));
        yield return ("path stretch new / long-lived sessions (model)",
            $"{s.PathStretchNewMean.ToString("0.###", Inv)} / {(s.PathSamplesLongLived == 0 ? "-" : s.PathStretchLongLivedMean.ToString("0.###", Inv))}");
        yield return ("tunnels per node after a move", s.TunnelsPerNode.ToString("0.###", Inv));
        if (s.PeerTraffic.Any)
            yield return ("sessions between mobile nodes: probes' path stretch; packets delivered, share that crossed no anchor; by RFC 6705 case; unsent (peer had no address); probes lost on the way",
                $"{s.PeerTraffic.All.StretchMean.ToString("0.###", Inv)}; {s.PeerTraffic.All.Packets:N0}, {s.PeerTraffic.All.AnchorBypassShare.ToString("P1", Inv)}; " +
                string.Join(", ", s.PeerTraffic.ByCase.Select(kv => $"{kv.Key} {kv.Value.Packets:N0} {kv.Value.AnchorBypassShare.ToString("P1", Inv)}")) +
                $"; {s.PeerTraffic.Unsent:N0}; {s.PeerTraffic.ProbesLost:N0}");
        yield return ("anchor load spread (max / mean bindings, per role)", AnchorLoadSpread(s));
        yield return ("anchor load Gini (home anchors)", s.AnchorLoadGini.ToString("0.###", Inv));
        if (s.LocalRouting.Any)
            yield return ("localized routing (RFC 6705): set up A11 / A12 / A21, refused; LRIs and LRAs sent A11 / A12 / A21",
                $"{s.LocalRouting.SetUpA11:N0} / {s.LocalRouting.SetUpA12:N0} / {s.LocalRouting.SetUpA21:N0}, {s.LocalRouting.Refused:N0}; " +
                $"{s.LocalRouting.MessagesA11:N0} / {s.LocalRouting.MessagesA12:N0} / {s.LocalRouting.MessagesA21:N0}");
        if (s.RuntimeAssignments.Made + s.RuntimeAssignments.Refused > 0)
            yield return ("runtime LMA assignments: redirected / refused by the assigned LMA (RFC 6463)",
                $"{s.RuntimeAssignments.Made:N0} / {s.RuntimeAssignments.Refused:N0}");
        if (s.Relocations + s.RelocationsRefused + s.PrefixesReleased > 0)
        {
            yield return ("anchor relocations (context transfers) / refused", $"{s.Relocations:N0} / {s.RelocationsRefused:N0}");
            yield return ("packets buffered during a transfer / forwarded after it", $"{s.PacketsBufferedDuringTransfer:N0} / {s.PacketsForwardedAfterTransfer:N0}");
            yield return ("prefixes released when their last session ended", s.PrefixesReleased.ToString("N0", Inv));
        }
        if (s.Capture is { } c)
            yield return ("pcap frames written / dropped (wall)", $"{c.Frames:N0} / {c.Dropped:N0}, {c.Bytes / 1e6:N1} MB");
        if (s.Multicast is { } m)
        {
            yield return ($"multicast ({m.Mode}): copies at access routers / distinct packets", $"{m.CopiesAtAccessRouters:N0} / {m.DistinctAtAccessRouters:N0}");
            yield return ("multicast duplicate factor (all / worst router)", $"{m.DuplicateFactor.ToString("0.###", Inv)} / {m.MaxDuplicateFactor.ToString("0.###", Inv)}");
            yield return ("multicast bandwidth wasted on duplicates", $"{m.WastedCopies:N0} copies, {m.WastedBytes / 1e6:N1} MB");
            yield return ("multicast copies with no listener on the link", m.CopiesWithoutListener.ToString("N0", Inv));
            yield return ("multicast join latency after handover p50 / p95 (model)",
                $"{Ms(m.JoinLatencyAfterHandoverMs.P50)} / {Ms(m.JoinLatencyAfterHandoverMs.P95)}");
            yield return ("multicast packets lost in handover gaps", m.PacketsLostInHandoverGaps.ToString("N0", Inv));
        }
        foreach (var k in s.Queues.ByKind)
            yield return ($"{k.Kind} queue: peak load, wait p95 / max",
                $"{k.PeakUtilisation.ToString("0.###", Inv)} ({k.Busiest}), {Ms(k.WaitMs.P95)} / {Ms(k.WaitMs.Max)}");
        if (s.RegistrationsShed > 0)
            yield return ("registrations shed with 130 / sent again after a back-off", $"{s.RegistrationsShed:N0} / {s.RegistrationsBackedOff:N0}");
        if (s.JournalOutage is { Any: true } o) yield return (JournalOutageSummary.Figure, o.Describe());
        if (s.Retransmissions > 0) yield return ("registrations retransmitted (RFC 5213 §6.9.4, RFC 6275 §11.8)", s.Retransmissions.ToString("N0", Inv));
        if (s.Reattachment is { Events: > 0 } r)
            yield return ("nodes attached again after a member loss (wall: unreachable p50 / max)",
                $"{r.Nodes:N0} ({r.UnreachableSeconds.P50.ToString("0.0", Inv)} s / {r.UnreachableSeconds.Max.ToString("0.0", Inv)} s)");
        yield return ("bindings (all anchors)", s.Anchors.Sum(a => a.Bindings).ToString("N0", Inv));
        yield return ("bindings checksum", s.BindingsChecksum);
        yield return ("model time spanned", s.ModelSpanSeconds.ToString("0.#", Inv) + " s");
        yield return ("wall: mobility phase", s.WallMobilitySeconds.ToString("0.00", Inv) + " s");
        yield return ("wall: handovers per second", s.HandoversPerWallSecond.ToString("N0", Inv));
        yield return ("wall: whole run", s.WallTotalSeconds.ToString("0.00", Inv) + " s");
        yield return s.Cluster.Count == 0
            ? ("wall: resident memory after the walks", $"{s.ResidentBytes / (1024.0 * 1024):N0} MiB ({s.ResidentBytes / Math.Max(1, s.EmulatedNodes):N0} B per node)")
            : ("wall: resident memory of the driver process", $"{s.ResidentBytes / (1024.0 * 1024):N0} MiB (the nodes live on the cluster's members)");
    }

    /// <summary>One row per access router that received multicast: its copies, the distinct packets among them, their ratio.</summary>
    public static string MulticastCsv(Multicast.MulticastSummary m)
    {
        var csv = new StringBuilder("access_router,copies,distinct_packets,duplicate_factor,wasted_bytes\n");
        foreach (var (ar, copies, distinct) in m.PerAccessRouter)
            csv.Append("ar-").Append(ar).Append(',').Append(copies).Append(',').Append(distinct).Append(',')
               .Append((copies / (double)Math.Max(1, distinct)).ToString("0.###", Inv)).Append(',')
               .Append((copies - distinct) * Multicast.MulticastSummary.PacketBytes).Append('\n');
        return csv.ToString();
    }

    public static string Csv(RunSummary s)
    {
        var csv = new StringBuilder("mobile_node,procedure,kind,from_ar,to_ar,anchor,started_ms,completed_ms,latency_ms\n");
        foreach (var p in s.Procedures)
        {
            csv.Append(p.MobileNode.Nai).Append(',').Append(p.Number).Append(',').Append(p.Kind.ToString().ToLowerInvariant()).Append(',')
               .Append(p.FromRouter < 0 ? "" : p.FromRouter.ToString(Inv)).Append(',').Append(p.ToRouter).Append(',').Append(p.Anchor).Append(',')
               .Append(p.StartedAt.Milliseconds.ToString("0.###", Inv)).Append(',')
               .Append(p.CompletedAt.Milliseconds.ToString("0.###", Inv)).Append(',')
               .Append(p.Latency.Milliseconds.ToString("0.###", Inv)).Append('\n');
        }
        return csv.ToString();
    }

    /// <summary>"1.02", or per role where there are several, "ha 1.02, map 1.8".</summary>
    public static string AnchorLoadSpread(RunSummary s) => s.AnchorLoadSpreadByRole.Count <= 1
        ? s.AnchorLoadSpread.ToString("0.###", Inv)
        : string.Join(", ", s.AnchorLoadSpreadByRole.Select(kv => $"{kv.Key} {kv.Value.ToString("0.###", Inv)}"));

}
