using System.Text.Json;
using DmmActors.Loading;
using DmmActors.Metrics;
using DmmActors.Persistence;
using DmmActors.Run;

namespace DmmActors.LoadTests;

/// <summary>The emulator side, in a process of its own: one run of a scenario, persistence on (SQLite).</summary>
public static class EmulatorScale
{
    public sealed class StderrProgress : IProgress<RunProgress>
    {
        readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan last = TimeSpan.FromSeconds(-10);

        public void Report(RunProgress p)
        {
            if (clock.Elapsed - last < TimeSpan.FromSeconds(5) && p.Done < p.Total) return;
            last = clock.Elapsed;
            Console.Error.WriteLine($"emulator [{clock.Elapsed.TotalSeconds,6:0}s] {p.Phase}: {p.Done:N0}/{p.Total:N0}");
        }
    }

    /// <summary>The diagnostic's journal is Akka's in-memory one; <paramref name="partitions"/> (null: the shipped default) is the journal's partition count.</summary>
    /// <summary>With <paramref name="pcap"/>, the run captures every signalling message and the default share of data packets (dmm run --pcap).</summary>
    /// <summary>With <paramref name="unauthenticated"/>, PBU and PBA go without their RFC 4285 authentication (dmm.scenario.security.authentication = off).</summary>
    public static async Task Measure(string scenarioPath, bool inMemoryJournal = false, int? partitions = null, bool pcap = false, bool unauthenticated = false)
    {
        var scenario = ScenarioLoader.Load(scenarioPath, unauthenticated ? ["security.authentication = off"] : []);
        var dir = Directory.CreateTempSubdirectory("dmm-scale-").FullName;
        try
        {
            var journal = inMemoryJournal ? JournalTarget.InMemory() : JournalTarget.Sqlite(SqliteJournal.Open(Path.Combine(dir, "journal.db"), mustExist: false));
            if (partitions is { } p) journal = journal with { Partitions = p };
            var capture = pcap
                ? new DmmActors.Capture.CaptureSettings(Path.Combine(dir, "run.pcapng"), DmmActors.Capture.CaptureFilter.All, 0.01, DmmActors.Capture.CaptureClock.Model)
                : null;
            var s = await EmulationRun.ExecuteAsync(scenario, journal, new StderrProgress(), capture: capture);
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, double>
            {
                ["nodes"] = s.EmulatedNodes,
                ["partitions"] = journal.Partitions,
                ["mobile_nodes"] = s.MobileNodes,
                ["spawn_per_s"] = s.EmulatedNodes / s.WallSpawnSeconds,
                ["resident_bytes_per_node"] = s.ResidentBytes / (double)s.EmulatedNodes,
                ["resident_bytes_per_node_after_spawn"] = s.ResidentBytesAfterSpawn / (double)s.EmulatedNodes,
                ["signalling_per_s"] = s.SignallingMessages / s.WallMobilitySeconds,
                ["handovers_per_s"] = s.HandoversPerWallSecond,
                ["handovers"] = s.Handovers,
                ["allocated_bytes_per_handover"] = s.Handovers == 0 ? 0 : s.AllocatedBytesDuringMobility / (double)s.Handovers,
                ["mobility_seconds"] = s.WallMobilitySeconds,
                ["packets_lost"] = s.PacketsLost,
                ["failed_registrations"] = s.FailedRegistrations,
                ["bindings"] = s.Anchors.Sum(a => a.Bindings),
                ["pcap_frames"] = s.Capture?.Frames ?? 0,
                ["pcap_dropped"] = s.Capture?.Dropped ?? 0,
                ["pcap_bytes"] = s.Capture?.Bytes ?? 0,
                ["wall_total_seconds"] = s.WallTotalSeconds,
            }));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
