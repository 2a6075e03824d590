using System.Diagnostics;
using Akka.Actor;
using DmmActors.Metrics;
using DmmActors.Run;

namespace DmmActors.Multicast;

/// <summary>
/// Runs the groups' streams once the walks are over. Every router matches each packet against
/// the membership it had at the packet's model time, so sending the streams afterwards gives
/// the same copies as sending them during the walks, without holding the walks back.
/// </summary>
public static class MulticastDataPlane
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Sends every group's stream from model time 0 to <paramref name="until"/> (the run's end) and counts what arrived.</summary>
    public static async Task<MulticastSummary> RunAsync(RunContext run, Addressing.ModelTime until, IProgress<RunProgress> progress)
    {
        var plan = run.Multicast!;
        progress.Report(new RunProgress("multicast", 0, 1));
        var reported = await Task.WhenAll(run.Directory.AccessRouters.Select(ar =>
            ar.AskOrFail<UpstreamReported>(ReportUpstream.Instance, Timeout, $"access router {ar.Path.Name}")));
        var counters = run.Recorder.Counters;
        await Drained(() => counters[Counter.MldProxyReportsReceived] >= reported.Sum(r => r.Reports), () => { });
        var emitted = await Task.WhenAll(Enumerable.Range(0, plan.Settings.Groups).Select(group =>
            run.Directory.Correspondents[plan.SourceOf(group)].AskOrFail<MulticastEmitted>(new EmitMulticast(group, until), Timeout,
                $"the source of group {group}")));
        await Drained(() => counters[Counter.MulticastAtRouters] >= counters[Counter.MulticastSent]
                            && counters[Counter.MulticastCopiesReceived] >= counters[Counter.MulticastCopiesSent],
            () => progress.Report(new RunProgress("multicast",
                counters[Counter.MulticastAtRouters] + counters[Counter.MulticastCopiesReceived],
                counters[Counter.MulticastSent] + counters[Counter.MulticastCopiesSent])));
        var total = counters[Counter.MulticastSent] + counters[Counter.MulticastCopiesSent];
        progress.Report(new RunProgress("multicast", total, total));
        var tallies = await Task.WhenAll(run.Directory.AccessRouters.Select(ar =>
            ar.AskOrFail<MulticastTally>(GetMulticastTally.Instance, Timeout, $"access router {ar.Path.Name}")));
        var listeners = Enumerable.Range(0, run.Scenario.MobileNodes).Count(mn => plan.GroupOf(new Addressing.MnIdentifier(mn)) >= 0);
        return MulticastSummary.From(plan, listeners, emitted, tallies);
    }

    /// <summary>Waits until every message counted as sent has been counted as taken in.</summary>
    static async Task Drained(Func<bool> done, Action report)
    {
        var waited = Stopwatch.StartNew();
        while (!done())
        {
            if (waited.Elapsed > Timeout) throw new RunFailed("multicast messages still in flight after two minutes");
            report();
            await Task.Delay(20);
        }
    }
}
