using Akka.Configuration;
using DmmActors.Configuration;

namespace DmmActors.Persistence;

/// <summary>
/// How anchors' events are spread over the journal's partitions: each partition has its own
/// journal plugin id (its own writer and group commit), and an anchor's partition is a stable
/// function of its persistence id and the run's partition count, which the run ledger records.
/// Partition 0 is the journal itself (the SQLite file named by --journal, or the PostgreSQL
/// database): it also holds the run ledger, so a journal written with one partition is the
/// journal of an earlier dmm, unchanged.
/// </summary>
public static class JournalPartitions
{
    /// <summary>Partitions a run may have; every process configures this many plugin ids, so any run's can be used.</summary>
    public const int Max = 64;

    /// <summary>Config key of the partition count new runs get (a number, or "auto" for the core count).</summary>
    public const string Key = "dmm.persistence.partitions";

    public static string PluginId(int partition) => $"akka.persistence.journal.dmm-p{partition}";

    /// <summary>FNV-1a over the persistence id's UTF-16 code units: the same on every machine and every .NET version, unlike string.GetHashCode.</summary>
    public static int Of(string persistenceId, int partitions)
    {
        if (partitions <= 1) return 0;
        var hash = 2166136261u;
        foreach (var c in persistenceId)
        {
            hash = (hash ^ (uint)(c & 0xFF)) * 16777619u;
            hash = (hash ^ (uint)(c >> 8)) * 16777619u;
        }
        return (int)(hash % (uint)partitions);
    }

    static readonly Lazy<int> Shipped = new(() => FromConfig(ConfigurationFactory.ParseString(EmbeddedConfig.Text("persistence.conf"))));

    /// <summary>The partition count a new run gets unless told otherwise: cluster-config/persistence.conf, read once.</summary>
    public static int Default => Shipped.Value;

    static int FromConfig(Config config)
    {
        var value = config.GetString(Key) ?? throw new InvalidOperationException($"cluster-config/persistence.conf sets no {Key}");
        return Parse(value, Key);
    }

    /// <summary>A partition count, checked: a number, or this machine's core count for auto.</summary>
    public static int Parse(string value, string what)
    {
        if (value == "auto") return Math.Min(Environment.ProcessorCount, Max);
        if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 1 || n > Max)
            throw new InputError($"{what} = {value}: must be a whole number from 1 to {Max}, or auto (the core count)");
        return n;
    }
}
