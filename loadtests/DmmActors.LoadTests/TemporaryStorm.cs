using DmmActors.Metrics;
using DmmActors.Persistence;
using DmmActors.Reports;
using DmmActors.Scenarios;
using DmmActors.Storm;

namespace DmmActors.LoadTests;

/// <summary>A storm on a SQLite journal of its own, in a folder that is gone once the storm is.</summary>
public static class TemporaryStorm
{
    /// <summary>Runs <paramref name="plan"/> over <paramref name="scenario"/>; returns its summary, its recorder and its wall time.</summary>
    public static async Task<(RunSummary Summary, StormRecorder Recorder, TimeSpan Wall)> RunAsync(Scenario scenario, StormPlan plan, string name)
    {
        var dir = Directory.CreateTempSubdirectory($"dmm-{name}-").FullName;
        try
        {
            var recorder = new StormRecorder();
            var journal = JournalTarget.Sqlite(SqliteJournal.Open(Path.Combine(dir, "journal.db"), mustExist: false));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var summary = await DmmActors.Run.EmulationRun.ExecuteAsync(scenario, journal, new EmulatorScale.StderrProgress(), storm: new StormSetup(plan, recorder));
            return (summary, recorder, clock.Elapsed);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
