using System.Text.Json.Nodes;
using DmmActors.Tests.Infrastructure;
using Xunit;

namespace DmmActors.Tests.EndToEnd;

/// <summary>
/// A scenario driven over a real cluster: two `dmm node` processes host the anchors as
/// shards, journalled to a throwaway PostgreSQL; the driver hosts the access routers and
/// mobile nodes. The result must equal the same scenario run in one process.
/// </summary>
[Collection("actors")]
public class ClusterRunTests : IClassFixture<ThrowawayPostgres>, IDisposable
{
    readonly ThrowawayPostgres postgres;
    readonly string dir = Directory.CreateTempSubdirectory("dmm-cluster-run-").FullName;

    public ClusterRunTests(ThrowawayPostgres postgres) => this.postgres = postgres;

    static JsonNode Summary(string outDir) => JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!;

    [Fact]
    public void Anchors_sharded_over_two_nodes_give_the_same_bindings_as_one_process()
    {
        var scenario = Path.Combine(dir, "cluster.conf");
        File.WriteAllText(scenario, """
            dmm.scenario {
              name = cluster, seed = 3, practice = pmipv6-multi-lma, mobile-nodes = 1000
              topology { access-routers = 64, anchors = 6, correspondents = 4 }
              mobility.handovers-per-node = 2
            }
            """);
        var ports = new[] { LoopbackPort.Free(), LoopbackPort.Free() };
        var seed = $"127.0.0.1:{ports[0]}";
        var nodes = ports.Select(p => DmmProgram.Start(dir, "node", "--roles", "anchor", "--port", p.ToString(), "--seed", seed,
            "--journal", postgres.ConnectionString)).ToList();
        try
        {
            for (int i = 0; i < nodes.Count; i++) nodes[i].WaitFor($"127.0.0.1:{ports[i]} is up", TimeSpan.FromSeconds(60));

            var clustered = DmmProgram.Run(dir, "run", scenario, "--cluster", seed, "--journal", postgres.ConnectionString, "--out", "cluster-out");
            Assert.True(clustered.ExitCode == 0, clustered.Stdout + clustered.Stderr);
            var local = DmmProgram.Run(dir, "run", scenario, "--out", "local-out");
            Assert.True(local.ExitCode == 0, local.Stdout + local.Stderr);

            var c = Summary(Path.Combine(dir, "cluster-out"));
            var l = Summary(Path.Combine(dir, "local-out"));
            Assert.Equal((string)l["bindings_checksum"]!, (string)c["bindings_checksum"]!);
            Assert.Equal(l["handover_latency_ms"]!.ToJsonString(), c["handover_latency_ms"]!.ToJsonString());
            Assert.Equal(l["signalling_per_handover"]!.ToJsonString(), c["signalling_per_handover"]!.ToJsonString());
            Assert.Equal(1000, c["anchors"]!.AsArray().Sum(a => (int)a!["bindings"]!));

            var members = c["cluster"]!.AsArray();
            Assert.Equal(2, members.Count);
            Assert.All(members, m => Assert.NotEmpty(m!["anchors"]!.AsArray()));
            Assert.Equal(Enumerable.Range(0, 6), members.SelectMany(m => m!["anchors"]!.AsArray().Select(a => (int)a!)).Order());
            Assert.Equal(1000, members.Sum(m => (int)m!["bindings"]!));
            Assert.All(members, m => Assert.True((long)m!["signalling_messages"]! > 0));

            var bindings = DmmProgram.Run(dir, "bindings", "--journal", postgres.ConnectionString);
            Assert.True(bindings.ExitCode == 0, bindings.Stdout + bindings.Stderr);
            Assert.Contains($"bindings_checksum {(string)c["bindings_checksum"]!}", bindings.Stdout);
        }
        finally
        {
            foreach (var node in nodes) node.Dispose();
        }
    }

    [Fact]
    public void A_cluster_run_refuses_a_SQLite_journal()
    {
        var result = DmmProgram.Run(dir, "run", "--cluster", "127.0.0.1:1", "--journal", Path.Combine(dir, "j.db"), "--out", "out");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("never share a SQLite file", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
