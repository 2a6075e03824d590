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
        var csv = File.ReadAllLines(Path.Combine(outDir, "report.csv"));
        Assert.Equal("second,phase,triggered,completed,in_flight,backlog", csv[0]);
        Assert.Equal(28_000, csv.Skip(1).TakeWhile(l => l.Length > 0).Sum(l => long.Parse(l.Split(',')[^3])));

        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!;
        Assert.Equal(28_000, (long)summary["handovers"]!);
        Assert.Equal(20_000, summary["anchors"]!.AsArray().Sum(a => (int)a!["bindings"]!));
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
