using System.Diagnostics;
using System.Text.Json.Nodes;
using DmmActors.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace DmmActors.Tests.EndToEnd;

/// <summary>The PostgreSQL server stopped under a running storm and started again: its own server, as the test stops it.</summary>
[Collection("actors")]
public class DatabaseOutageTests : IClassFixture<ThrowawayPostgres>, IDisposable
{
    readonly ThrowawayPostgres postgres;
    readonly ITestOutputHelper output;
    readonly string dir = Directory.CreateTempSubdirectory("dmm-pg-outage-").FullName;

    public DatabaseOutageTests(ThrowawayPostgres postgres, ITestOutputHelper output) => (this.postgres, this.output) = (postgres, output);

    readonly List<DmmProgram.Running> processes = new();

    /// <summary>
    /// With <paramref name="cluster"/>, the anchors are on three members and a MAG whose PBA the
    /// held write keeps past the signalling timeout sends its PBU again.
    /// </summary>
    [Theory]
    [InlineData(false)]
    public void A_storm_whose_database_stops_for_10_s_holds_its_writes_sheds_with_130_and_completes_with_nothing_acknowledged_lost(bool cluster)
    {
        var scenario = Path.Combine(dir, "outage.conf");
        File.WriteAllText(scenario, """
            dmm.scenario {
              name = outage, seed = 7, practice = pmipv6-multi-lma, mobile-nodes = 1000
              topology { access-routers = 32, anchors = 4, correspondents = 4 }
              overload.high-water = 100
            }
            dmm.storm.phases = [ { type = inject, rate = 200, duration = 20s } ]
            """);

        string[] where = cluster
            ? ["--cluster", LoopbackCluster.Start(dir, postgres.ConnectionString, processes, "5s", ["anchor,access,mn", "anchor", "anchor"]).Seed]
            : [];
        using var storm = DmmProgram.Start(dir, ["storm", scenario, "--out", "out", "--journal", postgres.ConnectionString, .. where]);
        storm.WaitFor(line => line.Contains("inject 200/s") && Done(line) >= 600, "600 handovers done", TimeSpan.FromSeconds(90));
        var down = Stopwatch.StartNew();
        postgres.Stop();
        Thread.Sleep(TimeSpan.FromSeconds(10) - down.Elapsed);
        postgres.Start();
        var downFor = down.Elapsed;
        output.WriteLine($"PostgreSQL down for {downFor.TotalSeconds:0.0} s");
        Assert.True(storm.WaitForExit(TimeSpan.FromMinutes(3)) == 0, storm.Tail(60));
        var console = storm.Tail(200);
        output.WriteLine(console);

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "out", "summary.json")))!;
        var outage = json["journal_outage"]!;
        Assert.True((long)outage["writes_held"]! > 0, console);
        Assert.True((long)outage["circuit_breakers_opened"]! > 0, console);
        Assert.InRange((double)outage["stall_seconds_wall"]!, 8.0, 60.0);
        // Held writes hold their anchors' acknowledgements; admission control refuses what comes meanwhile.
        Assert.True((long)json["overload"]!["registrations_shed"]! > 0, console);
        Assert.Equal((long)json["overload"]!["registrations_shed"]!, (long)json["overload"]!["registrations_backed_off"]!);
        Assert.Equal(0L, (long)json["failed_registrations"]!);
        Assert.Equal(1000L, (long)json["nodes_bound"]!);
        Assert.Equal(4000L, (long)json["handovers"]!);
        Assert.Contains("journal: the database went away (wall clock)", console);
        var report = File.ReadAllText(Path.Combine(dir, "out", "report.md"));
        Assert.Contains("journal: the database went away (wall clock)", report);

        // Nothing acknowledged is lost: the anchors read back from PostgreSQL give the live run's bindings.
        var bindings = DmmProgram.Run(dir, "bindings", "--journal", postgres.ConnectionString, "--limit", "0");
        Assert.True(bindings.ExitCode == 0, bindings.Stdout + bindings.Stderr);
        Assert.Contains($"bindings_checksum {(string)json["bindings_checksum"]!}", bindings.Stdout);
        Assert.Contains("matches the live run's bindings_checksum", bindings.Stdout);
        var replay = DmmProgram.Run(dir, "replay", "--journal", postgres.ConnectionString);
        Assert.True(replay.ExitCode == 0, replay.Stdout + replay.Stderr);
        output.WriteLine($"fault row | PostgreSQL stopped (pg_ctl -m fast) {downFor.TotalSeconds:0.0} s mid-storm, {(cluster ? "three members" : "one process")} " +
                         $"| 1,000 nodes, 4,000 handovers | retransmitted {(long)json["retransmissions"]!} " +
                         $"| nodes bound {(long)json["nodes_bound"]!} of 1,000 | failed {(long)json["failed_registrations"]!} | shed with 130 {(long)json["overload"]!["registrations_shed"]!} " +
                         $"| stall {(double)outage["stall_seconds_wall"]!:0.0} s, {(long)outage["writes_held"]!} writes held");
    }

    static long Done(string progressLine)
    {
        // "[  11.7s] inject 200/s for 20 s: 1,574/4,000 (39%)"
        var tail = progressLine[(progressLine.LastIndexOf(": ", StringComparison.Ordinal) + 2)..];
        var slash = tail.IndexOf('/');
        return slash < 0 || !long.TryParse(tail[..slash], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture, out var n) ? -1 : n;
    }

    public void Dispose()
    {
        foreach (var p in processes) p.Dispose();
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
