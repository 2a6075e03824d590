using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DmmActors.Tests.EndToEnd;
using DmmActors.Tests.Infrastructure;

namespace DmmActors.LoadTests;

/// <summary>
/// The same scenario in one process and on K = 1, 2, 4, … loopback members (each `dmm node`
/// with every entity role, in a process of its own), all journalled to a throwaway PostgreSQL
/// this benchmark starts: handovers per wall-second against one process, the share of
/// signalling that crossed between members, and each member's resident memory.
/// </summary>
public static class ClusterBenchmark
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(30);

    sealed record Row(string Setup, double HandoversPerSecond, double RemoteShare, IReadOnlyList<long> MemberResidentBytes, string Checksum);

    public static void Run(int mobileNodes, IReadOnlyList<int> memberCounts)
    {
        var dir = Directory.CreateTempSubdirectory("dmm-cluster-bench-").FullName;
        try
        {
            var scenario = Path.Combine(dir, "scenario.conf");
            File.WriteAllText(scenario, $"dmm.scenario.mobile-nodes = {mobileNodes}\n");
            Console.WriteLine($"cluster benchmark: the default scenario with {mobileNodes:N0} mobile nodes, in one process and on {string.Join(", ", memberCounts)} members; work in {dir}");
            Console.WriteLine("starting a throwaway PostgreSQL ...");
            using var postgres = new ThrowawayPostgres();

            var rows = new List<Row>();
            Console.WriteLine("[one process] dmm run --journal PostgreSQL ...");
            var alone = DmmProgram.Run(dir, RunLimit, "run", scenario, "--journal", postgres.ConnectionString, "--out", "alone");
            if (alone.ExitCode != 0) throw new InvalidOperationException($"dmm run failed:\n{alone.Stdout}{alone.Stderr}");
            rows.Add(Read(Path.Combine(dir, "alone"), "one process", []));
            Console.WriteLine($"      {rows[^1].HandoversPerSecond:N0} handovers/s");

            foreach (var k in memberCounts)
            {
                Console.WriteLine($"[{k} members] starting {k} dmm node processes (anchor,access,mn) and the driver ...");
                rows.Add(OnMembers(dir, scenario, postgres.ConnectionString, k));
                Console.WriteLine($"      {rows[^1].HandoversPerSecond:N0} handovers/s, remote share {rows[^1].RemoteShare:0.000}");
            }
            Publish(rows, mobileNodes);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    static Row OnMembers(string dir, string scenario, string journal, int members)
    {
        var ports = Enumerable.Range(0, members).Select(_ => LoopbackPort.Free()).ToArray();
        var seed = $"127.0.0.1:{ports[0]}";
        var nodes = ports.Select(p => DmmProgram.Start(dir, "node", "--roles", "anchor,access,mn", "--port", p.ToString(Inv), "--seed", seed,
            "--journal", journal, "--signalling-timeout", "600s")).ToList();
        try
        {
            for (int i = 0; i < members; i++) nodes[i].WaitFor($"127.0.0.1:{ports[i]} is up", TimeSpan.FromSeconds(90));
            var outDir = $"members-{members}";
            var driver = DmmProgram.Run(dir, RunLimit, "run", scenario, "--cluster", seed, "--journal", journal, "--out", outDir);
            if (driver.ExitCode != 0) throw new InvalidOperationException($"dmm run --cluster failed:\n{driver.Stdout}{driver.Stderr}");
            return Read(Path.Combine(dir, outDir), $"{members} member{(members == 1 ? "" : "s")}", nodes.Select(n => n.ResidentBytes).ToArray());
        }
        finally
        {
            foreach (var n in nodes) n.Dispose();
        }
    }

    static Row Read(string outDir, string setup, IReadOnlyList<long> resident)
    {
        var s = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!;
        return new Row(setup, (double)s["wall"]!["handovers_per_s"]!, (double)s["cluster_remote_share"]!, resident, (string)s["bindings_checksum"]!);
    }

    static void Publish(IReadOnlyList<Row> rows, int mobileNodes)
    {
        var alone = rows[0];
        var md = new StringBuilder();
        md.AppendLine($"| setup (default scenario, {mobileNodes:N0} MNs, PostgreSQL journal, {Environment.ProcessorCount} cores) | handovers per wall-second | ratio to one process | remote share | resident MiB per member | bindings checksum |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var r in rows)
            md.AppendLine($"| {r.Setup}{(r == alone ? " (baseline, same run)" : "")} | {r.HandoversPerSecond.ToString("N0", Inv)} | " +
                          $"{(r.HandoversPerSecond / alone.HandoversPerSecond).ToString("0.00", Inv)} | {r.RemoteShare.ToString("0.000", Inv)} | " +
                          $"{(r.MemberResidentBytes.Count == 0 ? "-" : string.Join(" / ", r.MemberResidentBytes.Select(b => (b / 1048576.0).ToString("N0", Inv))))} | {r.Checksum} |");
        md.AppendLine();
        md.AppendLine(rows.All(r => r.Checksum == alone.Checksum)
            ? "Every setup ended with the same bindings checksum as one process."
            : "The bindings checksums DIFFER between setups.");
        BenchmarkReport.Publish(md, "cluster-benchmark.md");
    }
}
