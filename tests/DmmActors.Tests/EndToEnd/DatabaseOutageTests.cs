using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DmmActors.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace DmmActors.Tests.EndToEnd;

/// <summary>
/// The journal's database going away mid-storm: PostgreSQL stopped for 10 s under a storm over
/// a cluster, then started again. A PostgreSQL of its own, since it is stopped.
/// </summary>
[Collection("actors")]
public class DatabaseOutageTests(ThrowawayPostgres postgres, ITestOutputHelper output) : IClassFixture<ThrowawayPostgres>, IDisposable
{
    const int MobileNodes = 2000, Anchors = 4;
    readonly string dir = Directory.CreateTempSubdirectory("dmm-db-outage-").FullName;
    readonly List<DmmProgram.Running> processes = new();

    [Fact]
    public void A_storm_whose_database_stops_for_ten_seconds_loses_nothing_acknowledged_and_completes_when_it_returns()
    {
        var ports = new[] { LoopbackPort.Free(), LoopbackPort.Free() };
        var seed = $"127.0.0.1:{ports[0]}";
        string[] roles = ["anchor,access,mn", "anchor"];
        var nodes = ports.Select((p, i) => DmmProgram.Start(dir, "node", "--roles", roles[i], "--port", p.ToString(), "--seed", seed,
            "--journal", postgres.ConnectionString, "--signalling-timeout", "5s")).ToList();
        processes.AddRange(nodes);
        for (int i = 0; i < nodes.Count; i++) nodes[i].WaitFor($"127.0.0.1:{ports[i]} is up", TimeSpan.FromSeconds(60));

        var scenario = Path.Combine(dir, "outage.conf");
        File.WriteAllText(scenario, $$"""
            dmm.scenario {
              name = db-outage, seed = 5, mobile-nodes = {{MobileNodes}}
              topology { access-routers = 36, anchors = {{Anchors}}, correspondents = 4 }
            }
            dmm.storm.phases = [ { type = inject, rate = 100, duration = 40s } ]
            """);
        var storm = DmmProgram.Start(dir, "storm", scenario, "--cluster", seed, "--journal", postgres.ConnectionString, "--out", "out");
        processes.Add(storm);
        var progress = new Regex(@"inject 100/s for 40 s: ([\d,]+)/");
        storm.WaitFor(l => progress.Match(l) is { Success: true } m && long.Parse(m.Groups[1].Value.Replace(",", "")) >= 500,
            "500 handovers done", TimeSpan.FromMinutes(3));
        var stopped = Stopwatch.StartNew();
        postgres.Stop();
        Thread.Sleep(TimeSpan.FromSeconds(10) - stopped.Elapsed);
        postgres.Start();
        output.WriteLine($"PostgreSQL down for {stopped.Elapsed.TotalSeconds:0.0} s");

        var exit = storm.WaitForExit(TimeSpan.FromMinutes(6));
        output.WriteLine(storm.Output.Length > 6000 ? storm.Output[^6000..] : storm.Output);
        foreach (var (n, i) in nodes.Select((n, i) => (n, i))) output.WriteLine($"--- member {i}:\n{n.Tail(40)}");
        Assert.True(File.Exists(Path.Combine(dir, "out", "summary.json")), $"exit {exit}");
        var s = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "out", "summary.json")))!;
        output.WriteLine($"failed {s["failed_registrations"]}, retransmissions {s["retransmissions"]}, handovers {s["handovers"]}, bound {s["anchors"]!.AsArray().Sum(a => (int)a!["bindings"]!)}");
        Assert.Equal(MobileNodes, s["anchors"]!.AsArray().Sum(a => (int)a!["bindings"]!));
        Assert.Equal(0, (long)s["failed_registrations"]!);
        Assert.Equal(4000, (long)s["handovers"]!);
    }

    public void Dispose()
    {
        foreach (var p in processes) p.Dispose();
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
