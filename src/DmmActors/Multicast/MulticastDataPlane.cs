using System.Diagnostics;
using Akka.Actor;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Metrics;

namespace DmmActors.Multicast;

/// <summary>
/// Runs the groups' streams once the walks are over. Every router matches each packet against
/// the membership it had at the packet's model time, so sending the streams afterwards gives
/// the same copies as sending them during the walks, without holding the walks back.
/// </summary>
public static class MulticastDataPlane
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>The counters of a run whose routers are all in this process.</summary>
    public static Func<Task<IReadOnlyList<long>>> InProcess(RunContext run) =>
        () => Task.FromResult<IReadOnlyList<long>>(run.Recorder.Counters.Snapshot());

    public static Task<MulticastSummary> RunAsync(RunContext run, Addressing.ModelTime until, IProgress<RunProgress> progress) =>
        RunAsync(run, until, progress, InProcess(run));

    /// <summary>
    /// Sends every group's stream from model time 0 to <paramref name="until"/> (the run's end) and
    /// counts what arrived. <paramref name="counters"/> reads the run's counters wherever its
    /// routers count: this process's recorder, or every member's in a cluster run.
    /// </summary>
    public static async Task<MulticastSummary> RunAsync(RunContext run, Addressing.ModelTime until, IProgress<RunProgress> progress,
        Func<Task<IReadOnlyList<long>>> counters)
    {
        var plan = run.Multicast!;
        progress.Report(new RunProgress("multicast", 0, 1));
        long Of(IReadOnlyList<long> c, Counter counter) => c[(int)counter];
        // The listeners still on a link are queried up to the run's end, so that their routers keep them.
        await Task.WhenAll(run.Directory.AccessRouters.Select(ar =>
            ar.AskOrFail<ListenersQueried>(new QueryListeners(until), Timeout, $"access router {ar.Path.Name}")));
        await Settled(counters, c => Of(c, Counter.MldQueriesReceived) >= Of(c, Counter.MldQueriesSent)
                                     && Of(c, Counter.MldReportsReceived) >= Of(c, Counter.MldReportsSent));
        var reported = await Task.WhenAll(run.Directory.AccessRouters.Select(ar =>
            ar.AskOrFail<UpstreamReported>(ReportUpstream.Instance, Timeout, $"access router {ar.Path.Name}")));
        await Drained(counters, c => Of(c, Counter.MldProxyReportsReceived) >= reported.Sum(r => r.Reports), _ => { });
        var emitted = await Task.WhenAll(Enumerable.Range(0, plan.Settings.Groups).Select(group =>
            run.Directory.Correspondents[plan.SourceOf(group)].AskOrFail<MulticastEmitted>(new EmitMulticast(group, until), Timeout,
                $"the source of group {group}")));
        var drained = await Drained(counters, c => Of(c, Counter.MulticastAtRouters) >= Of(c, Counter.MulticastSent)
                                                   && Of(c, Counter.MulticastCopiesReceived) >= Of(c, Counter.MulticastCopiesSent),
            c => progress.Report(new RunProgress("multicast",
                Of(c, Counter.MulticastAtRouters) + Of(c, Counter.MulticastCopiesReceived),
                Of(c, Counter.MulticastSent) + Of(c, Counter.MulticastCopiesSent))));
        var total = Of(drained, Counter.MulticastSent) + Of(drained, Counter.MulticastCopiesSent);
        progress.Report(new RunProgress("multicast", total, total));
        var tallies = await Task.WhenAll(run.Directory.AccessRouters.Select(ar =>
            ar.AskOrFail<MulticastTally>(GetMulticastTally.Instance, Timeout, $"access router {ar.Path.Name}")));
        var listeners = Enumerable.Range(0, run.Scenario.MobileNodes).Count(mn => plan.GroupOf(new Addressing.MnIdentifier(mn)) >= 0);
        return MulticastSummary.From(plan, listeners, emitted, tallies);
    }

    /// <summary>
    /// Waits until the MLD queries and reports sent have all been taken in, in two readings in a
    /// row (the counters are read slot by slot, not at one instant), or until nothing has moved
    /// for five seconds: in a cluster run some may have gone with a lost member, and a lost
    /// member's counts with it.
    /// </summary>
    static async Task Settled(Func<Task<IReadOnlyList<long>>> counters, Func<IReadOnlyList<long>, bool> done)
    {
        var still = Stopwatch.StartNew();
        IReadOnlyList<long>? last = null;
        while (true)
        {
            var now = await counters();
            var same = last is not null && now.SequenceEqual(last);
            if (same && done(now) || same && still.Elapsed > TimeSpan.FromSeconds(5)) return;
            if (!same) still.Restart();
            last = now;
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until every message counted as sent has been counted as taken in; returns the counters then.</summary>
    static async Task<IReadOnlyList<long>> Drained(Func<Task<IReadOnlyList<long>>> counters, Func<IReadOnlyList<long>, bool> done,
        Action<IReadOnlyList<long>> report)
    {
        var waited = Stopwatch.StartNew();
        IReadOnlyList<long> now;
        while (!done(now = await counters()))
        {
            if (waited.Elapsed > Timeout) throw new RunFailed("multicast messages still in flight after two minutes");
            report(now);
            await Task.Delay(20);
        }
        return now;
    }
}
