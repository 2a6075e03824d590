using DmmActors.Loading;
using DmmActors.Cli.CommandLine;
using DmmActors.Cluster;
using DmmActors.Configuration;
using DmmActors.Persistence;

namespace DmmActors.Cli.Commands;

/// <summary>Where a run or a storm goes: this process with its journal, or a cluster and its shared PostgreSQL journal.</summary>
public sealed record RunTarget(ClusterNodeSettings? Cluster, JournalTarget? Journal, int? Partitions)
{
    /// <summary>--partitions N: the journal partitions a new run writes to, over dmm.persistence.partitions.</summary>
    public static int? PartitionsOption(Arguments args) =>
        args.Option("--partitions") is { } value ? JournalPartitions.Parse(value, "--partitions") : null;

    /// <summary>The journal given, or the default SQLite file at <paramref name="defaultPath"/>, with the partitions asked for.</summary>
    public JournalTarget JournalOr(string defaultPath) =>
        Partitioned(Journal ?? JournalTarget.Sqlite(SqliteJournal.Open(defaultPath, mustExist: false)), Partitions);

    public static JournalTarget Partitioned(JournalTarget journal, int? partitions) =>
        partitions is { } p ? journal with { Partitions = p } : journal;

    /// <summary>A null journal means the default SQLite file in the output directory, opened once that exists.</summary>
    public static RunTarget From(Arguments args, string what)
    {
        var journal = args.Option("--journal");
        var partitions = PartitionsOption(args);
        var seed = args.Option("--cluster");
        if (seed is null && (args.Option("--host") ?? args.Option("--port")) is not null)
            throw new InputError("--host and --port only apply with --cluster");
        if (seed is null)
            return new RunTarget(null, journal is null ? null : JournalTarget.Open(journal, mustExist: false), partitions);
        var cluster = ClusterNodeSettings.From(args.Option("--host"), args.Option("--port"), [seed], EntitySharding.DriverRole)
            with { AllowOversubscribe = args.Flag(MemoryEstimate.OverrideFlag) };
        return new RunTarget(cluster, ClusterJournal.Open(journal ?? Environment.GetEnvironmentVariable("DMM_JOURNAL"), what), partitions);
    }
}
