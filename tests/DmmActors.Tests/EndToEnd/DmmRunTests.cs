using System.Text.Json.Nodes;
using Xunit;

namespace DmmActors.Tests.EndToEnd;

[Collection("actors")]
public class DmmRunTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("dmm-e2e-").FullName;

    const string Small = """
        dmm.scenario {
          name = e2e
          seed = 11
          practice = pmipv6-multi-lma
          mobile-nodes = 300
          topology { access-routers = 25, anchors = 3, correspondents = 4 }
          mobility.handovers-per-node = 2
        }
        """;

    string Write(string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_run_writes_its_reports_and_bindings_reproduces_its_checksum()
    {
        var scenario = Write("small.conf", Small);
        var result = DmmProgram.Run(dir, "run", scenario, "--out", "out");
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);

        var outDir = Path.Combine(dir, "out");
        foreach (var f in new[] { "summary.md", "summary.json", "handovers.csv", "journal.db" })
            Assert.True(File.Exists(Path.Combine(outDir, f)), $"{f} missing");
        var summaryMd = File.ReadAllText(Path.Combine(outDir, "summary.md"));
        foreach (var png in new[] { "handover-latency.png", "path-stretch.png", "bindings-per-anchor.png" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(outDir, png));
            Assert.True(bytes.Length > 1000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', $"{png} is not a PNG plot");
            Assert.Contains($"]({png})", summaryMd);
        }

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!;
        Assert.Equal("pmipv6-multi-lma", (string)json["practice"]!);
        Assert.Equal(300, (int)json["mobile_nodes"]!);
        Assert.Equal(600, (long)json["handovers"]!);
        foreach (var p in new[] { "p50", "p95", "p99" }) Assert.True((double)json["handover_latency_ms"]![p]! > 0);
        Assert.True((double)json["handover_latency_ms"]!["p50"]! <= (double)json["handover_latency_ms"]!["p99"]!);
        // One PBU and PBA for each MAG, plus RS and RA: six signalling messages per handover.
        Assert.Equal(6.0, (double)json["signalling_per_handover"]!["total"]!);
        Assert.True((double)json["path_stretch"]!["mean"]! >= 1.0);
        Assert.True((double)json["path_stretch"]!["p95"]! >= (double)json["path_stretch"]!["mean"]!);
        var anchors = json["anchors"]!.AsArray();
        Assert.Equal(3, anchors.Count);
        Assert.Equal(300, anchors.Sum(a => (int)a!["bindings"]!));
        Assert.True((double)json["wall"]!["seconds"]! > 0);
        Assert.True((double)json["wall"]!["handovers_per_s"]! > 0);
        Assert.Equal(0, (long)json["packets_lost"]!);

        var csv = File.ReadAllLines(Path.Combine(outDir, "handovers.csv"));
        Assert.Equal(1 + 300 * 3, csv.Length);
        Assert.StartsWith("mobile_node,procedure,kind", csv[0]);

        var checksum = (string)json["bindings_checksum"]!;
        var bindings = DmmProgram.Run(dir, "bindings", "--journal", Path.Combine(outDir, "journal.db"));
        Assert.True(bindings.ExitCode == 0, bindings.Stdout + bindings.Stderr);
        Assert.Contains($"bindings_checksum {checksum}", bindings.Stdout);
        Assert.Contains("matches the live run's bindings_checksum", bindings.Stdout);
    }

    [Fact]
    public void The_same_seed_gives_the_same_model_level_summary()
    {
        var scenario = Write("small.conf", Small.Replace("pmipv6-multi-lma", "mipv6-bt"));
        JsonObject RunOnce(string outDir)
        {
            var r = DmmProgram.Run(dir, "run", scenario, "--out", outDir);
            Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, outDir, "summary.json")))!.AsObject();
            foreach (var wallClock in new[] { "run_id", "wall", "journal" }) json.Remove(wallClock);
            // Queue depths the anchors saw, sampled as registrations arrive: how deep depends on the wall clock.
            foreach (var depth in new[] { "awaiting_journal_high_water", "anchor_mailbox_high_water" }) json["overload"]!.AsObject().Remove(depth);
            return json;
        }

        Assert.Equal(RunOnce("a").ToJsonString(), RunOnce("b").ToJsonString());
    }

    [Fact]
    public void Short_lifetimes_are_refreshed_so_every_node_keeps_its_binding()
    {
        var scenario = Write("short.conf", Small.Replace("mobility.handovers-per-node = 2",
            "mobility { handovers-per-node = 2, dwell = 60s }\n  bindings.lifetime = 20s"));
        var result = DmmProgram.Run(dir, "run", scenario, "--out", "out");
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "out", "summary.json")))!;
        Assert.True((long)json["refresh_signalling_messages"]! > 300, "a 60 s mean dwell outlives a 20 s lifetime");
        Assert.Equal(300, json["anchors"]!.AsArray().Sum(a => (int)a!["bindings"]!));
        Assert.Equal(0, (long)json["packets_lost"]!);
        Assert.Equal(0, (long)json["failed_registrations"]!);
    }

    [Theory]
    [InlineData("dmm.scenario { mobility { dwel = 10s } }", "unknown key 'dmm.scenario.mobility.dwel' (did you mean 'dmm.scenario.mobility.dwell'?)")]
    [InlineData("dmm.scenario.practice = hmipv6-typo", "dmm.scenario.practice = 'hmipv6-typo' is not a practice")]
    [InlineData("dmm.scenario.topology.anchors = 0", "dmm.scenario.topology.anchors = 0 is out of range")]
    [InlineData("dmm.scenario { seed = [1, }", "malformed HOCON")]
    [InlineData("dmm.scenario { practice = pmipv6, relocation.trigger = distance }", "needs practice dmm-anchor-relocation")]
    [InlineData("dmm.scenario { practice = dmm-anchor-relocation, relocation.trigger = load }", "relocation.trigger = load needs dmm.scenario.relocation.capacity > 0")]
    [InlineData("dmm.scenario { practice = hmipv6, hmipv6 { maps = 1, domain-radius = 2 } }",
        "no MAP is within dmm.scenario.hmipv6.domain-radius = 2 hops of access router ar-0 with dmm.scenario.hmipv6.maps = 1")]
    [InlineData("dmm.scenario { practice = hmipv6, hmipv6.domain-radius = 15 }", "dmm.scenario.hmipv6.domain-radius = 15 is out of range (1..14)")]
    [InlineData("dmm.scenario { practice = nemo, nemo.nodes-behind-router = 0 }", "dmm.scenario.nemo.nodes-behind-router = 0 is out of range (1..10000)")]
    [InlineData("dmm.scenario { practice = nemo, mobile-nodes = 200000000 }", "dmm.scenario.mobile-nodes = 200000000 is more mobile routers than a home agent's pool holds")]
    [InlineData("dmm.scenario { practice = mipv6-bt, anchors.switch-load-threshold = 100 }", "dmm.scenario.anchors.switch-load-threshold needs practice mipv6-ha-switch")]
    [InlineData("dmm.scenario { practice = mipv6-ha-switch, anchors.switch-load-threshold = -1 }", "dmm.scenario.anchors.switch-load-threshold = -1 is out of range")]
    [InlineData("dmm.scenario { practice = mipv6-bt, mobility.new-home-address-per-attachment = on }",
        "dmm.scenario.mobility.new-home-address-per-attachment = on needs practice mipv6-multi-ha")]
    [InlineData("dmm.scenario { practice = mipv6-bt, traffic.ipv4-share = 0.5 }", "dmm.scenario.traffic.ipv4-share needs practice dsmipv6")]
    [InlineData("dmm.scenario { practice = dsmipv6, topology.nat-share = 1.5 }", "dmm.scenario.topology.nat-share = 1.5 is out of range")]
    [InlineData("dmm.scenario { practice = dsmipv6, traffic.ipv4-share = 0.5, topology.access-routers = 20000 }",
        "dmm.scenario.topology.access-routers = 20000 is more IPv4 access networks than the emulator's IPv4 address plan numbers (at most 16383)")]
    [InlineData("dmm.scenario { multicast.mode = pim }", "dmm.scenario.multicast.mode = 'pim' is not supported (supported: proxy, mtma, direct)")]
    public void A_broken_scenario_exits_2_with_one_line_and_writes_nothing(string hocon, string expected)
    {
        var scenario = Write("broken.conf", hocon);
        var result = DmmProgram.Run(dir, "run", scenario, "--out", "out");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")), "no output may be written for a bad scenario");
    }

    [Fact]
    public void A_journal_that_is_not_a_database_exits_2_and_is_left_alone()
    {
        var scenario = Write("small.conf", Small);
        var garbage = Write("notes.db", "these are my notes, not a journal\n");
        var run = DmmProgram.Run(dir, "run", scenario, "--out", "out", "--journal", garbage);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot be opened as a SQLite database", run.Stderr);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
        Assert.Equal("these are my notes, not a journal\n", File.ReadAllText(garbage));

        var bindings = DmmProgram.Run(dir, "bindings", "--journal", Path.Combine(dir, "missing.db"));
        Assert.Equal(2, bindings.ExitCode);
        Assert.Contains("does not exist", bindings.Stderr);
    }

    /// <summary>
    /// A journal file, or one partition's file, that cannot be written is refused before the run
    /// starts, in one line and with the journal as it was; not by a journal actor failing mid-run.
    /// </summary>
    [Fact]
    public void A_journal_that_cannot_be_written_is_refused_at_start_in_one_line_and_left_as_it_was()
    {
        var scenario = Write("small.conf", Small);
        var first = DmmProgram.Run(dir, "run", scenario, "--out", "first", "--partitions", "2");
        Assert.True(first.ExitCode == 0, first.Stdout + first.Stderr);
        var journal = Path.Combine(dir, "first", "journal.db");
        var partition = Path.Combine(dir, "first", "journal.p1.db");
        Assert.True(File.Exists(partition), "the run should have written a second partition");

        foreach (var file in new[] { journal, partition })
        {
            var before = new[] { journal, partition }.Select(File.ReadAllBytes).ToArray();
            using (new Infrastructure.Unwritable(file))
            {
                var again = DmmProgram.Run(dir, "run", scenario, "--out", "again", "--journal", journal);
                Refusal.AssertRefusedInOneLine(again, $"{Path.GetFileName(file)}: cannot be written", Path.Combine(dir, "again"));
                Assert.DoesNotContain("   at ", again.Stdout + again.Stderr);
            }
            Assert.Equal(before, new[] { journal, partition }.Select(File.ReadAllBytes).ToArray());
        }

        var missing = DmmProgram.Run(dir, "run", scenario, "--out", "third", "--journal", Path.Combine(dir, "no-such-dir", "journal.db"));
        Refusal.AssertRefusedInOneLine(missing, "no-such-dir does not exist", Path.Combine(dir, "third"));
    }

    /// <summary>
    /// 50 million nodes on this machine would spawn into swap or the OOM killer; every command that
    /// runs nodes in this process refuses it before writing anything, with both figures.
    /// </summary>
    [Fact]
    public void A_run_larger_than_the_memory_is_refused_at_start_with_both_figures_unless_oversubscription_is_allowed()
    {
        var huge = Write("huge.conf", "dmm.scenario.mobile-nodes = 50000000");
        foreach (var command in new[] { "run", "storm", "compare" })
        {
            var result = DmmProgram.Run(dir, command, huge, "--out", "huge");
            Refusal.AssertRefusedInOneLine(result, "50,000,000 mobile nodes", Path.Combine(dir, "huge"));
            Assert.Matches(@"needs about [\d.]+ GiB of memory .* but this process may use [\d.]+ GiB; .* --allow-oversubscribe", result.Stderr);
        }

        // A heap limit of 200 MiB (as a container's would be) makes the small scenario too large
        // by the estimate; the flag starts it anyway, and it fits.
        var limited = new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0xC800000" };
        var small = Write("small.conf", Small);
        var refused = DmmProgram.Run(dir, TimeSpan.FromMinutes(3), limited, "run", small, "--out", "limited");
        Refusal.AssertRefusedInOneLine(refused, "but this process may use 0.2 GiB", Path.Combine(dir, "limited"));
        var allowed = DmmProgram.Run(dir, TimeSpan.FromMinutes(3), limited, "run", small, "--out", "limited", "--allow-oversubscribe");
        Assert.True(allowed.ExitCode == 0, allowed.Stdout + allowed.Stderr);
    }

    [Fact]
    public void A_journal_with_another_schema_exits_2_and_is_left_alone()
    {
        var path = Path.Combine(dir, "old.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=false"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE journal (ordering INTEGER PRIMARY KEY, persistence_id TEXT, message BLOB); " +
                                 "INSERT INTO journal (persistence_id, message) VALUES ('someone-else', x'01');";
            create.ExecuteNonQuery();
        }
        var before = File.ReadAllBytes(path);

        foreach (var args in new[] { new[] { "bindings", "--journal", path }, ["run", "--out", "out", "--journal", path] })
        {
            var result = DmmProgram.Run(dir, args);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("has no tags column", result.Stderr);
            Assert.DoesNotContain("   at ", result.Stderr + result.Stdout);
        }
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void Practices_lists_the_function_placement_of_each_practice()
    {
        var result = DmmProgram.Run(dir, "practices");
        Assert.Equal(0, result.ExitCode);
        foreach (var name in DmmActors.Practices.PracticeCatalog.All.Select(p => p.Name)) Assert.Contains(name, result.Stdout);
        Assert.Contains("MR: LMc, FM", result.Stdout);
        Assert.Contains("MAP: AF, LMs, FM", result.Stdout);
        Assert.Contains("MAAR: AF, LMc, FM", result.Stdout);
        Assert.Contains("LMA: AF, LMs, FM", result.Stdout);
        Assert.Contains("MAG: LMc, FM", result.Stdout);
        Assert.Contains("MN: LMc, FM", result.Stdout);
        // A practice that adds nodes of several kinds has a column for each (3GPP's SGW, MME and DNS).
        Assert.Contains("SGW: LM-proxy, FM-DP", result.Stdout);
        Assert.Contains("MME: LMs, FM-CP", result.Stdout);
    }

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
