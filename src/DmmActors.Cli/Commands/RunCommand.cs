using DmmActors.Capture;
using DmmActors.Cli.CommandLine;
using DmmActors.Configuration;
using DmmActors.Loading;
using DmmActors.Practices;
using DmmActors.Reports;
using DmmActors.Run;
using DmmActors.Scenarios;
using Spectre.Console;

namespace DmmActors.Cli.Commands;

public static class RunCommand
{
    public static async Task<int> ExecuteAsync(Arguments args)
    {
        var scenarioPath = args.Scenario;
        // Everything the user gave is checked before anything is written.
        var scenario = ScenarioLoader.Load(scenarioPath, args.Flag("--multicast") ? ["multicast.enabled = on"] : [], args.Flag("--allow-include"));
        var outDir = Path.GetFullPath(args.Option("--out") ?? "dmm-out");
        if (File.Exists(outDir)) throw new InputError($"--out {outDir}: is a file, not a directory");
        var clustered = args.Option("--cluster") is not null;
        var capture = PcapOptions.From(args);
        EmulationRun.RefuseMulticastWhereUnsupported(scenario, clustered);
        if (!clustered)
            MemoryEstimate.For(scenario.MobileNodes, (long)scenario.MobileNodes * scenario.HandoversPerNode).RefuseUnlessFits(args.Flag(MemoryEstimate.OverrideFlag));
        // The journal is opened, and created if new, only once all the rest is known good.
        var target = RunTarget.From(args, "a cluster run");

        if (scenario.PracticeAnchors != scenario.RequestedAnchors)
            Console.WriteLine($"note: practice {scenario.Practice.Name} deploys {scenario.PracticeAnchors} anchor; " +
                              $"topology.anchors = {scenario.RequestedAnchors} does not apply to it");
        Console.WriteLine($"dmm run: scenario '{scenario.Name}', practice {scenario.Practice.Name}, {scenario.MobileNodes:N0} mobile nodes, " +
                          $"{scenario.AccessRouters:N0} access routers, {scenario.DescribeAnchors()}, seed {scenario.Seed}");

        var (summary, journal) = await OutputFolder.RunAsync(outDir, target, async journal =>
            (await ConsoleProgress.Track(progress => EmulationRun.ExecuteAsync(scenario, journal, progress, target.Cluster, capture: capture)), journal));
        var files = ReportWriter.Write(summary, outDir);

        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{summary.Practice}[/] run {summary.RunId}");
        table.AddColumn("metric");
        table.AddColumn(new TableColumn("value").RightAligned());
        foreach (var (metric, value) in ReportWriter.SummaryRows(summary)) table.AddRow(Markup.Escape(metric), Markup.Escape(value));
        AnsiConsole.Write(table);
        if (summary.Attacks.Count > 0)
        {
            var attacks = new Table().Border(TableBorder.Rounded).Title("[bold]attacks[/] (REQ6)");
            foreach (var column in ReportWriter.AttackColumns)
                attacks.AddColumn(column == "attack" ? new TableColumn(column) : new TableColumn(column).RightAligned());
            foreach (var row in ReportWriter.AttackRows(summary)) attacks.AddRow(row.Select(Markup.Escape).ToArray());
            AnsiConsole.Write(attacks);
            Console.WriteLine(ReportWriter.AttackFootnote(summary));
        }
        Console.WriteLine($"journal: {journal.Display}");
        PcapOptions.Print(summary);
        foreach (var f in files) Console.WriteLine($"wrote {f}");
        var hijacked = summary.Attacks.Sum(a => a.Hijacked);
        if (hijacked > 0) Console.WriteLine($"{hijacked:N0} bindings hijacked by the attacks");
        return summary.FailedRegistrations == 0 && summary.PacketsLost == 0 && hijacked == 0 ? 0 : 1;
    }
}
