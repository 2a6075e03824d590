using DmmActors.Functions;
using DmmActors.Practices;
using Spectre.Console;

namespace DmmActors.Cli.Commands;

public static class PracticesCommand
{
    static readonly NodeKind[] Kinds = [NodeKind.Anchor, NodeKind.AccessRouter, NodeKind.MobileNode, NodeKind.Correspondent];

    public static int Execute(Arguments args)
    {
        args.Allow(0);
        var table = new Table().Border(TableBorder.Rounded)
            .Title("Mobility functions by node kind (draft §3)");
        table.AddColumn("practice");
        foreach (var k in Kinds) table.AddColumn(KindHeader(k));
        table.AddColumn("registration");
        foreach (var p in PracticeCatalog.All)
        {
            var cells = new List<string> { $"[bold]{p.Name}[/]" };
            cells.AddRange(Kinds.Select(k => Markup.Escape($"{p.RoleOf(k)}: {MobilityFunctionNames.Describe(p.FunctionsOf(k))}")));
            cells.Add(p.Signalling == Signalling.NetworkBased ? "network-based" : "host-based");
            table.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(table);
        Console.WriteLine("AF anchoring, LMs location server, LMc location client, FM forwarding (FM-CP + FM-DP).");
        foreach (var p in PracticeCatalog.All)
            Console.WriteLine($"  {p.Name,-18} {p.Title} ({p.Reference})");
        return 0;
    }

    static string KindHeader(NodeKind k) => k switch
    {
        NodeKind.Anchor => "anchor",
        NodeKind.AccessRouter => "access router",
        NodeKind.MobileNode => "mobile node",
        _ => "correspondent",
    };
}
