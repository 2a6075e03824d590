using System.Diagnostics;
using System.Globalization;
using System.Text;
using DmmActors.Loading;
using DmmActors.Metrics;
using DmmActors.Persistence;
using DmmActors.Run;
using Microsoft.Data.Sqlite;

namespace DmmActors.LoadTests;

/// <summary>
/// Replay speed: the whole `dmm replay` command, as a user runs it in a process of its own (rows
/// read straight from each partition file in parallel, deserialized, the run rebuilt and checked,
/// its reports written), against a raw read of the same rows through Microsoft.Data.Sqlite, a
/// thread per partition file, in the same run.
/// </summary>
public static class ReplayBenchmark
{
    sealed class Quiet : IProgress<RunProgress> { public void Report(RunProgress value) { } }

    public static async Task Run(int mobileNodes, int partitions)
    {
        var inv = CultureInfo.InvariantCulture;
        var dir = Directory.CreateTempSubdirectory("dmm-replay-bench-").FullName;
        try
        {
            var path = Path.Combine(dir, "journal.db");
            Console.WriteLine($"replay benchmark: {mobileNodes:N0} mobile nodes, 3 handovers each, {partitions} journal partitions, journal {path}");
            Console.WriteLine("[1/3] writing the run (dmm run) ...");
            var scenario = ScenarioLoader.Parse($"dmm.scenario {{ mobile-nodes = {mobileNodes}, topology {{ access-routers = 1000, anchors = 16 }} }}", "benchmark");
            var journal = JournalTarget.Sqlite(SqliteJournal.Open(path, mustExist: false)) with { Partitions = partitions };
            var live = await EmulationRun.ExecuteAsync(scenario, journal, new Quiet());
            SqliteConnection.ClearAllPools();

            Console.WriteLine("[2/3] raw read: every journal row through Microsoft.Data.Sqlite, a thread per partition file ...");
            var (rows, rawSeconds) = RawRead(path, partitions);
            Console.WriteLine($"      {rows / rawSeconds:N0} rows/s");

            Console.WriteLine("[3/3] dmm replay, the whole command in its own process: start, the parallel read, rebuild, checks, replay.json and timeline.csv ...");
            var outDir = Path.Combine(dir, "replay");
            var clock = Stopwatch.StartNew();
            var command = DmmActors.Tests.EndToEnd.DmmProgram.Run(dir, TimeSpan.FromMinutes(10), "replay", "--journal", path, "--out", outDir);
            clock.Stop();
            if (command.ExitCode != 0) throw new InvalidOperationException($"dmm replay failed ({command.ExitCode}):\n{command.Stdout}{command.Stderr}");
            var replay = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "replay.json")))!;
            var events = (long)replay["events"]!;
            var read = (double)replay["read_events_per_s"]!;
            var whole = events / clock.Elapsed.TotalSeconds;
            var raw = rows / rawSeconds;
            var same = (string?)replay["bindings_checksum"] == live.BindingsChecksum && (long)replay["handovers"]! == live.Handovers;
            Console.WriteLine($"      {whole:N0} events/s, the whole command ({clock.Elapsed.TotalSeconds:0.00} s)");

            var md = new StringBuilder();
            md.AppendLine($"| read path ({events:N0} binding events of {mobileNodes:N0} nodes) | rate | ratio to raw read |");
            md.AppendLine("|---|---|---|");
            md.AppendLine($"| raw SQLite read of the journal's rows, {partitions} partition files in parallel (baseline, same run) | {raw.ToString("N0", inv)} rows/s | 1.00 |");
            md.AppendLine($"| `dmm replay`'s read: events read and deserialized, a reader per partition (its replay.json) | {read.ToString("N0", inv)} events/s | {(read / raw).ToString("0.000", inv)} |");
            md.AppendLine($"| `dmm replay`, the whole command: process start, read, rebuild, checks, replay.json and timeline.csv ({clock.Elapsed.TotalSeconds.ToString("0.00", inv)} s) | {whole.ToString("N0", inv)} events/s | {(whole / raw).ToString("0.000", inv)} |");
            md.AppendLine();
            md.AppendLine($"Replay {(same ? "reproduced" : "DID NOT reproduce")} the live run: {(long)replay["handovers"]!:N0} handovers, checksum {(string?)replay["bindings_checksum"]}; " +
                          $"{replay["violations"]!.AsArray().Count} invariant violations; exit code {command.ExitCode}.");
            BenchmarkReport.Publish(md, "replay-benchmark.md");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Every row of the journal's partition files, payload included, as readers with no actors would take them: a thread per file.</summary>
    static (long Rows, double Seconds) RawRead(string path, int partitions)
    {
        var files = Enumerable.Range(0, partitions).Select(p => SqliteJournal.PartitionPath(path, p)).Where(File.Exists).ToArray();
        var clock = Stopwatch.StartNew();
        var counts = new long[files.Length];
        Parallel.For(0, files.Length, new ParallelOptions { MaxDegreeOfParallelism = files.Length }, f =>
        {
            using var connection = new SqliteConnection($"Data Source={files[f]};Mode=ReadOnly");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT persistence_id, sequence_number, manifest, message FROM journal ORDER BY persistence_id, sequence_number";
            long rows = 0, bytes = 0;
            using (var reader = command.ExecuteReader())
                while (reader.Read())
                {
                    rows++;
                    bytes += reader.GetString(0).Length + reader.GetInt64(1) + reader.GetString(2).Length + ((byte[])reader.GetValue(3)).Length;
                }
            counts[f] = rows + (bytes < 0 ? 1 : 0);
        });
        return (counts.Sum(), clock.Elapsed.TotalSeconds);
    }
}
