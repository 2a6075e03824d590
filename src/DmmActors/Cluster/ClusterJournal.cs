using DmmActors.Configuration;
using DmmActors.Persistence;

namespace DmmActors.Cluster;

public static class ClusterJournal
{
    /// <summary>
    /// Cluster nodes share one journal, and only PostgreSQL can be shared: a SQLite file has
    /// one writer, and processes that each cache their own view of it would corrupt the run.
    /// </summary>
    public static JournalTarget Open(string? value, string who)
    {
        if (value is null)
            throw new InputError($"{who} needs --journal CONNSTR (or DMM_JOURNAL): a PostgreSQL database every node shares");
        if (!JournalTarget.LooksLikePostgreSql(value))
            throw new InputError($"--journal {value}: cluster nodes never share a SQLite file; give a PostgreSQL connection string");
        return JournalTarget.PostgreSql(value);
    }
}
