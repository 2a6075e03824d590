using DmmActors.Capture;
using DmmActors.Cli.CommandLine;
using DmmActors.Configuration;
using DmmActors.Loading;
using DmmActors.Metrics;
using DmmActors.Persistence;
using DmmActors.Practices;
using DmmActors.Reports;
using DmmActors.Run;
using DmmActors.Scenarios;
using DmmActors.Storm;
using Spectre.Console;

namespace DmmActors.Cli.Commands;

/// <summary>
/// `dmm storm`: the scenario's nodes attach, then the storm's load phases move them,
/// persistence on; in this process, or over a running cluster with --cluster.
/// </summary>
public static class StormCommand
{
    public static async Task<int> ExecuteAsync(Arguments args)
    {
        var scenarioPath = args.Scenario;
        var text = scenarioPath is null ? null : ScenarioLoader.ReadFile(scenarioPath);
        var outDir = Path.GetFullPath(args.Option("--out") ?? "dmm-storm");
        if (File.Exists(outDir)) throw new InputError($"--out {outDir}: is a file, not a directory");
        // The journal of a run to carry on must be there already; opening the target would create it.
        if (args.Option("--resume") is not null && args.Option("--journal") is { } resumed) JournalTarget.Open(resumed, mustExist: true);
        // The journal is opened, and created if new, only once the scenario and storm are known good.
        var clustered = args.Option("--cluster") is not null;
        var capture = PcapOptions.From(args);
        ResumePoint? resume = null;
        if (args.Option("--resume") is { } runId)
        {
            if (args.Flag("--multicast")) throw new InputError("--multicast does not apply with --resume: a run carries on with its recorded scenario");
            if (args.Option("--partitions") is not null) throw new InputError("--partitions does not apply with --resume: a run carries on in the partitions its ledger entry records");
            var journalArg = args.Option("--journal") ?? throw new InputError("--resume needs --journal: the journal of the run to carry on");
            resume = await ResumePoint.LoadAsync(journalArg, runId);
            // The run's own scenario; a file given here only brings the storm's phases.
            text ??= resume.Run.Started.ScenarioText;
        }
        var source = scenarioPath ?? (resume is null ? "embedded default" : $"scenario of {resume.RunId}");
        if (resume is null && args.Flag("--multicast")) text = ScenarioLoader.WithOverrides(text ?? ScenarioLoader.DefaultText, ["multicast.enabled = on"]);
        // Includes are read from the file given; a run's recorded scenario has its includes in it already.
        var includes = IncludePolicy.ForFile(scenarioPath, args.Flag("--allow-include"));
        var scenario = resume?.Scenario ?? ScenarioLoader.Parse(text ?? ScenarioLoader.DefaultText, source, includes);
        var plan = StormLoader.Parse(text ?? ScenarioLoader.DefaultText, source, scenario.MobileNodes, includes);
        // The storm the run recorded is carried on from where it stopped; one given anew runs whole.
        var carriesOn = resume is not null && SamePhases(plan, StormLoader.Parse(resume.Run.Started.ScenarioText, source, scenario.MobileNodes, IncludePolicy.ForFile(null, false)));
        EmulationRun.RefuseMulticastWhereUnsupported(scenario, clustered);
        if (!clustered) MemoryEstimate.For(scenario.MobileNodes, plan.HandoversToExpect(scenario.MobileNodes)).RefuseUnlessFits(args.Flag(MemoryEstimate.OverrideFlag));

        var target = RunTarget.From(args, "a storm over a cluster");
        if (resume is not null)
            Console.WriteLine($"dmm storm: carrying on run {resume.RunId} from its journal: {resume.Nodes.Count:N0} nodes placed where it left them, " +
                              $"{resume.Procedures.Count:N0} procedures already done, {resume.MovesCutShort:N0} moves the stop cut short made again");
        Console.WriteLine($"dmm storm: scenario '{scenario.Name}', practice {scenario.Practice.Name}, {scenario.MobileNodes:N0} mobile nodes, " +
                          $"{scenario.AccessRouters:N0} access routers, {scenario.DescribeAnchors()}");
        for (int i = 0; i < plan.Phases.Count; i++) Console.WriteLine($"  phase {i + 1}: {plan.Phases[i].Describe(scenario.MobileNodes)}");
        var recorder = new StormRecorder();
        var (summary, journal) = await OutputFolder.RunAsync(outDir, target, async journal => (await ConsoleProgress.Track(progress =>
            EmulationRun.ExecuteAsync(scenario, journal, progress, target.Cluster, new StormSetup(plan, recorder, resume, carriesOn), capture)), journal));
        var result = StormResult.Check(summary, plan, recorder);
        var files = ReportWriter.Write(summary, outDir).Concat(StormReport.Write(result, outDir)).ToArray();

        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]storm[/] {summary.RunId}: wall-clock latency from the scheduled start");
        foreach (var column in new[] { "step", "count", "p50 ms", "p75 ms", "p95 ms", "p99 ms", "max ms" })
            table.AddColumn(column == "step" ? new TableColumn(column) : new TableColumn(column).RightAligned());
        foreach (var (step, count, values) in StormReport.LatencyRows(recorder))
            table.AddRow([Markup.Escape(step), count.ToString("N0"), .. values]);
        AnsiConsole.Write(table);
        Console.WriteLine($"model time: handover p50 / p95 / p99 {summary.HandoverLatencyMs.P50:0.###} / {summary.HandoverLatencyMs.P95:0.###} / " +
                          $"{summary.HandoverLatencyMs.P99:0.###} ms; {summary.Handovers:N0} handovers; lost bindings {result.LostBindings:N0}; " +
                          $"checksum {summary.BindingsChecksum}");
        if (StormReport.CarryOnLine(result) is { } carried) Console.WriteLine(carried);
        foreach (var line in StormReport.OverloadLines(result)) Console.WriteLine(line);
        Console.WriteLine($"journal: {journal.Display}");
        PcapOptions.Print(summary);
        foreach (var f in files) Console.WriteLine($"wrote {f}");
        foreach (var failed in result.FailedThresholds) Console.WriteLine($"threshold failed: {failed}");
        return result.FailedThresholds.Count == 0 ? 0 : 1;
    }

    static bool SamePhases(StormPlan a, StormPlan b) => a.Phases.SequenceEqual(b.Phases);
}
