using DmmActors.Persistence;
using Xunit;

namespace DmmActors.Tests.Persistence;

/// <summary>
/// The journal settings each database gets: sql-journal.conf's shared block under the
/// database's own, so the journal, snapshot store and query side name one provider, and every
/// partition's plugin carries the shared failure handling.
/// </summary>
public class JournalSettingsTests
{
    [Theory]
    [InlineData(JournalKind.Sqlite, "SQLite.MS", 1, 3000)]
    [InlineData(JournalKind.PostgreSql, "PostgreSQL.15", 4, 1000)]
    public void Each_database_gets_the_shared_block_under_its_own_provider(JournalKind kind, string provider, int parallelism, int batch)
    {
        var config = new JournalTarget("test", kind, kind == JournalKind.Sqlite ? "/tmp/settings-test.db" : "Host=127.0.0.1;Username=dmm;Database=dmm").Config;

        Assert.Equal(provider, config.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Equal(provider, config.GetString("akka.persistence.snapshot-store.sql.provider-name"));
        Assert.Equal(provider, config.GetString("akka.persistence.query.journal.sql.provider-name"));
        Assert.Equal(parallelism, config.GetInt("akka.persistence.journal.sql.parallelism"));
        Assert.Equal(batch, config.GetInt("akka.persistence.journal.sql.batch-size"));
        Assert.Equal("Csv", config.GetString("akka.persistence.journal.sql.tag-write-mode"));
        Assert.Equal("Csv", config.GetString("akka.persistence.query.journal.sql.tag-read-mode"));
        Assert.Equal(TimeSpan.FromSeconds(300), config.GetTimeSpan("akka.persistence.journal.sql.circuit-breaker.call-timeout"));
        Assert.Equal("akka.persistence.snapshot-store.sql", config.GetString("akka.persistence.snapshot-store.plugin"));
        Assert.Equal(JournalPartitions.PluginId(0), config.GetString("akka.persistence.journal.plugin"));
    }

    [Fact]
    public void Every_postgresql_partition_is_a_copy_of_the_sql_journal_with_its_own_plugin_id()
    {
        var config = new JournalTarget("test", JournalKind.PostgreSql, "Host=127.0.0.1;Username=dmm;Database=dmm").Config;
        foreach (var partition in new[] { 0, 7, JournalPartitions.Max - 1 })
        {
            var plugin = config.GetConfig(JournalPartitions.PluginId(partition));
            Assert.Equal(JournalPartitions.PluginId(partition), plugin.GetString("plugin-id"));
            Assert.Equal("PostgreSQL.15", plugin.GetString("provider-name"));
            Assert.Equal(TimeSpan.FromSeconds(300), plugin.GetTimeSpan("circuit-breaker.call-timeout"));
            Assert.Equal("Host=127.0.0.1;Username=dmm;Database=dmm", plugin.GetString("connection-string"));
        }
    }
}
