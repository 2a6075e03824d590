using Akka.Actor;
using DmmActors.Actors;
using DmmActors.Bindings;
using DmmActors.Bootstrap;
using DmmActors.Control;
using DmmActors.Persistence;

namespace DmmActors.Replay;

public sealed record RecoveredBindings(JournalRun Run, IReadOnlyList<BindingCacheSnapshot> Anchors, string Checksum);

/// <summary>
/// Brings every anchor of a run back from the journal, through the anchors' own recovery,
/// and reads their binding caches.
/// </summary>
public static class BindingsRecovery
{
    const int AtOnce = 8;

    public static async Task<RecoveredBindings> RecoverAsync(string journalArgument, string? runId)
    {
        var journal = JournalTarget.Open(journalArgument, mustExist: true);
        var (run, scenario) = RecordedRun.Read(journal, runId);
        var system = DmmSystem.WithJournal("dmm-bindings", journal);
        try
        {
            var context = RunBootstrap.ForReading(scenario, run.Started.RunId, run.Started.Partitions);
            // A few anchors at a time: a run with an anchor per access router would otherwise ask the
            // database for as many connections at once, past what a server shared with a running cluster has left.
            using var recovering = new SemaphoreSlim(AtOnce);
            var snapshots = await Task.WhenAll(Enumerable.Range(0, run.Started.Anchors).Select(async a =>
            {
                await recovering.WaitAsync();
                try
                {
                    var anchor = system.ActorOf(AnchorActor.Props(context, a), $"anchor-{a}");
                    var stopped = anchor.WatchAsync();
                    var answer = anchor.AskOrFail<BindingCacheSnapshot>(GetBindingCache.Instance, TimeSpan.FromMinutes(5), $"anchor-{a}");
                    // An anchor whose recovery fails stops (Akka.Persistence's OnRecoveryFailure): named at once, not waited on.
                    if (await Task.WhenAny(answer, stopped) == stopped)
                        throw new RunFailed($"anchor-{a} stopped while it recovered: its events in the journal could not be read (see the log above)");
                    return await answer;
                }
                finally { recovering.Release(); }
            }));
            var checksum = BindingsChecksum.Compute(snapshots.Select(s => (s.Anchor, s.Entries.AsEnumerable())));
            return new RecoveredBindings(run, snapshots, checksum);
        }
        finally
        {
            await system.Terminate();
        }
    }
}
