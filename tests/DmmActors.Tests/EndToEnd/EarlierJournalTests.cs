using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Xunit;

namespace DmmActors.Tests.EndToEnd;

/// <summary>
/// A journal written before partitions existed (RunStarted.v1, every anchor in the one file) and
/// before nodes recorded their procedures: `dmm replay` and `dmm bindings` read it as a journal of
/// one partition and rebuild its bindings, and leave it as it was. Its procedures are not rebuilt:
/// replay reads recorded facts, and this journal has none.
/// </summary>
[Collection("actors")]
public class EarlierJournalTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("dmm-earlier-").FullName;

    [Fact]
    public void A_journal_written_before_partitions_reads_and_is_never_rewritten()
    {
        // Written by `dmm run` at commit f1e3fc3: 200 nodes, 4 anchors, 2 handovers each, seed 7.
        var journal = Path.Combine(dir, "journal.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "journal-before-partitions.db"), journal);
        var before = SHA256.HashData(File.ReadAllBytes(journal));

        var replay = DmmProgram.Run(dir, "replay", "--journal", journal, "--out", "replay");
        Assert.True(replay.ExitCode == 0, replay.Stdout + replay.Stderr);
        var rebuilt = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "replay", "replay.json")))!;
        Assert.Equal("9635e23da10c71d0", (string)rebuilt["bindings_checksum"]!);
        Assert.False((bool)rebuilt["procedures_recorded"]!);
        Assert.Equal(0, (long)rebuilt["handovers"]!);
        Assert.Equal(400, (long)rebuilt["events_by_kind"]!["handoff"]!);
        Assert.Contains("holds no recorded procedures", replay.Stdout);
        Assert.Empty(rebuilt["violations"]!.AsArray());

        var bindings = DmmProgram.Run(dir, "bindings", "--journal", journal);
        Assert.True(bindings.ExitCode == 0, bindings.Stdout + bindings.Stderr);
        Assert.Contains("matches the live run's bindings_checksum (9635e23da10c71d0)", bindings.Stdout);

        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(journal)));
        Assert.False(File.Exists(Path.Combine(dir, "journal.p1.db")), "a reader created a partition file");
    }

    [Fact]
    public void A_run_whose_partition_file_is_missing_is_refused_in_one_line()
    {
        var scenario = Path.Combine(dir, "small.conf");
        File.WriteAllText(scenario, "dmm.scenario { mobile-nodes = 100, topology { access-routers = 16, anchors = 8 } }");
        var run = DmmProgram.Run(dir, "run", scenario, "--out", "out", "--partitions", "4");
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal(4, (int)JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "out", "summary.json")))!["journal_partitions"]!);
        var partitionFiles = Directory.GetFiles(Path.Combine(dir, "out"), "journal.p*.db");
        Assert.NotEmpty(partitionFiles);
        File.Move(partitionFiles[0], partitionFiles[0] + ".aside");

        foreach (var command in new[] { "replay", "bindings" })
        {
            var refused = DmmProgram.Run(dir, command, "--journal", Path.Combine(dir, "out", "journal.db"));
            Assert.Equal(2, refused.ExitCode);
            Assert.Equal($"dmm: error: journal {Path.Combine(dir, "out", "journal.db")}: run {JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "out", "summary.json")))!["run_id"]} " +
                         $"was written to 4 partitions, but partition file {partitionFiles[0]} is missing", refused.Stderr.Trim());
            Assert.False(File.Exists(partitionFiles[0]), $"{command} created the missing partition file");
        }
        Assert.Contains("--partitions = 0: must be a whole number from 1 to 64", DmmProgram.Run(dir, "run", scenario, "--partitions", "0").Stderr);
    }

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
