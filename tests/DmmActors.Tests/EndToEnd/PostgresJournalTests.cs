using System.Text.Json.Nodes;
using DmmActors.Tests.Infrastructure;
using Xunit;

namespace DmmActors.Tests.EndToEnd;

/// <summary>`dmm run` and `dmm bindings` on a real PostgreSQL journal, as a cluster will use it.</summary>
[Collection("actors")]
public class PostgresJournalTests : IClassFixture<ThrowawayPostgres>, IDisposable
{
    readonly ThrowawayPostgres postgres;
    readonly string dir = Directory.CreateTempSubdirectory("dmm-pg-e2e-").FullName;

    public PostgresJournalTests(ThrowawayPostgres postgres) => this.postgres = postgres;

    [Fact]
    public void A_run_journalled_in_PostgreSQL_recovers_with_the_same_checksum()
    {
        var scenario = Path.Combine(dir, "small.conf");
        File.WriteAllText(scenario, """
            dmm.scenario {
              name = pg, seed = 5, practice = mipv6-bt, mobile-nodes = 200
              topology { access-routers = 16, anchors = 2, correspondents = 2 }
              mobility.handovers-per-node = 2
            }
            """);

        var run = DmmProgram.Run(dir, "run", scenario, "--out", "out", "--journal", postgres.ConnectionString);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "out", "summary.json")))!;
        Assert.StartsWith("postgresql://dmm@127.0.0.1:", (string)json["journal"]!);
        Assert.False(File.Exists(Path.Combine(dir, "out", "journal.db")), "a PostgreSQL run writes no SQLite file");

        var uri = $"postgresql://dmm@127.0.0.1:{postgres.Port}/postgres";
        var bindings = DmmProgram.Run(dir, "bindings", "--journal", uri, "--limit", "0");
        Assert.True(bindings.ExitCode == 0, bindings.Stdout + bindings.Stderr);
        Assert.Contains($"bindings_checksum {(string)json["bindings_checksum"]!}", bindings.Stdout);
        Assert.Contains("matches the live run's bindings_checksum", bindings.Stdout);
    }

    [Fact]
    public void A_PostgreSQL_journal_that_does_not_answer_exits_2()
    {
        var result = DmmProgram.Run(dir, "run", "--out", "out", "--journal", "Host=127.0.0.1;Port=1;Username=dmm;Timeout=3");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("postgresql://dmm@127.0.0.1:1/", result.Stderr);
        Assert.Contains("cannot connect", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void A_PostgreSQL_journal_of_another_schema_is_refused_and_left_as_it_is()
    {
        using (var admin = new Npgsql.NpgsqlConnection(postgres.ConnectionString))
        {
            admin.Open();
            using var create = admin.CreateCommand();
            create.CommandText = "DROP DATABASE IF EXISTS older; CREATE DATABASE older";
            create.ExecuteNonQuery();
        }
        var older = $"Host=127.0.0.1;Port={postgres.Port};Username=dmm;Database=older";
        using (var connection = new Npgsql.NpgsqlConnection(older))
        {
            connection.Open();
            using var table = connection.CreateCommand();
            table.CommandText = "CREATE TABLE journal (ordering bigint, persistence_id text, sequence_number bigint, message bytea); " +
                                "INSERT INTO journal VALUES (1, 'someone-else', 1, '\\x00')";
            table.ExecuteNonQuery();
        }

        var result = DmmProgram.Run(dir, "run", "--out", "out", "--journal", older);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("has no tags column", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
        using var check = new Npgsql.NpgsqlConnection(older);
        check.Open();
        using var count = check.CreateCommand();
        count.CommandText = "SELECT count(*) FROM journal";
        Assert.Equal(1L, (long)count.ExecuteScalar()!);
    }

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
