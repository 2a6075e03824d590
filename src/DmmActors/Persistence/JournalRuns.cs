using DmmActors.Configuration;

namespace DmmActors.Persistence;

public sealed record JournalRun(RunStarted Started, RunCompleted? Completed)
{
    /// <summary>The last place its storm's schedule was recorded at, if it ran a storm's phases.</summary>
    public StormProgress? StormProgress { get; init; }
}

/// <summary>Reads the run ledger of a journal (partition 0, persistence id "dmm-runs") straight from its rows.</summary>
public static class JournalRuns
{
    public static IReadOnlyList<JournalRun> List(JournalTarget journal)
    {
        var started = new List<RunStarted>();
        var completed = new Dictionary<string, RunCompleted>();
        var progress = new Dictionary<string, StormProgress>();
        foreach (var e in new JournalRows(journal).Read(RunLedger.Id))
        {
            if (e.Payload is RunStarted s) started.Add(s);
            else if (e.Payload is RunCompleted c) completed[c.RunId] = c;
            else if (e.Payload is StormProgress p) progress[p.RunId] = p;
        }
        return started.Select(s => new JournalRun(s, completed.GetValueOrDefault(s.RunId)) { StormProgress = progress.GetValueOrDefault(s.RunId) }).ToArray();
    }

    /// <summary>
    /// The run asked for (or the newest) from a journal's ledger, checked as plausible; for a
    /// SQLite journal, every partition file the run was written to must be there.
    /// </summary>
    public static JournalRun ReadRun(JournalTarget journal, string? runId)
    {
        IReadOnlyList<JournalRun> runs;
        try { runs = List(journal); }
        catch (Exception e) { throw JournalRows.Unreadable(journal, "its run ledger", e); }
        var run = Pick(runs, runId, journal.Display);
        RequirePlausible(run.Started, journal.Display);
        if (journal.Kind == JournalKind.Sqlite) SqliteJournal.RequirePartitions(journal.Location, run.Started);
        return run;
    }

    /// <summary>A ledger entry's counts, which size everything read after it, within what a run can have: a damaged row can decode to any numbers.</summary>
    static void RequirePlausible(RunStarted run, string journalPath)
    {
        if (run.Anchors is < 1 or > Addressing.Prefix64.MaxAnchors || run.MobileNodes < 1 || run.Partitions is < 1 or > JournalPartitions.Max)
            throw new InputError($"journal {journalPath}: the ledger entry of run '{run.RunId}' is damaged ({run.Anchors} anchors, " +
                                 $"{run.MobileNodes} mobile nodes, {run.Partitions} partitions); it is left as it is");
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
