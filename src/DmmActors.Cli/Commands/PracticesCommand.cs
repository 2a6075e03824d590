using DmmActors.Addressing;
using DmmActors.Cli.CommandLine;
using DmmActors.Functions;
using DmmActors.Practices;

namespace DmmActors.Cli.Commands;

public static class PracticesCommand
{
    static readonly NodeKind[] Core = [NodeKind.Anchor, NodeKind.AccessRouter, NodeKind.MobileNode, NodeKind.Correspondent];

    /// <summary>The node kinds in the table: the anchors, every kind of node a practice adds after them (a MAP, a CMD, an SGW, an MME), then the rest.</summary>
    static (NodeKind Kind, string Header)[] Columns =>
    [
        (NodeKind.Anchor, "anchor"),
        .. PracticeCatalog.All.SelectMany(p => p.Placement.Keys).Where(k => !Core.Contains(k)).Distinct().Select(k => (k, "added node")),
        (NodeKind.AccessRouter, "access router"), (NodeKind.MobileNode, "mobile node"), (NodeKind.Correspondent, "correspondent"),
    ];

    public static int Execute(Arguments args)
    {
        Console.WriteLine("Mobility functions placed on each node kind (draft-ietf-dmm-deployment-models §3, §4):");
        Console.WriteLine();
        var columns = Columns;
        string[][] rows = PracticeCatalog.All.Select(p => (string[])
        [
            p.Name, .. columns.Select(c => p.Placement.ContainsKey(c.Kind) ? p.RoleOf(c.Kind) + ": " + MobilityFunctionNames.Describe(p.FunctionsOf(c.Kind)) : "-"),
            p.Signalling == Signalling.NetworkBased ? "network-based" : "host-based",
        ]).ToArray();
        string[] titles = ["practice", .. columns.Select(c => c.Header), "registration"];
        var widths = titles.Select((t, i) => Math.Max(t.Length, rows.Max(r => r[i].Length)) + 2).ToArray();
        string Line(string[] cells) => string.Concat(cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
        var header = Line(titles);
        Console.WriteLine(header);
        Console.WriteLine(new string('-', header.Length));
        foreach (var row in rows) Console.WriteLine(Line(row));
        Console.WriteLine();
        Console.WriteLine("AF anchoring, LMs location server, LMc location client, FM forwarding (FM-CP + FM-DP).");
        Console.WriteLine();
        var nameWidth = PracticeCatalog.All.Max(p => p.Name.Length) + 2;
        foreach (var p in PracticeCatalog.All) Console.WriteLine($"  {p.Name.PadRight(nameWidth)}{p.Title} ({p.Reference})");
        return 0;
    }
}
