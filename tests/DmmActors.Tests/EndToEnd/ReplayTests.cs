using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Xunit;

namespace DmmActors.Tests.EndToEnd;

/// <summary>`dmm replay` against runs of `dmm run`: the journal alone must give back what the live run reported.</summary>
[Collection("actors")]
public class ReplayTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("dmm-replay-").FullName;

    static JsonNode Json(string path) => JsonNode.Parse(File.ReadAllText(path))!;

    string RunScenario(string practice)
    {
        var scenario = Path.Combine(dir, $"{practice}.conf");
        File.WriteAllText(scenario, $$"""
            dmm.scenario {
              name = replay, seed = 11, practice = {{practice}}, mobile-nodes = 1500
              topology { access-routers = 100, anchors = 4, correspondents = 4 }
              mobility.handovers-per-node = 3
            }
            """);
        var run = DmmProgram.Run(dir, "run", scenario, "--out", practice);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        return Path.Combine(dir, practice);
    }

    [Theory]
    [InlineData("pmipv6")]
    [InlineData("pmipv6-multi-lma")]
    [InlineData("mipv6-bt")]
    [InlineData("hmipv6")]
    public void Replay_reproduces_the_live_summary_from_the_journal_alone(string practice)
    {
        var outDir = RunScenario(practice);
        var replay = DmmProgram.Run(dir, "replay", "--journal", Path.Combine(outDir, "journal.db"), "--out", Path.Combine(outDir, "replay"));
        Assert.True(replay.ExitCode == 0, replay.Stdout + replay.Stderr);

        var live = Json(Path.Combine(outDir, "summary.json"));
        var rebuilt = Json(Path.Combine(outDir, "replay", "replay.json"));
        foreach (var key in new[] { "run_id", "attaches", "handovers", "handover_latency_ms", "attach_latency_ms", "anchors", "bindings_checksum", "model_span_s" })
            Assert.True(JsonNode.DeepEquals(live[key], rebuilt[key]), $"{key}: live {live[key]?.ToJsonString()} replay {rebuilt[key]?.ToJsonString()}");
        Assert.Empty(rebuilt["violations"]!.AsArray());
        Assert.Equal(4500, (long)rebuilt["handovers"]!);

        var timeline = File.ReadAllLines(Path.Combine(outDir, "replay", "timeline.csv"));
        Assert.Equal((long)rebuilt["events"]!, timeline.Length - 1);
        Assert.Contains(timeline, l => l.Contains(",handoff,"));
        // A home agent's binding to a regional care-of address names the MAP whose link it is on (RFC 5380 §3).
        Assert.Equal(practice == "hmipv6", timeline.Any(l => l.Contains(",rcoa@map-")));
    }

    [Fact]
    public void A_damaged_journal_is_refused_with_a_clear_error_and_left_as_it_is()
    {
        var outDir = RunScenario("pmipv6");
        var journal = Path.Combine(outDir, "journal.db");
        // The damage goes where the anchor's events are: the largest of the journal's partition
        // files (the ledger alone in a small journal.db would leave no tree for the check to find).
        var damagedFile = Directory.GetFiles(outDir, "journal*.db").OrderByDescending(f => new FileInfo(f).Length).First();
        using (var f = File.Open(damagedFile, FileMode.Open))
        {
            f.Seek(f.Length / 2, SeekOrigin.Begin);
            f.Write(RandomNumberGenerator.GetBytes(16_384));
        }
        var before = SHA256.HashData(File.ReadAllBytes(damagedFile));

        var replay = DmmProgram.Run(dir, "replay", "--journal", journal, "--out", Path.Combine(dir, "damaged"));
        Assert.Equal(2, replay.ExitCode);
        Assert.Contains($"{damagedFile}: is damaged", replay.Stderr);
        Assert.DoesNotContain("   at ", replay.Stderr);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(damagedFile)));
        Assert.False(Directory.Exists(Path.Combine(dir, "damaged")));

        var truncated = Path.Combine(dir, "truncated.db");
        File.WriteAllBytes(truncated, File.ReadAllBytes(damagedFile)[..8192]);
        var short_ = DmmProgram.Run(dir, "replay", "--journal", truncated);
        Assert.Equal(2, short_.ExitCode);
        Assert.Contains("truncated.db", short_.Stderr);
    }

    [Fact]
    public void Bindings_names_an_anchor_whose_events_cannot_be_read_instead_of_waiting_on_it()
    {
        var outDir = RunScenario("pmipv6-multi-lma");
        // One anchor's first registration under a manifest no build wrote: that anchor's recovery fails and it stops.
        var damaged = 0;
        foreach (var file in Directory.GetFiles(outDir, "journal*.db"))
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False");
            connection.Open();
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE journal SET manifest = 'BindingRegistered.v999' WHERE ordering = " +
                                 "(SELECT MIN(ordering) FROM journal WHERE manifest LIKE 'BindingRegistered.%' AND persistence_id LIKE '%/anchor-%')";
            damaged += update.ExecuteNonQuery();
        }
        Assert.True(damaged > 0);

        // Waited on, the anchor would hold `dmm bindings` for its five-minute ask, past this call's three.
        var bindings = DmmProgram.Run(dir, "bindings", "--journal", Path.Combine(outDir, "journal.db"));
        Assert.NotEqual(0, bindings.ExitCode);
        Assert.Contains("stopped while it recovered: its events in the journal could not be read", bindings.Stderr);
    }

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
