using System.Text.Json.Nodes;
using Xunit;

namespace DmmActors.Tests.EndToEnd;

/// <summary>`dmm run` of NEMO basic support (RFC 3963) as a user runs it: bound, replayed, and one checksum per seed.</summary>
[Collection("actors")]
public class NemoRunTests : IDisposable
{
    const int Routers = 300, NodesBehind = 6;
    readonly string dir = Directory.CreateTempSubdirectory("dmm-nemo-").FullName;

    static JsonNode Json(string path) => JsonNode.Parse(File.ReadAllText(path))!;

    JsonNode Run(string scenario, string outDir)
    {
        var run = DmmProgram.Run(dir, "run", scenario, "--out", outDir);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        return Json(Path.Combine(dir, outDir, "summary.json"));
    }

    [Fact]
    public void Every_mobile_router_is_bound_its_journal_replays_to_the_summary_and_one_seed_gives_one_checksum()
    {
        var scenario = Path.Combine(dir, "nemo.conf");
        File.WriteAllText(scenario, $$"""
            dmm.scenario {
              name = nemo, seed = 5, practice = nemo, mobile-nodes = {{Routers}}
              topology { access-routers = 36, anchors = 4, correspondents = 4 }
              mobility { handovers-per-node = 3, dwell = 10s }
              traffic { sessions-per-node = 2, flow-rate = 1 }
              nemo.nodes-behind-router = {{NodesBehind}}
            }
            """);
        var first = Run(scenario, "a");
        var second = Run(scenario, "b");

        Assert.Equal(0, (long)first["failed_registrations"]!);
        Assert.Equal(Routers, (int)first["nodes_bound"]!);
        Assert.Equal((string)first["bindings_checksum"]!, (string)second["bindings_checksum"]!);
        // One BU and one BA per move carry the router and the nodes behind it (RFC 3963 §5.1).
        Assert.Equal(1 + NodesBehind, (int)first["nodes_per_mobile_node"]!);
        var perHandover = (double)first["signalling_per_handover"]!["total"]!;
        Assert.Equal(Math.Round(perHandover / (1 + NodesBehind), 3), (double)first["signalling_per_node_moved"]!, 3);
        // The network's packets, both ways, through the router's tunnel with its home agent.
        var data = first["data_plane"]!;
        Assert.True((long)data["flows"]!["uplink_delivered"]! > 0);
        Assert.Equal((long)data["flows"]!["uplink_delivered"]!, (long)data["uplink"]!["packets"]!);
        Assert.Equal(40, (double)data["delivered"]!["encapsulation_bytes_per_packet"]!);

        var replay = DmmProgram.Run(dir, "replay", "--journal", Path.Combine("a", "journal.db"), "--out", "replay");
        Assert.True(replay.ExitCode == 0, replay.Stdout + replay.Stderr);
        var rebuilt = Json(Path.Combine(dir, "replay", "replay.json"));
        foreach (var key in DmmActors.Replay.ReplayReport.ReproducedKeys)
            Assert.True(JsonNode.DeepEquals(first[key], rebuilt[key]), $"{key}: live {first[key]?.ToJsonString()} replay {rebuilt[key]?.ToJsonString()}");
        Assert.Empty(rebuilt["violations"]!.AsArray());

        var bindings = DmmProgram.Run(dir, "bindings", "--journal", Path.Combine("a", "journal.db"));
        Assert.True(bindings.ExitCode == 0, bindings.Stdout + bindings.Stderr);
        Assert.Contains((string)first["bindings_checksum"]!, bindings.Stdout);
    }

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
