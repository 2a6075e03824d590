using System.Text.Json.Nodes;
using Xunit;

namespace DmmActors.Tests.EndToEnd;

/// <summary>`dmm storm` as a user runs it.</summary>
[Collection("actors")]
public class StormTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("dmm-storm-").FullName;

    [Fact]
    public void A_burst_on_the_default_scenario_writes_the_three_reports()
    {
        var storm = DmmProgram.Run(dir, "storm", "--out", "out");
        Assert.True(storm.ExitCode == 0, storm.Stdout + storm.Stderr);
        var outDir = Path.Combine(dir, "out");
        foreach (var file in new[] { "report.md", "report.csv", "report.html", "storm-latency.png", "storm-throughput.png", "storm-in-flight.png" })
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);

        var md = File.ReadAllText(Path.Combine(outDir, "report.md"));
        Assert.Contains("burst: 10,000 nodes", md);
        Assert.Contains("28,000 handovers triggered, 28,000 completed", md);
        Assert.Contains("| thresholds | all met |", md);
        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("data:image/png;base64,", html);
        Assert.DoesNotContain("src=\"storm-", html);
        // The probes' packets as each LMA sent them on, downlink; the default scenario has no flows, so no uplink.
        Assert.Contains("<h2>Data plane per anchor</h2>", html);
        Assert.Contains("<td>lma-0</td>", html);
        var csv = File.ReadAllLines(Path.Combine(outDir, "report.csv"));
        Assert.Equal("second,phase,triggered,completed,in_flight,backlog,shed,backed_off,resident_bytes", csv[0]);
        Assert.Equal(28_000, csv.Skip(1).TakeWhile(l => l.Length > 0).Sum(l => long.Parse(l.Split(',')[^6])));

        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!;
        Assert.Equal(28_000, (long)summary["handovers"]!);
        Assert.Equal(20_000, summary["anchors"]!.AsArray().Sum(a => (int)a!["bindings"]!));
    }

    /// <summary>`dmm storm` over <paramref name="scenario"/>, its reports in <paramref name="name"/>: it must succeed.</summary>
    (DmmProgram.Result Result, JsonNode Summary) Storm(string name, string scenario, params string[] options)
    {
        var path = Path.Combine(dir, name + ".conf");
        File.WriteAllText(path, scenario);
        var storm = DmmProgram.Run(dir, ["storm", path, .. options, "--out", name]);
        Assert.True(storm.ExitCode == 0, storm.Stdout + storm.Stderr);
        return (storm, JsonNode.Parse(File.ReadAllText(Path.Combine(dir, name, "summary.json")))!);
    }

    /// <summary>
    /// Admission for every anchor kind that registers: an LMA sheds PBUs and the MAGs back off
    /// (RFC 5213 §6.9.4); a home agent, and an HMIPv6 MAP with it, shed BUs and the nodes back
    /// off (RFC 6275 §11.7.3, §11.8); a DMM anchor sheds a MAAR's PBUs, for the node's new prefix
    /// or a kept one, and the MAAR backs off as a MAG does.
    /// </summary>
    [Theory]
    [InlineData("pmipv6-multi-lma")]
    [InlineData("mipv6-bt")]
    [InlineData("hmipv6")]
    [InlineData("dmm-anchor-relocation")]
    public void An_overloaded_anchor_sheds_new_registrations_with_130_and_its_clients_back_off_until_every_binding_is_in(string practice)
    {
        // Far more than three anchors' journal takes on two cores, against a high-water mark of 50 registrations.
        var (storm, summary) = Storm("ov", $$"""
            dmm.scenario {
              name = storm-overload, practice = {{practice}}
              mobile-nodes = 3000
              topology { access-routers = 64, anchors = 3, correspondents = 4 }
              overload.high-water = 50
            }
            dmm.storm.phases = [ { type = inject, rate = 50000, duration = 0.3s } ]
            """);
        var overload = summary["overload"]!;
        var shed = (long)overload["registrations_shed"]!;
        Assert.True(shed > 0, storm.Stdout);
        // Every shed registration went again after its back-off, and in the end each node holds its binding.
        Assert.Equal(shed, (long)overload["registrations_backed_off"]!);
        Assert.Equal(0, (long)summary["failed_registrations"]!);
        Assert.Equal(3000, (int)summary["nodes_bound"]!);
        Assert.Equal(50, (long)overload["high_water"]!);

        var md = File.ReadAllText(Path.Combine(dir, "ov", "report.md"));
        Assert.Contains("## Overload", md);
        Assert.Contains("Load shed over time:", md);
        Assert.Contains("| bindings lost | 0 |", md);
        Assert.Contains("overload: resident memory high-water during the storm", storm.Stdout);
        var csv = File.ReadAllLines(Path.Combine(dir, "ov", "report.csv"));
        Assert.Equal(shed, csv.Skip(1).TakeWhile(l => l.Length > 0).Sum(l => long.Parse(l.Split(',')[^3])));
        Assert.True(csv.Skip(1).TakeWhile(l => l.Length > 0).All(l => long.Parse(l.Split(',')[^1]) > 0), "every second samples resident memory");
    }

    [Fact]
    public void A_storms_rate_is_its_rate_in_model_time_and_the_central_anchor_queues_more_as_it_rises()
    {
        JsonNode Run(int rate) => Storm($"q{rate}", $$"""
            dmm.scenario {
              name = storm-queueing, practice = pmipv6, mobile-nodes = 2000
              topology { access-routers = 64, correspondents = 4, processing { servers = 1, anchor-servers = 1 } }
              neighbour-discovery.max-ra-delay = 0s
            }
            dmm.storm.phases = [ { type = inject, rate = {{rate}}, duration = 1s } ]
            """).Summary;
        var (slow, fast) = (Run(100), Run(900));

        // The handovers leave their links over the phase's one second of model time, not over the nodes' dwell times.
        var starts = File.ReadAllLines(Path.Combine(dir, "q900", "handovers.csv")).Skip(1).Select(l => l.Split(','))
            .Where(f => f[2] == "handover").Select(f => double.Parse(f[6], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(900, starts.Length);
        Assert.InRange(starts.Max() - starts.Min(), 800, 1_200);

        // Each handover is two PBUs at the one LMA, 0.5 ms each: a busiest second near 0.1 at 100/s and 0.9 at 900/s.
        double Peak(JsonNode s) => (double)s["processing_queues"]!["Anchor"]!["peak_second_utilisation_max"]!;
        double WaitP99(JsonNode s) => (double)s["processing_queues"]!["Anchor"]!["wait_ms"]!["p99"]!;
        Assert.InRange(Peak(slow), 0.08, 0.25);
        Assert.InRange(Peak(fast), 0.8, 1.0);
        Assert.True(WaitP99(fast) > WaitP99(slow), $"anchor wait p99 {WaitP99(fast)} ms at 900/s against {WaitP99(slow)} ms at 100/s");
        double Queue(JsonNode s) => (double)s["processing_queues"]!["Anchor"]!["mean_queue_length_max"]!;
        Assert.True(Queue(fast) > 5 * Queue(slow), $"mean queue length {Queue(fast)} at 900/s against {Queue(slow)} at 100/s");
        Assert.True(File.Exists(Path.Combine(dir, "q900", "queues.csv")));
    }

    [Fact]
    public void A_storm_with_multicast_sends_the_streams_after_its_last_handover()
    {
        var (_, summary) = Storm("mc", """
            dmm.scenario {
              name = storm-multicast
              mobile-nodes = 3000
              topology { access-routers = 64, anchors = 6, correspondents = 4 }
            }
            dmm.storm.phases = [ { type = burst, fraction = 0.5, window = 1s } ]
            """, "--multicast");
        var multicast = summary["multicast"]!;
        Assert.Equal("proxy", (string)multicast["mode"]!);
        Assert.True((int)multicast["listeners"]! > 0);
        Assert.True((long)multicast["source_packets"]! > 0);
        // Every packet a listener's router took in reached the listener, bar those sent while it was between links.
        Assert.True((long)multicast["packets_delivered"]! > 0);
        Assert.True((long)multicast["copies_at_access_routers"]! >= (long)multicast["distinct_at_access_routers"]!);
        // Only listeners that moved in the burst joined after a handover.
        Assert.InRange((long)multicast["join_samples"]!, 1, 1500);
        Assert.True(File.Exists(Path.Combine(dir, "mc", "multicast.csv")));
    }

    [Fact]
    public void Resuming_from_a_journal_that_is_not_there_is_refused_and_creates_nothing()
    {
        var missing = Path.Combine(dir, "missing.db");
        Refusal.AssertRefusedInOneLine(DmmProgram.Run(dir, "storm", "--journal", missing, "--resume", "latest", "--out", "resumed"),
            "file does not exist", missing);
        Assert.False(Directory.Exists(Path.Combine(dir, "resumed")));
    }

    /// <summary>A bad scenario or storm is refused before the journal it names is created or touched.</summary>
    [Fact]
    public void A_storm_with_a_broken_scenario_creates_no_journal()
    {
        var scenario = Path.Combine(dir, "broken-storm.conf");
        File.WriteAllText(scenario, "dmm.storm.phases = [ { type = inject, rate = -5, duration = 1s } ]");
        var journal = Path.Combine(dir, "new-journal.db");
        var result = DmmProgram.Run(dir, "storm", scenario, "--journal", journal, "--out", "broken");
        Refusal.AssertRefusedInOneLine(result, "rate", journal);
        Assert.False(Directory.Exists(Path.Combine(dir, "broken")));
    }

    [Fact]
    public void A_failed_threshold_makes_the_command_fail()
    {
        var scenario = Path.Combine(dir, "strict.conf");
        File.WriteAllText(scenario, """
            dmm.scenario { mobile-nodes = 2000, topology { access-routers = 100, anchors = 4 } }
            dmm.storm {
              phases = [ { type = constant, in-flight = 200, duration = 1s } ]
              thresholds.handover-p99 = 0.001ms
            }
            """);
        var storm = DmmProgram.Run(dir, "storm", scenario, "--out", "strict");
        Assert.Equal(1, storm.ExitCode);
        Assert.Contains("threshold failed: handover p99", storm.Stdout);
        Assert.True(File.Exists(Path.Combine(dir, "strict", "report.md")));
    }

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
