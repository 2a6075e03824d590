using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DmmActors.LoadTests;

/// <summary>
/// One process holding a million mobile nodes through a handover storm, against raw Akka.NET
/// at the same actor count, measured in the same benchmark run. Each side runs in a child
/// process of its own so that neither's memory counts against the other.
/// </summary>
public static class ScaleBenchmark
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <param name="practice">The practice the storm runs under (`--practice`): every practice is held to the same figures.</param>
    public static async Task Run(int mobileNodes, int accessRouters, int anchors, int inFlight, string scaling, string practice)
    {
        var dir = Directory.CreateTempSubdirectory("dmm-scale-bench-").FullName;
        var scenario = Path.Combine(dir, "scale.conf");
        // Every node hands over once within about one mean dwell of model time: a storm over the
        // whole population. In wall-clock time, inFlight nodes move at once: more fills mailboxes
        // and the journal's queue, fewer leaves the anchors' write batches small (at 200,000
        // nodes, 100,000 in flight gave 8.9 KB per node and 19.9k handovers/s; 2,000 in flight
        // 3.9 KB and 18.1k handovers/s).
        await File.WriteAllTextAsync(scenario, $$"""
            dmm.scenario {
              name = scale-storm
              practice = {{practice}}
              mobile-nodes = {{mobileNodes}}
              topology { access-routers = {{accessRouters}}, anchors = {{anchors}}, correspondents = 100 }
              mobility { handovers-per-node = 1, dwell = 10s }
              traffic.sessions-per-node = 1
              emulator.max-in-flight = {{inFlight}}
            }
            """);
        var totalNodes = mobileNodes + accessRouters + anchors + 100;
        Console.WriteLine($"scale benchmark ({practice}): {mobileNodes:N0} MNs, {accessRouters:N0} ARs, {anchors} anchors ({totalNodes:N0} actors), " +
                          $"{inFlight:N0} nodes moving at once, SQLite journal on");

        var partitionCounts = scaling.Split(',').Select(p => int.Parse(p, Inv)).ToArray();
        var steps = 5 + partitionCounts.Length;
        Console.WriteLine($"[1/{steps}] raw Akka.NET: trivial actors, spawn and random-hop tells ...");
        var raw = ChildProcess.Run("raw-actors", totalNodes.ToString(Inv));
        Console.WriteLine($"[2/{steps}] emulator: the same number of nodes through a handover storm, shipped journal partitions ...");
        var emu = ChildProcess.Run("emulator", scenario);
        Console.WriteLine($"[3/{steps}] diagnostic: the same storm with Akka's in-memory journal instead of SQLite ...");
        var bare = ChildProcess.Run("emulator-in-memory", scenario);
        Console.WriteLine($"[4/{steps}] the same storm on SQLite with --pcap: every signalling message and 1% of data packets captured ...");
        var captured = ChildProcess.Run("emulator-pcap", scenario);
        Console.WriteLine($"[5/{steps}] the same storm on SQLite with PBU/PBA unauthenticated (security.authentication = off) ...");
        var unauthenticated = ChildProcess.Run("emulator-unauthenticated", scenario);
        // The scaling table: the same storm with each partition count, one after another in this run.
        var scaled = new List<Dictionary<string, double>>();
        foreach (var (p, i) in partitionCounts.Select((p, i) => (p, i)))
        {
            Console.WriteLine($"[{6 + i}/{steps}] scaling: the same storm on SQLite with {p} journal partition(s) ...");
            scaled.Add(p == (int)emu["partitions"] ? emu : ChildProcess.Run("emulator", scenario, p.ToString(Inv)));
        }
        Directory.Delete(dir, recursive: true);

        var md = new StringBuilder();
        md.AppendLine($"| figure ({mobileNodes:N0} MNs, {accessRouters:N0} ARs, {anchors} anchors, {inFlight:N0} in flight) | emulator | raw baseline, same run | ratio | goal |");
        md.AppendLine("|---|---|---|---|---|");
        md.AppendLine($"| spawn rate (actors/s) | {emu["spawn_per_s"]:N0} | {raw["spawn_per_s"]:N0} | {emu["spawn_per_s"] / raw["spawn_per_s"]:0.00} | >= 0.8 |");
        md.AppendLine($"| memory per emulated node (resident bytes) | {emu["resident_bytes_per_node"]:N0} | {raw["resident_bytes_per_actor"]:N0} per trivial actor | {emu["resident_bytes_per_node"] / raw["resident_bytes_per_actor"]:0.00} | <= 3,000 B |");
        md.AppendLine($"| memory per emulated node once spawned, before the storm | {emu["resident_bytes_per_node_after_spawn"]:N0} | {raw["resident_bytes_per_actor"]:N0} per trivial actor | {emu["resident_bytes_per_node_after_spawn"] / raw["resident_bytes_per_actor"]:0.00} | (breakdown) |");
        md.AppendLine($"| signalling messages per second during the storm | {emu["signalling_per_s"]:N0} | {raw["hops_per_s"]:N0} random-hop tells/s | {emu["signalling_per_s"] / raw["hops_per_s"]:0.000} | >= 0.4 |");
        md.AppendLine($"| handovers per second, SQLite journal, {emu["partitions"]:0} partitions | {emu["handovers_per_s"]:N0} | {bare["handovers_per_s"]:N0} with the journal in memory | {emu["handovers_per_s"] / bare["handovers_per_s"]:0.00} | >= 30,000/s |");
        md.AppendLine($"| diagnostic: signalling messages per second, journal in memory | {bare["signalling_per_s"]:N0} | {raw["hops_per_s"]:N0} random-hop tells/s | {bare["signalling_per_s"] / raw["hops_per_s"]:0.000} | >= 0.5 |");
        md.AppendLine($"| diagnostic: handovers per second, journal in memory | {bare["handovers_per_s"]:N0} | - | - | (what bounds it) |");
        md.AppendLine($"| managed bytes allocated per handover (GC.GetTotalAllocatedBytes over the storm, each node's attach included) | {emu["allocated_bytes_per_handover"]:N0} | {bare["allocated_bytes_per_handover"]:N0} with the journal in memory | - | <= 1,024 |");
        md.AppendLine($"| handovers per second with --pcap (all signalling, 1% of data) | {captured["handovers_per_s"]:N0} | {emu["handovers_per_s"]:N0} without it | {captured["handovers_per_s"] / emu["handovers_per_s"]:0.00} | >= 0.9 |");
        md.AppendLine($"| pcap frames written / dropped, wall seconds to the file closed | {captured["pcap_frames"]:N0} / {captured["pcap_dropped"]:N0}, {captured["wall_total_seconds"]:0.0} s | {emu["wall_total_seconds"]:0.0} s without it | {captured["wall_total_seconds"] / emu["wall_total_seconds"]:0.00} | 0 dropped |");
        md.AppendLine($"| memory per emulated node with --pcap | {captured["resident_bytes_per_node"]:N0} | {emu["resident_bytes_per_node"]:N0} without it | {captured["resident_bytes_per_node"] / emu["resident_bytes_per_node"]:0.00} | (bounded queue) |");
        md.AppendLine($"| handovers per second with PBU/PBA authenticated (HMAC-SHA256 over the encoded message, RFC 4285) | {emu["handovers_per_s"]:N0} | {unauthenticated["handovers_per_s"]:N0} unauthenticated | {emu["handovers_per_s"] / unauthenticated["handovers_per_s"]:0.00} | >= 0.9 (the cost of REQ6) |");
        md.AppendLine($"| memory per emulated node, authenticated | {emu["resident_bytes_per_node"]:N0} | {unauthenticated["resident_bytes_per_node"]:N0} unauthenticated | {emu["resident_bytes_per_node"] / unauthenticated["resident_bytes_per_node"]:0.00} | - |");
        md.AppendLine();
        md.AppendLine($"Storm: {emu["handovers"]:N0} handovers in {emu["mobility_seconds"]:0.0} s of wall-clock time; " +
                      $"{emu["bindings"]:N0} bindings at the end, {emu["packets_lost"]:N0} probe packets lost, {emu["failed_registrations"]:N0} failed registrations.");
        md.AppendLine();
        md.AppendLine($"| journal partitions (same storm, SQLite, {Environment.ProcessorCount} cores) | handovers per second | signalling msg/s | ratio to raw tells | ratio to the in-memory diagnostic |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var r in scaled)
            md.AppendLine($"| {r["partitions"]:0} | {r["handovers_per_s"]:N0} | {r["signalling_per_s"]:N0} | {r["signalling_per_s"] / raw["hops_per_s"]:0.000} | {r["handovers_per_s"] / bare["handovers_per_s"]:0.00} |");
        BenchmarkReport.Publish(md, "scale-benchmark.md");
    }
}
