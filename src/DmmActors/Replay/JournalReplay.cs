using System.Diagnostics;
using DmmActors.Bindings;
using DmmActors.Bootstrap;
using DmmActors.Control;
using DmmActors.Metrics;
using DmmActors.Persistence;
using DmmActors.Practices;
using DmmActors.Reports;
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
    /// <summary>The procedures the run's nodes recorded, each with its walk's state; empty for a journal written before they were recorded.</summary>
    public IReadOnlyList<Recording.ProcedureFact> Facts { get; init; } = [];

    /// <summary>What the recorded run's practice plugs into a run (its outcome, its resume rule), for reading it back.</summary>
    public Emulation.RunServices Services { get; init; } = new();

    /// <summary>Whether the journal holds recorded procedures at all; one written before they were recorded holds only bindings.</summary>
    public bool ProceduresRecorded => Facts.Count > 0;

    /// <summary>Binding events read per second of wall-clock time, straight from the journal's rows.</summary>
    public double ReadEventsPerSecond => Events.Count / Math.Max(1e-9, ReadTime.TotalSeconds);
}

/// <summary>
/// Reads every anchor's events of one run straight from the journal's rows (one reader per
/// partition, in parallel), rebuilds the binding caches and the procedures from them, and
/// checks the invariants. No actor system, and nothing written.
/// </summary>
public static class JournalReplay
{
    public static Task<ReplayResult> ReplayAsync(string journalArgument, string? runId, IProgress<RunProgress>? progress = null) =>
        Task.Run(() => Replay(JournalTarget.Open(journalArgument, mustExist: true), runId, progress));

    static ReplayResult Replay(JournalTarget journal, string? runId, IProgress<RunProgress>? progress)
    {
        var (picked, scenario) = RecordedRun.Read(journal, runId);
        var run = RunBootstrap.ForReading(scenario, picked.Started.RunId, picked.Started.Partitions);

        var read = Stopwatch.StartNew();
        IReadOnlyList<JournalEvent> events;
        try { events = Read(journal, picked.Started, progress); }
        catch (Exception e) { throw JournalRows.Unreadable(journal, $"the events of run {picked.Started.RunId}", e); }
        read.Stop();

        // Each anchor's cache from its own stream, the anchors in parallel.
        var streams = events.ToLookup(e => e.Anchor);
        var snapshots = Enumerable.Range(0, picked.Started.Anchors).AsParallel().AsOrdered().Select(a =>
        {
            var cache = new BindingCache(a, run.BindingRules);
            foreach (var e in streams[a]) cache.Apply(e.Event);
            return new BindingCacheSnapshot(a, cache.Entries.ToArray());
        }).ToArray();
        var checksum = BindingsChecksum.Compute(snapshots.Select(s => (s.Anchor, s.Entries.AsEnumerable())));

        IReadOnlyList<Recording.ProcedureFact> facts;
        try { facts = RecordedProcedures.Read(journal, picked.Started.RunId, picked.Started.Partitions); }
        catch (Exception e) { throw JournalRows.Unreadable(journal, $"the procedures recorded for run {picked.Started.RunId}", e); }
        foreach (var f in facts) run.Recorder.Procedure(f.Procedure);
        var summary = RunSummary.From(run, snapshots, checksum, TimeSpan.Zero, journal.Display);
        var violations = InvariantCheck.Check(events, run.BindingRules.Ordering).Concat(RecordedProcedures.Check(facts, events)).ToList();
        if (picked.Completed is not null && run.Services.Get<Emulation.IRunOutcome>().EndsAtLastProcedureAnchor)
            violations.AddRange(RecordedProcedures.CheckWhereNodesEnded(facts, snapshots));
        return new ReplayResult(picked, scenario, summary, events, violations, read.Elapsed) { Facts = facts, Services = run.Services };
    }

    /// <summary>Every anchor's stream, anchor by anchor, each in sequence order.</summary>
    static IReadOnlyList<JournalEvent> Read(JournalTarget journal, RunStarted run, IProgress<RunProgress>? progress)
    {
        var ids = Enumerable.Range(0, run.Anchors).Select(a => PersistenceIds.Anchor(run.RunId, a)).ToArray();
        var done = 0;
        progress?.Report(new RunProgress("read", 0, run.Anchors));
        var streams = new JournalRows(journal).ReadAll(ids, run.Partitions,
            () => progress?.Report(new RunProgress("read", Interlocked.Increment(ref done), run.Anchors)));
        var all = new List<JournalEvent>(streams.Sum(s => s.Count));
        for (int a = 0; a < streams.Length; a++)
            foreach (var stored in streams[a])
                if (stored.Payload is IBindingEvent e) all.Add(new JournalEvent(a, stored.SequenceNr, e));
        return all;
    }
}
