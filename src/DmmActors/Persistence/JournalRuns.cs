using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using DmmActors.Run;
using DmmActors.Scenarios;

namespace DmmActors.Persistence;

public sealed record JournalRun(RunStarted Started, RunCompleted? Completed);

/// <summary>Reads the run ledger of a journal through Akka.Persistence.Query.</summary>
public static class JournalRuns
{
    public static async Task<IReadOnlyList<JournalRun>> ListAsync(ActorSystem system)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var envelopes = await journal.CurrentEventsByPersistenceId(RunLedger.Id, 0, long.MaxValue)
            .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer());
        var started = new List<RunStarted>();
        var completed = new Dictionary<string, RunCompleted>();
        foreach (var e in envelopes)
        {
            if (e.Event is RunStarted s) started.Add(s);
            else if (e.Event is RunCompleted c) completed[c.RunId] = c;
        }
        return started.Select(s => new JournalRun(s, completed.GetValueOrDefault(s.RunId))).ToArray();
    }

    /// <summary>The run asked for (or the newest) from a journal's ledger, and the scenario it ran.</summary>
    public static async Task<(JournalRun Run, Scenario Scenario)> ReadRunAsync(ActorSystem system, JournalTarget journal, string? runId)
    {
        IReadOnlyList<JournalRun> runs;
        try { runs = await ListAsync(system); }
        catch (Exception e) when (e is not InputError)
        { throw new RunFailed($"journal {journal.Display}: cannot read its run ledger ({e.GetBaseException().Message})"); }
        var run = Pick(runs, runId, journal.Display);
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
