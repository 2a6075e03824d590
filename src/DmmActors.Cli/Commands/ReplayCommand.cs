using DmmActors.Cli.CommandLine;
using DmmActors.Configuration;
using DmmActors.Replay;
using Spectre.Console;

namespace DmmActors.Cli.Commands;

/// <summary>`dmm replay`: a run rebuilt from its journal alone, its invariants checked.</summary>
public static class ReplayCommand
{
    public static async Task<int> ExecuteAsync(Arguments args)
    {
        var journal = args.Option("--journal") ?? throw new InputError("replay needs --journal FILE|CONNSTR");
        var outDir = Path.GetFullPath(args.Option("--out") ?? "dmm-replay");
        if (File.Exists(outDir)) throw new InputError($"--out {outDir}: is a file, not a directory");

        var r = await ConsoleProgress.Track(progress => JournalReplay.ReplayAsync(journal, args.Option("--run"), progress));
        var s = r.Summary;
        Console.WriteLine($"run {s.RunId}: practice {s.Practice}, {s.MobileNodes:N0} mobile nodes, {r.Events.Count:N0} binding events " +
                          $"read in {r.ReadTime.TotalSeconds:0.00} s ({r.ReadEventsPerSecond:N0} events/s)");
        if (!r.ProceduresRecorded)
            Console.WriteLine("this journal holds no recorded procedures (written before dmm recorded them): " +
                              "its bindings are rebuilt, its attaches and handovers are not");
        var table = new Table().Border(TableBorder.Rounded).Title("rebuilt from the journal");
        table.AddColumn("metric");
        table.AddColumn(new TableColumn("replay").RightAligned());
        table.AddColumn(new TableColumn("live run (ledger)").RightAligned());
        var live = r.Run.Completed;
        table.AddRow("handovers", s.Handovers.ToString("N0"), live?.Handovers.ToString("N0") ?? "-");
        table.AddRow("attaches", s.Attaches.ToString("N0"), "-");
        table.AddRow("handover latency p50 / p95 / p99 (model)",
            $"{s.HandoverLatencyMs.P50:0.###} / {s.HandoverLatencyMs.P95:0.###} / {s.HandoverLatencyMs.P99:0.###} ms", "-");
        table.AddRow("context moves between anchors", r.Events.Count(e => e.Event is Bindings.BindingContextReceived).ToString("N0"), "-");
        table.AddRow("bindings (all anchors)", s.Anchors.Sum(a => a.Bindings).ToString("N0"), "-");
        table.AddRow("bindings checksum", s.BindingsChecksum, live?.BindingsChecksum ?? "(run not completed)");
        table.AddRow("invariant violations", r.Violations.Count.ToString("N0"), "-");
        AnsiConsole.Write(table);

        foreach (var v in r.Violations.Take(20))
        {
            Console.WriteLine($"violation: {v.Rule}: {v.Detail}");
            foreach (var e in v.Events) Console.WriteLine($"    {e}");
        }
        if (r.Violations.Count > 20) Console.WriteLine($"({r.Violations.Count - 20:N0} more violations in replay.json)");
        foreach (var f in ReplayReport.Write(r, outDir)) Console.WriteLine($"wrote {f}");

        if (!r.MatchesLiveRun) Console.WriteLine("the replay DIFFERS from the live run recorded in the ledger");
        return r.Clean ? 0 : 1;
    }
}
