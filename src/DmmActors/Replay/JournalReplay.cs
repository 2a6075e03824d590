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

/// <summary>A run rebuilt from its journal alone; its events anchor by anchor, each anchor's in the order it persisted them.</summary>
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

    /// <summary>
    /// Whether the rebuilt run is the one the ledger recorded at its end (bindings checksum, and
    /// handovers where procedures were recorded); true for a run that never completed.
    /// </summary>
    public bool MatchesLiveRun => Run.Completed is not { } live
        || (live.BindingsChecksum == Summary.BindingsChecksum && (!ProceduresRecorded || live.Handovers == Summary.Handovers));

    /// <summary>Nothing to report: the run as the ledger recorded it, and no invariant broken.</summary>
    public bool Clean => MatchesLiveRun && Violations.Count == 0;

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

    /// <summary>A run of a journal already open, such as the one a run in progress writes to.</summary>
    public static Task<ReplayResult> ReplayAsync(JournalTarget journal, string runId) => Task.Run(() => Replay(journal, runId, null));

    static ReplayResult Replay(JournalTarget journal, string? runId, IProgress<RunProgress>? progress)
    {
        var (picked, scenario) = RecordedRun.Read(journal, runId);
        var run = RunBootstrap.ForReading(scenario, picked.Started.RunId, picked.Started.Partitions);

        // The procedures' rows are read beside the anchors' streams: neither waits on the other.
        var recorded = Task.Run(() =>
        {
            try { return RecordedProcedures.Read(journal, picked.Started.RunId, picked.Started.Partitions); }
            catch (Exception e) { throw JournalRows.Unreadable(journal, $"the procedures recorded for run {picked.Started.RunId}", e); }
        });
        var read = Stopwatch.StartNew();
        JournalEvent[][] streams;
        try { streams = Read(journal, picked.Started, progress); }
        catch (Exception e) { throw JournalRows.Unreadable(journal, $"the events of run {picked.Started.RunId}", e); }
        read.Stop();

        // Each anchor's cache and invariants from its own stream, the anchors in parallel.
        var ordering = run.BindingRules.Ordering;
        var anchors = streams.AsParallel().AsOrdered().Select((stream, a) =>
        {
            var cache = new BindingCache(a, run.BindingRules);
            foreach (var e in stream) cache.Apply(e.Event);
            return (Snapshot: new BindingCacheSnapshot(a, cache.Entries.ToArray()), Violations: InvariantCheck.CheckAnchor(stream, ordering));
        }).ToArray();
        var snapshots = anchors.Select(a => a.Snapshot).ToArray();
        var checksum = BindingsChecksum.Compute(snapshots.Select(s => (s.Anchor, s.Entries.AsEnumerable())));
        var events = new List<JournalEvent>(streams.Sum(s => s.Length));
        foreach (var stream in streams) events.AddRange(stream);

        var facts = recorded.GetAwaiter().GetResult();
        // The summary and the two checks against the facts read the same inputs and nothing of each other's.
        var unregistered = Task.Run(() => RecordedProcedures.Check(facts, events));
        var misplaced = Task.Run(() => picked.Completed is not null && run.Services.Get<Emulation.IRunOutcome>().EndsAtLastProcedureAnchor
            ? RecordedProcedures.CheckWhereNodesEnded(facts, snapshots) : []);
        foreach (var f in facts) run.Recorder.Procedure(f.Procedure);
        var summary = RunSummary.From(run, snapshots, checksum, TimeSpan.Zero, journal.Display);
        var violations = anchors.SelectMany(a => a.Violations).Concat(unregistered.GetAwaiter().GetResult())
            .Concat(misplaced.GetAwaiter().GetResult()).ToList();
        return new ReplayResult(picked, scenario, summary, events, violations, read.Elapsed) { Facts = facts, Services = run.Services };
    }

    /// <summary>Every anchor's stream, anchor by anchor, each in sequence order.</summary>
    static JournalEvent[][] Read(JournalTarget journal, RunStarted run, IProgress<RunProgress>? progress)
    {
        var ids = Enumerable.Range(0, run.Anchors).Select(a => PersistenceIds.Anchor(run.RunId, a)).ToArray();
        var done = 0;
        progress?.Report(new RunProgress("read", 0, run.Anchors));
        var streams = new JournalRows(journal).ReadAll(ids, run.Partitions,
            () => progress?.Report(new RunProgress("read", Interlocked.Increment(ref done), run.Anchors)));
        return streams.Select((stream, a) => stream.Where(stored => stored.Payload is IBindingEvent)
            .Select(stored => new JournalEvent(a, stored.SequenceNr, (IBindingEvent)stored.Payload)).ToArray()).ToArray();
    }
}
