using System.Diagnostics;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using DmmActors.Actors;
using DmmActors.Bindings;
using DmmActors.Metrics;
using DmmActors.Persistence;
using DmmActors.Run;
using DmmActors.Scenarios;

namespace DmmActors.Replay;

/// <summary>A run rebuilt from its journal alone.</summary>
public sealed record ReplayResult(
    JournalRun Run,
    Scenario Scenario,
    RunSummary Summary,
    IReadOnlyList<JournalEvent> Events,
    IReadOnlyList<Violation> Violations,
    TimeSpan ReadTime)
{
    /// <summary>Binding events read per second of wall-clock time, through Akka.Persistence.Query.</summary>
    public double ReadEventsPerSecond => Events.Count / Math.Max(1e-9, ReadTime.TotalSeconds);
}

/// <summary>
/// Reads every anchor's events of one run through Akka.Persistence.Query, rebuilds the
/// binding caches and the procedures from them, and checks the invariants.
/// </summary>
public static class JournalReplay
{
    public static async Task<ReplayResult> ReplayAsync(string journalArgument, string? runId, IProgress<RunProgress>? progress = null)
    {
        var journal = JournalTarget.Open(journalArgument, mustExist: true);
        var system = DmmSystem.WithJournal("dmm-replay", journal);
        try
        {
            var (picked, scenario) = await JournalRuns.ReadRunAsync(system, journal, runId);
            var run = EmulationRun.NewContext(scenario, picked.Started.RunId);

            var read = Stopwatch.StartNew();
            IReadOnlyList<JournalEvent> events;
            try { events = await ReadAsync(system, picked.Started, progress); }
            catch (Exception e) when (e is not InputError)
            { throw new RunFailed($"journal {journal.Display}: the events of run {picked.Started.RunId} cannot be read ({e.GetBaseException().Message})"); }
            read.Stop();

            var caches = Enumerable.Range(0, picked.Started.Anchors).Select(a => new BindingCache(a, run.BindingRules)).ToArray();
            foreach (var e in events) caches[e.Anchor].Apply(e.Event);
            var snapshots = caches.Select(c => new BindingCacheSnapshot(c.AnchorIndex, c.Entries.ToArray())).ToArray();
            var checksum = BindingsChecksum.Compute(snapshots.Select(s => (s.Anchor, s.Entries.AsEnumerable())));

            foreach (var p in ProcedureTimeline.Rebuild(run, events)) run.Recorder.Procedure(p);
            var summary = RunSummary.From(run, snapshots, checksum, TimeSpan.Zero, journal.Display);
            return new ReplayResult(picked, scenario, summary, events, InvariantCheck.Check(events, run.BindingRules.Ordering), read.Elapsed);
        }
        finally
        {
            await system.Terminate();
        }
    }

    static async Task<IReadOnlyList<JournalEvent>> ReadAsync(ActorSystem system, RunStarted run, IProgress<RunProgress>? progress)
    {
        var query = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var materializer = system.Materializer();
        var all = new List<JournalEvent>();
        for (int a = 0; a < run.Anchors; a++)
        {
            progress?.Report(new RunProgress("read", a, run.Anchors));
            var anchor = a;
            var envelopes = await query.CurrentEventsByPersistenceId(AnchorActor.PersistenceIdFor(run.RunId, a), 0, long.MaxValue)
                .RunWith(Sink.Seq<EventEnvelope>(), materializer);
            foreach (var envelope in envelopes)
                if (envelope.Event is IBindingEvent e) all.Add(new JournalEvent(anchor, envelope.SequenceNr, e));
        }
        progress?.Report(new RunProgress("read", run.Anchors, run.Anchors));
        return all;
    }
}
