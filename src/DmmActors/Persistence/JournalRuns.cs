using DmmActors.Run;
using DmmActors.Scenarios;

namespace DmmActors.Persistence;

public sealed record JournalRun(RunStarted Started, RunCompleted? Completed);

/// <summary>Reads the run ledger of a journal (partition 0, persistence id "dmm-runs") straight from its rows.</summary>
public static class JournalRuns
{
    public static IReadOnlyList<JournalRun> List(JournalTarget journal)
    {
        var started = new List<RunStarted>();
        var completed = new Dictionary<string, RunCompleted>();
        foreach (var e in new JournalRows(journal).Read(RunLedger.Id))
        {
            if (e.Payload is RunStarted s) started.Add(s);
            else if (e.Payload is RunCompleted c) completed[c.RunId] = c;
        }
        return started.Select(s => new JournalRun(s, completed.GetValueOrDefault(s.RunId))).ToArray();
    }

    /// <summary>
    /// The run asked for (or the newest) from a journal's ledger, and the scenario it ran; for a
    /// SQLite journal, every partition file the run was written to must be there.
    /// </summary>
    public static (JournalRun Run, Scenario Scenario) ReadRun(JournalTarget journal, string? runId)
    {
        IReadOnlyList<JournalRun> runs;
        try { runs = List(journal); }
        catch (Exception e) { throw JournalRows.Unreadable(journal, "its run ledger", e); }
        var run = Pick(runs, runId, journal.Display);
        if (journal.Kind == JournalKind.Sqlite) SqliteJournal.RequirePartitions(journal.Location, run.Started);
        return (run, ScenarioLoader.Parse(run.Started.ScenarioText, $"scenario of {run.Started.RunId}"));
    }

    /// <summary>The run asked for, or else the newest one.</summary>
    public static JournalRun Pick(IReadOnlyList<JournalRun> runs, string? runId, string journalPath)
    {
        if (runs.Count == 0) throw new InputError($"journal {journalPath}: holds no DmmActors run");
        if (runId is null) return runs[^1];
        return runs.FirstOrDefault(r => r.Started.RunId == runId)
               ?? throw new InputError($"journal {journalPath}: no run '{runId}' (runs: {string.Join(", ", runs.Select(r => r.Started.RunId))})");
    }
}
