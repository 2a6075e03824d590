using DmmActors.Metrics;
using Spectre.Console;

namespace DmmActors.Cli.Commands;

/// <summary>A live progress bar on a terminal; periodic plain lines when the output is a file or pipe.</summary>
public static class ConsoleProgress
{
    public static async Task<T> Track<T>(Func<IProgress<RunProgress>, Task<T>> work)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return await work(new LineProgress());

        return await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var result = await work(new Progress<RunProgress>(p =>
                {
                    if (!tasks.TryGetValue(p.Phase, out var task))
                        tasks[p.Phase] = task = ctx.AddTask(p.Phase, maxValue: Math.Max(1, p.Total));
                    task.Value = p.Done;
                }));
                foreach (var t in tasks.Values) t.Value = t.MaxValue;
                return result;
            });
    }

    sealed class LineProgress : IProgress<RunProgress>
    {
        readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan last = TimeSpan.FromSeconds(-10);
        string lastPhase = "";

        public void Report(RunProgress p)
        {
            var now = clock.Elapsed;
            if (p.Phase == lastPhase && now - last < TimeSpan.FromSeconds(2) && p.Done < p.Total) return;
            last = now;
            lastPhase = p.Phase;
            Console.WriteLine($"[{now.TotalSeconds,6:0.0}s] {p.Phase}: {p.Done:N0}/{p.Total:N0} ({100.0 * p.Done / Math.Max(1, p.Total):0}%)");
        }
    }
}
