using DmmActors.Cli.CommandLine;
using DmmActors.Comparison;
using DmmActors.Configuration;
using DmmActors.Loading;
using DmmActors.Persistence;
using DmmActors.Practices;
using DmmActors.Reports;
using DmmActors.Run;
using DmmActors.Scenarios;
using Spectre.Console;

namespace DmmActors.Cli.Commands;

/// <summary>
/// `dmm compare`: one scenario under every practice, each in a run of its own with its own
/// journal, and the side-by-side tables. With multicast on, every practice also runs in each
/// multicast mode.
/// </summary>
public static class CompareCommand
{
    public static async Task<int> ExecuteAsync(Arguments args)
    {
        var capture = PcapOptions.From(args);
        var partitions = RunTarget.PartitionsOption(args);
        var scenarioPath = args.Scenario;
        string[] switches = args.Flag("--multicast") ? ["multicast.enabled = on"] : [];
        var allowInclude = args.Flag("--allow-include");
        var scenario = ScenarioLoader.LoadForComparison(scenarioPath, switches, allowInclude);
        var outDir = Path.GetFullPath(args.Option("--out") ?? "dmm-compare");
        if (File.Exists(outDir)) throw new InputError($"--out {outDir}: is a file, not a directory");
        var mode = scenario.Multicast.Enabled ? scenario.Multicast.Mode.ToString().ToLowerInvariant() : null;
        string?[] modes = mode is null ? [null] : [mode, .. PracticeComparison.Modes.Where(m => m != mode)];
        // Every variant is checked before the first run starts.
        var plans = PracticeComparison.Plans(modes, scenario)
            .Select(plan => (Plan: plan, Scenario: ScenarioLoader.Load(scenarioPath, [.. switches, .. plan.Overrides], allowInclude)))
            .ToArray();
        // The runs follow one another: the largest of them is what must fit.
        plans.Select(p => MemoryEstimate.For(p.Scenario.MobileNodes, (long)p.Scenario.MobileNodes * p.Scenario.HandoversPerNode))
            .MaxBy(e => e.NeededBytes)!.RefuseUnlessFits(args.Flag(MemoryEstimate.OverrideFlag));
        Console.WriteLine($"dmm compare: scenario '{scenario.Name}' under {PracticeCatalog.All.Count} practices" +
                          (mode is null ? "" : $", multicast modes {string.Join(", ", modes)}") + $": {plans.Length} runs");

        var runs = new List<ComparedRun>();
        foreach (var (plan, variant) in plans)
        {
            var dir = Path.Combine(outDir, plan.Directory);
            try { Directory.CreateDirectory(dir); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            { throw new InputError($"--out {outDir}: cannot create the directory ({e.Message})"); }
            Console.WriteLine($"run {runs.Count + 1}/{plans.Length}: {plan.Name}{(plan.MulticastMode is null ? "" : $", multicast {plan.MulticastMode}")}");
            var journal = RunTarget.Partitioned(JournalTarget.Sqlite(SqliteJournal.Open(Path.Combine(dir, "journal.db"), mustExist: false)), partitions);
            var summary = await ConsoleProgress.Track(progress => EmulationRun.ExecuteAsync(variant, journal, progress,
                capture: capture is null ? null : PcapOptions.ForVariant(capture, plan.Directory)));
            ReportWriter.Write(summary, dir);
            PcapOptions.Print(summary);
            runs.Add(new ComparedRun(plan.Name, plan.MulticastMode, summary));
        }

        var command = "dmm compare" + (scenarioPath is null ? "" : $" {scenarioPath}") + (args.Flag("--multicast") ? " --multicast" : "");
        Print("practices side by side (model time)", PracticeComparison.PracticeColumns,
            PracticeComparison.PracticeRuns(runs, mode).Select(PracticeComparison.PracticeRow));
        if (scenario.Traffic.Flows)
            Print("data plane: each session's flow both ways (model time)", PracticeComparison.DataPlaneColumns,
                PracticeComparison.PracticeRuns(runs, mode).Select(PracticeComparison.DataPlaneRow));
        if (mode is not null)
            Print("multicast: RFC 6224 baseline (proxy) and RFC 7028 modes", PracticeComparison.MulticastColumns,
                runs.Select(PracticeComparison.MulticastRow));
        foreach (var f in PracticeComparison.Write(outDir, command, scenario, runs, mode)) Console.WriteLine($"wrote {f}");
        return runs.All(r => r.Summary.FailedRegistrations == 0 && r.Summary.PacketsLost == 0) ? 0 : 1;
    }

    static void Print(string title, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(title);
        foreach (var c in columns) table.AddColumn(new TableColumn(Markup.Escape(c)));
        foreach (var row in rows) table.AddRow(row.Select(Markup.Escape).ToArray());
        AnsiConsole.Write(table);
    }
}
