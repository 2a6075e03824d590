using DmmActors.Addressing;
using DmmActors.Cli.CommandLine;
using DmmActors.Configuration;
using DmmActors.Persistence;
using DmmActors.Practices;
using DmmActors.Replay;
using Spectre.Console;

namespace DmmActors.Cli.Commands;

public static class BindingsCommand
{
    public static async Task<int> ExecuteAsync(Arguments args)
    {
        var journal = args.Option("--journal") ?? throw new InputError("bindings needs --journal FILE");
        var limit = args.IntOption("--limit", 20, 0, int.MaxValue);
        var recovered = await BindingsRecovery.RecoverAsync(journal, args.Option("--run"));
        var started = recovered.Run.Started;
        var (label, careOf) = Labels(started);

        Console.WriteLine($"run {started.RunId}: practice {started.Practice}, {started.MobileNodes:N0} mobile nodes, {started.Anchors} anchors, started {started.StartedUtc:u}");
        var perAnchor = new Table().Border(TableBorder.Rounded).Title("binding caches recovered from the journal");
        perAnchor.AddColumn("anchor"); perAnchor.AddColumn(new TableColumn("entries").RightAligned());
        perAnchor.AddColumn(new TableColumn("active").RightAligned()); perAnchor.AddColumn(new TableColumn("de-registration pending").RightAligned());
        foreach (var a in recovered.Anchors.OrderBy(a => a.Anchor))
            perAnchor.AddRow(label(a.Anchor), a.Entries.Count.ToString("N0"),
                a.Entries.Count(e => e.State == Bindings.BindingState.Active).ToString("N0"),
                a.Entries.Count(e => e.State == Bindings.BindingState.DeregistrationPending).ToString("N0"));
        AnsiConsole.Write(perAnchor);

        var entries = recovered.Anchors.OrderBy(a => a.Anchor)
            .SelectMany(a => a.Entries.OrderBy(e => e.MnId.Index).Select(e => (a.Anchor, Entry: e))).ToArray();
        var shown = limit == 0 ? entries : entries.Take(limit).ToArray();
        // One line per entry, in the style of a router's "show binding-cache".
        Console.WriteLine($"{"anchor",-9} {"MN-ID",-22} {"home prefix",-24} {"care-of",-9} {"seq",5} {"lifetime",9} {"expires",12} state");
        foreach (var (anchor, e) in shown)
            Console.WriteLine($"{label(anchor),-9} {e.MnId.Nai,-22} {e.Prefix,-24} {careOf(e.CareOf),-9} {e.SequenceNumber,5} " +
                              $"{e.Lifetime.Seconds,8:0}s {e.ExpiresAt.Seconds,11:0.000}s {e.State}");
        if (shown.Length < entries.Length)
            Console.WriteLine($"({entries.Length - shown.Length:N0} more entries; --limit 0 prints all)");

        Console.WriteLine($"bindings_checksum {recovered.Checksum}");
        if (recovered.Run.Completed is { } done)
        {
            var same = done.BindingsChecksum == recovered.Checksum;
            Console.WriteLine(same
                ? $"matches the live run's bindings_checksum ({done.BindingsChecksum})"
                : $"DIFFERS from the live run's bindings_checksum ({done.BindingsChecksum})");
            return same ? 0 : 1;
        }
        Console.WriteLine("the run did not complete; there is no live checksum to compare with");
        return 0;
    }

    /// <summary>
    /// Each anchor's role and number ("lma-3", "sgw-66"), and a care-of address as the router it
    /// names or, where it is on a regional anchor's link, that anchor: as the run's scenario lays them out.
    /// </summary>
    static (Func<int, string> Anchor, Func<int, string> CareOf) Labels(RunStarted started)
    {
        if (!PracticeCatalog.TryGet(started.Practice, out var practice))
            return (a => $"anchor-{a}", c => $"ar-{c}");
        var scenario = Loading.ScenarioLoader.ParseRecorded(started.ScenarioText, $"scenario of {started.RunId}");
        var topology = PracticeTopology.Of(scenario);
        var outcome = practice.Services(topology, scenario.PracticeSettings).Get<Emulation.IRunOutcome>();
        return (outcome.AnchorLabel,
            c => CareOfAddress.IsRegional(c, topology.AccessRouters, out var regional) ? outcome.AnchorLabel(regional) : $"ar-{c}");
    }
}
