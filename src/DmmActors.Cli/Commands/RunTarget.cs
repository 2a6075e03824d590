using DmmActors.Cluster;
using DmmActors.Persistence;
using DmmActors.Scenarios;

namespace DmmActors.Cli.Commands;

/// <summary>Where a run or a storm goes: this process with its journal, or a cluster and its shared PostgreSQL journal.</summary>
public sealed record RunTarget(ClusterNodeSettings? Cluster, JournalTarget? Journal)
{
    public static readonly string[] Options = ["--journal", "--cluster", "--host", "--port"];

    /// <summary>A null journal means the default SQLite file in the output directory, opened once that exists.</summary>
    public static RunTarget From(Arguments args, string what)
    {
        var journal = args.Option("--journal");
        var seed = args.Option("--cluster");
        if (seed is null && (args.Option("--host") ?? args.Option("--port")) is not null)
            throw new InputError("--host and --port only apply with --cluster");
        if (seed is null)
            return new RunTarget(null, journal is null ? null : JournalTarget.Open(journal, mustExist: false));
        var cluster = ClusterNodeSettings.From(args.Option("--host"), args.Option("--port"), [seed], EntitySharding.DriverRole);
        return new RunTarget(cluster, ClusterJournal.Open(journal ?? Environment.GetEnvironmentVariable("DMM_JOURNAL"), what));
    }
}
