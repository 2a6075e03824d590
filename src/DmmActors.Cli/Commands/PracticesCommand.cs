using DmmActors.Functions;
using DmmActors.Practices;

namespace DmmActors.Cli.Commands;

public static class PracticesCommand
{
    static readonly (NodeKind Kind, string Header)[] Columns =
    [
        (NodeKind.Anchor, "anchor"), (NodeKind.AccessRouter, "access router"),
        (NodeKind.MobileNode, "mobile node"), (NodeKind.Correspondent, "correspondent"),
    ];

    public static int Execute(Arguments args)
    {
        args.Allow(0);
        Console.WriteLine("Mobility functions placed on each node kind (draft-ietf-dmm-deployment-models §3, §4):");
        Console.WriteLine();
        var header = $"{"practice",-18} " + string.Join(" ", Columns.Select(c => $"{c.Header,-18}")) + " registration";
        Console.WriteLine(header);
        Console.WriteLine(new string('-', header.Length));
        foreach (var p in PracticeCatalog.All)
        {
            var cells = Columns.Select(c => $"{p.RoleOf(c.Kind) + ": " + MobilityFunctionNames.Describe(p.FunctionsOf(c.Kind)),-18}");
            Console.WriteLine($"{p.Name,-18} {string.Join(" ", cells)} {(p.Signalling == Signalling.NetworkBased ? "network-based" : "host-based")}");
        }
        Console.WriteLine();
        Console.WriteLine("AF anchoring, LMs location server, LMc location client, FM forwarding (FM-CP + FM-DP).");
        Console.WriteLine();
        foreach (var p in PracticeCatalog.All) Console.WriteLine($"  {p.Name,-18} {p.Title} ({p.Reference})");
        return 0;
    }
}
