using System.Globalization;
using DmmActors.LoadTests;

int Arg(int i, int fallback) => args.Length > i && !args[i].StartsWith("--") ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
string? Named(string name) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
// The partitions a journal gets: --partitions N, or the shipped default (one per core).
int Partitions() => Named("--partitions") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : DmmActors.Persistence.JournalPartitions.Default;

switch (args.FirstOrDefault())
{
    case "journal":
        // --postgres CONNSTR adds PostgreSQL's rows: the database must be one the benchmark may write to.
        await JournalBenchmark.Run(Arg(1, 100_000), Partitions(), Named("--postgres"));
        return 0;
    case "replay":
        await ReplayBenchmark.Run(Arg(1, 200_000), Partitions());
        return 0;
    case "scale":
        await ScaleBenchmark.Run(Arg(1, 1_000_000), Arg(2, 10_000), Arg(3, 100), Arg(4, 4_000), Named("--scaling") ?? "1,2,4",
            Named("--practice") ?? "pmipv6-multi-lma");
        return 0;
    case "cluster":
        ClusterBenchmark.Run(Arg(1, 20_000), (Named("--members") ?? "1,2,4").Split(',').Select(k => int.Parse(k, CultureInfo.InvariantCulture)).ToArray());
        return 0;
    case "overload":
        OverloadBenchmark.Run(Arg(1, 20_000), double.Parse(Named("--factor") ?? "10", CultureInfo.InvariantCulture),
            double.Parse(Named("--seconds") ?? "2", CultureInfo.InvariantCulture), int.Parse(Named("--high-water") ?? "500", CultureInfo.InvariantCulture),
            Named("--practice") ?? "pmipv6-multi-lma");
        return 0;
    case "queueing":
        QueueingBenchmark.Run(Arg(1, 20_000), (Named("--rates") ?? "300,900,1050").Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToArray(),
            double.Parse(Named("--seconds") ?? "10", CultureInfo.InvariantCulture));
        return 0;
    case "queueing-child":
        await QueueingBenchmark.Child(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), double.Parse(args[3], CultureInfo.InvariantCulture),
            double.Parse(args[4], CultureInfo.InvariantCulture));
        return 0;
    case "storm-child":
        await OverloadBenchmark.Child(Arg(1, 20_000), double.Parse(args[2], CultureInfo.InvariantCulture), double.Parse(args[3], CultureInfo.InvariantCulture),
            int.Parse(args[4], CultureInfo.InvariantCulture), args[5]);
        return 0;
    // The two sides of the scale benchmark, each started by it in a process of its own.
    case "raw-actors":
        var actors = Arg(1, 1_000_000);
        await RawActors.Measure(actors, tokens: 10_000, hopsPerToken: Math.Max(100, 5_000_000 / 10_000));
        return 0;
    case "emulator":
        await EmulatorScale.Measure(args[1], partitions: Arg(2, 0) is > 0 and var p ? p : null);
        return 0;
    case "emulator-pcap":
        await EmulatorScale.Measure(args[1], pcap: true);
        return 0;
    case "emulator-unauthenticated":
        await EmulatorScale.Measure(args[1], unauthenticated: true);
        return 0;
    case "emulator-in-memory":
        await EmulatorScale.Measure(args[1], inMemoryJournal: true);
        return 0;
    default:
        Console.Error.WriteLine("""
            usage: dmm-loadtests journal [REGISTRATIONS] [--partitions P] [--postgres CONNSTR]
                   dmm-loadtests replay [MOBILE-NODES] [--partitions P]
                   dmm-loadtests scale [MOBILE-NODES] [ACCESS-ROUTERS] [ANCHORS] [IN-FLIGHT] [--scaling P1,P2,...]
                   dmm-loadtests cluster [MOBILE-NODES] [--members K1,K2,...]
                   dmm-loadtests overload [MOBILE-NODES] [--factor F] [--seconds S] [--high-water H] [--practice P]
                   dmm-loadtests queueing [MOBILE-NODES] [--rates R1,R2,...] [--seconds S]
            """);
        return 2;
}
