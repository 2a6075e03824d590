using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DmmActors.Persistence;
using Microsoft.Data.Sqlite;
using Xunit;

namespace DmmActors.Tests.EndToEnd;

/// <summary>
/// SIGKILL in the middle of a persisted storm over four journal partitions, while one
/// partition's group commit is held up and the others go on committing; then the journal read
/// back and written again.
/// </summary>
[Collection("actors")]
public class CrashTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("dmm-crash-").FullName;

    [Fact]
    public void A_storm_killed_during_one_partitions_commit_loses_no_acknowledged_binding_and_can_be_carried_on()
    {
        var scenario = Path.Combine(dir, "long.conf");
        File.WriteAllText(scenario, """
            dmm.scenario { name = crash, mobile-nodes = 10000, topology { access-routers = 200, anchors = 8 } }
            dmm.storm.phases = [ { type = inject, rate = 2000, duration = 60s } ]
            """);
        var journal = Path.Combine(dir, "journal.db");
        var storm = DmmProgram.Start(dir, "storm", scenario, "--out", "killed", "--journal", journal, "--partitions", "4");
        // A progress line counts handovers whose node already holds its new address, which it
        // gets only after the anchor's binding event is durable.
        var progress = new Regex(@"inject 2,000/s for 60 s: ([\d,]+)/");
        storm.WaitFor(l => progress.Match(l) is { Success: true } m && Count(m) >= 1000, "1,000 handovers done", TimeSpan.FromMinutes(2));

        // Hold the write lock of the partition anchor 0's events go to: its writer's next group
        // commit waits on it (SQLite's busy timeout), with its anchors' acknowledgements.
        var run = JournalRuns.List(JournalTarget.Sqlite(journal)).Single().Started;
        Assert.Equal(4, run.Partitions);
        var held = JournalPartitions.Of(PersistenceIds.Anchor(run.RunId, 0), 4);
        using var blocker = new SqliteConnection($"Data Source={SqliteJournal.PartitionPath(journal, held)};Pooling=False");
        blocker.Open();
        Exec(blocker, "BEGIN IMMEDIATE;");
        var rowsWhenHeld = RowCount(blocker);
        var atHold = Count(progress.Match(storm.WaitFor(l => progress.IsMatch(l), "a progress line", TimeSpan.FromMinutes(1))));
        // The other partitions go on committing: handovers still complete.
        var line = storm.WaitFor(l => progress.Match(l) is { Success: true } m && Count(m) >= atHold + 2000, "2,000 more handovers", TimeSpan.FromMinutes(2));
        storm.Kill();
        var acknowledged = Count(progress.Match(line));
        // Killed with its commit pending: nothing of the held partition reached the journal meanwhile.
        Assert.Equal(rowsWhenHeld, RowCount(blocker));
        Exec(blocker, "ROLLBACK;");
        blocker.Close();

        var replay = DmmProgram.Run(dir, "replay", "--journal", journal, "--out", "replay");
        Assert.True(replay.ExitCode == 0, replay.Stdout + replay.Stderr);
        var rebuilt = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "replay", "replay.json")))!;
        Assert.Empty(rebuilt["violations"]!.AsArray());
        Assert.Null(rebuilt["live"]);
        // Every acknowledged handover's registration is durable; the nodes' facts of the last ones
        // (the held partition's among them) may not be, and replay counts only what was recorded.
        var handoffs = (long)rebuilt["events_by_kind"]!["handoff"]!;
        Assert.True(handoffs >= acknowledged, $"{handoffs} handoff registrations in the journal, {acknowledged} acknowledged before the kill");
        Assert.True((long)rebuilt["handovers"]! <= handoffs, $"{rebuilt["handovers"]} handovers recorded, {handoffs} handoffs in the journal");
        Assert.Equal(10_000, (long)rebuilt["attaches"]!);
        Assert.Contains("the run did not complete", DmmProgram.Run(dir, "bindings", "--journal", journal).Stdout);

        // The same run carried on: its nodes where the journal left them, then a burst.
        var burst = Path.Combine(dir, "burst.conf");
        File.WriteAllText(burst, "dmm.storm.phases = [ { type = burst, fraction = 0.5, window = 1s } ]");
        var resumed = DmmProgram.Run(dir, "storm", burst, "--journal", journal, "--resume", "latest", "--out", "resumed");
        var written = Path.Combine(dir, "resumed", "summary.json");
        // A run that ends with a node not bound exactly once still writes its summary: the failure names the counts.
        Assert.True(resumed.ExitCode == 0, resumed.Stdout + resumed.Stderr + (File.Exists(written)
            ? $"\nnodes bound {JsonNode.Parse(File.ReadAllText(written))!["nodes_bound"]}, bindings per anchor " +
              string.Join(" ", JsonNode.Parse(File.ReadAllText(written))!["anchors"]!.AsArray().Select(a => a!["bindings"]!.ToJsonString()))
            : ""));
        Assert.Contains("placed where it left them", resumed.Stdout);
        // The held partition held the facts of a quarter of the nodes while their anchors in the
        // other partitions went on journalling their moves: those moves were cut short, and each is made again.
        var cutShort = MovesCutShort(resumed);
        Assert.True(cutShort > 0, resumed.Stdout);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "resumed", "summary.json")))!;
        Assert.Equal((string)rebuilt["run_id"]!, (string)summary["run_id"]!);
        Assert.Equal((long)rebuilt["handovers"]! + cutShort + 5_000, (long)summary["handovers"]!);
        Assert.Equal(10_000, summary["anchors"]!.AsArray().Sum(a => (int)a!["bindings"]!));
        var replayResumed = DmmProgram.Run(dir, "replay", "--journal", journal, "--out", "replay-resumed");
        Assert.True(replayResumed.ExitCode == 0, replayResumed.Stdout + replayResumed.Stderr);
        var whole = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "replay-resumed", "replay.json")))!;
        Assert.Empty(whole["violations"]!.AsArray());
        foreach (var key in new[] { "handovers", "attaches", "handover_latency_ms", "bindings_checksum", "anchors" })
            Assert.True(JsonNode.DeepEquals(summary[key], whole[key]), $"{key}: live {summary[key]?.ToJsonString()} replay {whole[key]?.ToJsonString()}");
        Assert.Contains("nothing to resume", DmmProgram.Run(dir, "storm", burst, "--journal", journal, "--resume", "latest").Stderr);

        File.WriteAllText(scenario, """
            dmm.scenario { name = after-crash, mobile-nodes = 2000, topology { access-routers = 100, anchors = 4 } }
            dmm.storm.phases = [ { type = burst, fraction = 0.5, window = 1s } ]
            """);
        var again = DmmProgram.Run(dir, "storm", scenario, "--out", "again", "--journal", journal);
        Assert.True(again.ExitCode == 0, again.Stdout + again.Stderr);
        var replayAgain = DmmProgram.Run(dir, "replay", "--journal", journal, "--out", "replay-again");
        Assert.True(replayAgain.ExitCode == 0, replayAgain.Stdout + replayAgain.Stderr);
    }

    /// <summary>
    /// Issue 30's case, smaller: a storm killed a third of the way into `inject 2,000/s for 9 s`
    /// and resumed with its own recorded storm takes the schedule up where it stopped. It ends with
    /// the plan's handovers, not the handovers before the stop plus the whole phase again, and its
    /// report says how many came before the stop, were cut short and came after.
    /// </summary>
    [Fact]
    public void A_resumed_storm_carries_on_its_schedule_and_ends_with_the_planned_handovers()
    {
        var (journal, resumed) = KillMidPhaseAndCarryOn("carry-on", """
            dmm.scenario { name = carry-on, mobile-nodes = 6000, topology { access-routers = 120, anchors = 4 } }
            dmm.storm.phases = [ { type = inject, rate = 2000, duration = 9s } ]
            """, "inject 2,000/s for 9 s", atLeast: 5000);
        var carried = Regex.Match(resumed.Stdout, @"Carried on from the journal \(phase 1 entered ([\d.]+) s in\): 18,000 handovers planned, ([\d,]+) done before the stop, ([\d,]+) cut short by it and made again, ([\d,]+) after it \(those included\); ([\d,]+) in all");
        Assert.True(carried.Success, resumed.Stdout);
        long Group(int g) => long.Parse(carried.Groups[g].Value.Replace(",", ""));
        var (before, cutShort, after, total) = (Group(2), Group(3), Group(4), Group(5));
        Assert.True(before >= 5000, $"{before} done before the stop");
        Assert.True(after > cutShort, $"{after} handovers after the stop, {cutShort} of them moves it cut short");
        // Every arrival of the plan issued once: before the stop, as a move it cut short and made again, or after.
        Assert.Equal(18_000, total);
        Assert.Equal(MovesCutShort(resumed), cutShort);
        Assert.Contains("Carried on from the journal", File.ReadAllText(Path.Combine(dir, "resumed-carry-on", "report.md")));

        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "resumed-carry-on", "summary.json")))!;
        Assert.Equal(18_000, (long)summary["handovers"]!);
        Assert.Equal(0, (long)summary["failed_registrations"]!);
        AssertReplayedAsResumed(journal, summary);
    }

    /// <summary>
    /// With a closed-model phase in the plan the schedule is taken up from the last position the
    /// ledger recorded (each second, and as each phase begins): killed inside `constant`, the
    /// resumed storm re-enters it part of the way in, then runs the inject phase whole.
    /// </summary>
    [Fact]
    public void A_resumed_storm_with_a_closed_phase_carries_on_from_its_recorded_position()
    {
        var (journal, resumed) = KillMidPhaseAndCarryOn("closed", """
            dmm.scenario { name = carry-on-closed, mobile-nodes = 4000, topology { access-routers = 100, anchors = 4 } }
            dmm.storm.phases = [ { type = constant, in-flight = 100, duration = 6s }, { type = inject, rate = 1000, duration = 3s } ]
            """, "constant 100 in flight for 6 s", atLeast: 2000);
        var carried = Regex.Match(resumed.Stdout, @"Carried on from the journal \(phase 1 entered ([\d.]+) s in\): 3,000 handovers planned by its open-model phases \(a constant phase's are not\), ([\d,]+) done before the stop, ([\d,]+) cut short by it and made again, ([\d,]+) after it");
        Assert.True(carried.Success, resumed.Stdout);
        Assert.InRange(double.Parse(carried.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 0.001, 6);
        long Group(int g) => long.Parse(carried.Groups[g].Value.Replace(",", ""));
        // The inject phase ran whole after the rest of the closed one.
        Assert.True(Group(4) >= 3_000 + Group(3), resumed.Stdout);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "resumed-closed", "summary.json")))!;
        Assert.Equal(0, (long)summary["failed_registrations"]!);
        AssertReplayedAsResumed(journal, summary);
    }

    /// <summary>
    /// Runs the storm of <paramref name="text"/>, SIGKILLs it once its progress line for
    /// <paramref name="phase"/> counts <paramref name="atLeast"/> handovers, and carries it on with
    /// no scenario file (its own recorded storm); returns the journal and the resumed run.
    /// </summary>
    (string Journal, DmmProgram.Result Resumed) KillMidPhaseAndCarryOn(string name, string text, string phase, int atLeast)
    {
        var scenario = Path.Combine(dir, $"{name}.conf");
        File.WriteAllText(scenario, text);
        var journal = Path.Combine(dir, $"{name}.db");
        var storm = DmmProgram.Start(dir, "storm", scenario, "--out", $"killed-{name}", "--journal", journal);
        var progress = new Regex(Regex.Escape(phase) + @": ([\d,]+)/");
        storm.WaitFor(l => progress.Match(l) is { Success: true } m && Count(m) >= atLeast, $"{atLeast:N0} handovers done", TimeSpan.FromMinutes(2));
        storm.Kill();
        var resumed = DmmProgram.Run(dir, "storm", "--journal", journal, "--resume", "latest", "--out", $"resumed-{name}");
        Assert.True(resumed.ExitCode == 0, resumed.Stdout + resumed.Stderr);
        return (journal, resumed);
    }

    [Theory]
    [InlineData("mipv6-bt")]
    [InlineData("mipv6-multi-ha")]
    [InlineData("mipv6-ha-switch")]
    [InlineData("nemo")]
    [InlineData("dsmipv6")]
    [InlineData("fmipv6")]
    [InlineData("pfmipv6")]
    [InlineData("mobike")]
    [InlineData("pmipv6-local-routing")]
    [InlineData("pmipv6-runtime-lma")]
    [InlineData("flat-wifi")]
    [InlineData("dmm-cp-dp-split")]
    [InlineData("mipv6-ro")]
    public void A_killed_storm_is_carried_on_where_its_anchors_journal_left_each_node(string practice)
    {
        // dsmipv6's nodes half on IPv4 networks, half of those behind NATs (RFC 5555), so that its BUs go in UDP over IPv4.
        var ipv4 = practice switch
        {
            "dsmipv6" => "\n  traffic.ipv4-share = 0.5, topology.nat-share = 0.5",
            // Sessions between mobile nodes, so that local routes are set up before the kill.
            "pmipv6-local-routing" => "\n  traffic.mn-to-mn-share = 0.3",
            _ => "",
        };
        var journal = KillAStorm(practice, "mobile-nodes = 4000, topology { access-routers = 100, anchors = 4 }" + ipv4, rate: 1000, handovers: 1500);

        var summary = ResumeWithABurstOfHalf(journal, nodes: 4_000);
        // Each node's next BU carried a sequence number newer than its last one in the journal,
        // or its home agent would have refused it (RFC 6275 §9.5.1) and the node stayed unbound;
        // pfmipv6's MAGs, its timestamp (RFC 5213 §5.5).
        // A split control plane binds each prefix twice: at the CMD and at the MAAR anchoring it (RFC 8885 §3).
        if (practice == "dmm-cp-dp-split") Assert.Equal(4_000, (int)summary["nodes_bound"]!);
        else Assert.Equal(4_000, summary["anchors"]!.AsArray().Sum(a => (int)a!["bindings"]!));
        if (practice == "dsmipv6") Assert.True((long)summary["dual_stack"]!["ipv4_home_addresses_bound"]! > 0, summary["dual_stack"]!.ToJsonString());
        AssertReplayedAsResumed(journal, summary);
    }

    /// <summary>
    /// A killed run's journal replays clean with every node attached; carried on with a burst of half
    /// its nodes, it keeps its run id, makes the moves the stop cut short again and those of the
    /// burst, with no registration failed. Returns the resumed summary.
    /// </summary>
    JsonNode ResumeWithABurstOfHalf(string journal, int nodes)
    {
        var replay = DmmProgram.Run(dir, "replay", "--journal", journal, "--out", "replay");
        Assert.True(replay.ExitCode == 0, replay.Stdout + replay.Stderr);
        var rebuilt = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "replay", "replay.json")))!;
        Assert.Empty(rebuilt["violations"]!.AsArray());
        Assert.Equal(nodes, (long)rebuilt["attaches"]!);

        var burst = Path.Combine(dir, "burst.conf");
        File.WriteAllText(burst, "dmm.storm.phases = [ { type = burst, fraction = 0.5, window = 1s } ]");
        var resumed = DmmProgram.Run(dir, "storm", burst, "--journal", journal, "--resume", "latest", "--out", "resumed");
        var written = Path.Combine(dir, "resumed", "summary.json");
        // A run that ends with a node not bound exactly once still writes its summary: the failure names the counts.
        Assert.True(resumed.ExitCode == 0, resumed.Stdout + resumed.Stderr + (File.Exists(written)
            ? $"\nnodes bound {JsonNode.Parse(File.ReadAllText(written))!["nodes_bound"]}, bindings per anchor " +
              string.Join(" ", JsonNode.Parse(File.ReadAllText(written))!["anchors"]!.AsArray().Select(a => a!["bindings"]!.ToJsonString()))
            : ""));
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "resumed", "summary.json")))!;
        Assert.Equal((string)rebuilt["run_id"]!, (string)summary["run_id"]!);
        Assert.Equal((long)rebuilt["handovers"]! + MovesCutShort(resumed) + nodes / 2, (long)summary["handovers"]!);
        Assert.Equal(0, (long)summary["failed_registrations"]!);
        return summary;
    }

    /// <summary>The whole journal, the killed run and its carrying on, replays to the resumed summary's figures.</summary>
    void AssertReplayedAsResumed(string journal, JsonNode summary)
    {
        var replayResumed = DmmProgram.Run(dir, "replay", "--journal", journal, "--out", "replay-resumed");
        Assert.True(replayResumed.ExitCode == 0, replayResumed.Stdout + replayResumed.Stderr);
        var whole = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "replay-resumed", "replay.json")))!;
        Assert.Empty(whole["violations"]!.AsArray());
        foreach (var key in new[] { "handovers", "attaches", "handover_latency_ms", "bindings_checksum", "anchors" })
            Assert.True(JsonNode.DeepEquals(summary[key], whole[key]), $"{key}: live {summary[key]?.ToJsonString()} replay {whole[key]?.ToJsonString()}");
    }

    [Fact]
    public void A_MIPv6_journal_written_before_registrations_recorded_their_send_time_is_refused_and_left_as_it_was()
    {
        var journal = KillAStorm("mipv6-bt", "mobile-nodes = 1000, topology { access-routers = 36, anchors = 2 }", rate: 500, handovers: 300);
        // Write every registration back as an older dmm wrote it: BindingRegistered.v1 is v2 less its
        // send-time flag and time (a host's BU always has one), so the rows are those of a v1 journal.
        var run = JournalRuns.List(JournalTarget.Sqlite(journal)).Single().Started;
        var partitions = Enumerable.Range(0, run.Partitions).Select(p => SqliteJournal.PartitionPath(journal, p)).ToArray();
        foreach (var partition in partitions)
        {
            using var connection = new SqliteConnection($"Data Source={partition};Pooling=False");
            connection.Open();
            Exec(connection, "UPDATE journal SET manifest = 'BindingRegistered.v1', message = substr(message, 1, length(message) - 9) " +
                             "WHERE manifest = 'BindingRegistered.v2' AND substr(message, length(message) - 8, 1) = x'01'");
            Assert.Equal(0L, Scalar(connection, "SELECT COUNT(*) FROM journal WHERE manifest = 'BindingRegistered.v2'"));
        }
        Assert.True(partitions.Sum(p => Fingerprint(p).V1Rows) > 0);
        var before = partitions.Select(Fingerprint).ToArray();

        // Replay still reads it; resume cannot put a host's binding update list back without the send times.
        var replay = DmmProgram.Run(dir, "replay", "--journal", journal, "--out", "replay");
        Assert.True(replay.ExitCode == 0, replay.Stdout + replay.Stderr);
        Refusal.AssertRefusedInOneLine(DmmProgram.Run(dir, "storm", "--journal", journal, "--resume", "latest", "--out", "resumed"),
            "was written before dmm recorded when each registration was sent (BindingRegistered.v1)", Path.Combine(dir, "resumed"));
        Assert.Equal(before, partitions.Select(Fingerprint).ToArray());
    }

    /// <summary>A partition's rows and the v1 registrations among them, with a digest of every row's bytes.</summary>
    static (long Rows, long V1Rows, string Digest) Fingerprint(string partition)
    {
        using var connection = new SqliteConnection($"Data Source={partition};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT persistence_id, sequence_number, manifest, message FROM journal ORDER BY persistence_id, sequence_number";
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        long rows = 0, v1 = 0;
        using (var reader = command.ExecuteReader())
            while (reader.Read())
            {
                rows++;
                if (reader.GetString(2) == "BindingRegistered.v1") v1++;
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{reader.GetString(0)}|{reader.GetInt64(1)}|{reader.GetString(2)}|"));
                hash.AppendData((byte[])reader[3]);
            }
        return (rows, v1, Convert.ToHexString(hash.GetHashAndReset()));
    }

    [Fact]
    public void Resuming_a_distributed_anchor_run_is_refused_in_one_line()
    {
        var journal = KillAStorm("dmm-anchor-relocation", "mobile-nodes = 2000, topology { access-routers = 36 }", rate: 500, handovers: 500);
        Refusal.AssertRefusedInOneLine(DmmProgram.Run(dir, "storm", "--journal", journal, "--resume", "latest", "--out", "resumed"),
            "resuming is not supported for dmm-anchor-relocation yet: its journal does not yet record", Path.Combine(dir, "resumed"));
    }

    [Fact]
    public void A_killed_HMIPv6_storm_is_carried_on_with_each_node_back_at_the_MAP_its_home_agent_binding_names()
    {
        var journal = KillAStorm("hmipv6", "mobile-nodes = 2000, topology { access-routers = 36 }\n  hmipv6 { maps = 4, domain-radius = 3 }", rate: 500, handovers: 300);
        var summary = ResumeWithABurstOfHalf(journal, nodes: 2_000);
        // Two bindings a node (RFC 5380 §3): its home address at its home agent, its RCoA at its MAP;
        // each entry's next BU was newer than its last in the journal, or it would have been refused.
        Assert.Equal(2_000, (int)summary["nodes_bound"]!);
        Assert.Equal(4_000, summary["anchors"]!.AsArray().Sum(a => (int)a!["bindings"]!));
        AssertReplayedAsResumed(journal, summary);
    }

    /// <summary>
    /// The EPS practices: the gateways' bearer contexts come back through their own recovery, the
    /// MME's from theirs, through the eNB the SGW's context names; the carried-on storm moves every
    /// UE with no failed registration, each bound at its PGW and its SGW (under SIPTO the SPGW, whose one context is both connections').
    /// </summary>
    [Theory]
    [InlineData("epc", "epc { sgws = 3, tracking-area-side = 2, x2-share = 0.5 }")]
    [InlineData("epc-sipto", "epc { sgws = 3, tracking-area-side = 2 }\n  traffic.offload-share = 0.5")]
    public void A_killed_EPS_storm_is_carried_on_with_the_MMEs_contexts_put_back_from_the_gateways_journalled_ones(string practice, string keys)
    {
        var journal = KillAStorm(practice, $"mobile-nodes = 2000, topology {{ access-routers = 36, anchors = 2 }}\n  {keys}", rate: 500, handovers: 500);
        // Each PGW binds prefixes to SGWs, each SGW UEs to eNBs (under SIPTO an SGW's node is a PGW as well, an SPGW).
        var bindings = DmmProgram.Run(dir, "bindings", "--journal", journal, "--limit", "0");
        Assert.True(bindings.ExitCode == 0, bindings.Stdout + bindings.Stderr);
        Assert.Matches(@"(?<!s)pgw-\d+\s+\S+\s+\S+\s+s(p)?gw-\d+\s", bindings.Stdout);
        Assert.Matches(@"s(p)?gw-\d+\s+\S+\s+\S+\s+ar-\d+\s", bindings.Stdout);
        Assert.Contains("the run did not complete", bindings.Stdout);
        var summary = ResumeWithABurstOfHalf(journal, nodes: 2_000);
        Assert.Equal(2_000, (int)summary["nodes_bound"]!);
        Assert.Equal(2 * 2_000, summary["anchors"]!.AsArray().Sum(a => (int)a!["bindings"]!));
        AssertReplayedAsResumed(journal, summary);
    }

    [Fact]
    public void Resuming_an_EPS_run_with_LIPA_is_refused_in_one_line()
    {
        var journal = KillAStorm("epc-lipa", "mobile-nodes = 2000, topology { access-routers = 36, anchors = 2 }\n  epc { sgws = 3, tracking-area-side = 2, local-gateways = 9 }\n  traffic.offload-share = 0.5",
            rate: 500, handovers: 500);
        Refusal.AssertRefusedInOneLine(DmmProgram.Run(dir, "storm", "--journal", journal, "--resume", "latest", "--out", "resumed"),
            "resuming is not supported for epc-lipa yet: the SGW does not journal which L-GW holds a UE's LIPA connection", Path.Combine(dir, "resumed"));
    }

    [Fact]
    public void Resuming_a_multicast_run_is_refused_in_one_line()
    {
        var journal = KillAStorm("pmipv6-multi-lma", "mobile-nodes = 2000, topology { access-routers = 36 }\n  multicast { enabled = on }", rate: 500, handovers: 500);
        Refusal.AssertRefusedInOneLine(DmmProgram.Run(dir, "storm", "--journal", journal, "--resume", "latest", "--out", "resumed"),
            "a multicast run is not resumed", Path.Combine(dir, "resumed"));
    }

    /// <summary>A storm of the practice at a steady rate, SIGKILLed once it has done this many handovers; returns its journal.</summary>
    string KillAStorm(string practice, string scenarioKeys, int rate, int handovers)
    {
        var scenario = Path.Combine(dir, $"{practice}.conf");
        File.WriteAllText(scenario, $$"""
            dmm.scenario {
              name = crash-{{practice}}, practice = {{practice}}
              {{scenarioKeys}}
            }
            dmm.storm.phases = [ { type = inject, rate = {{rate}}, duration = 60s } ]
            """);
        var journal = Path.Combine(dir, $"{practice}.db");
        var storm = DmmProgram.Start(dir, "storm", scenario, "--out", $"killed-{practice}", "--journal", journal);
        var progress = new Regex($@"inject {rate.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}/s for 60 s: ([\d,]+)/");
        storm.WaitFor(l => progress.Match(l) is { Success: true } m && Count(m) >= handovers, $"{handovers:N0} handovers done", TimeSpan.FromMinutes(2));
        storm.Kill();
        return journal;
    }

    /// <summary>The moves a resumed storm made again first, as it says it will.</summary>
    static long MovesCutShort(DmmProgram.Result resumed) =>
        Count(Regex.Match(resumed.Stdout, @"([\d,]+) moves the stop cut short made again"));

    static long Count(Match m) => long.Parse(m.Groups[1].Value.Replace(",", ""));

    static void Exec(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    static long RowCount(SqliteConnection connection) => Scalar(connection, "SELECT COUNT(*) FROM journal");

    static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
