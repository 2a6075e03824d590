using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace DmmActors.LoadTests;

/// <summary>
/// PostgreSQL's baseline: rows of the journal's shape streamed with binary COPY, 1000 rows per
/// COPY (each its own transaction), into a scratch table dropped afterwards.
/// </summary>
public static class RawPostgresInsert
{
    public static double RowsPerSecond(string connectionString, int rows, int payloadBytes)
    {
        var table = $"raw_bench_{Guid.NewGuid():N}";
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = $"""
                CREATE TABLE {table} (ordering bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, persistence_id text NOT NULL,
                  sequence_number bigint NOT NULL, manifest text, message bytea, identifier integer, created bigint, tags text,
                  UNIQUE (persistence_id, sequence_number))
                """;
            create.ExecuteNonQuery();
        }
        try
        {
            var payload = new byte[payloadBytes];
            var clock = Stopwatch.StartNew();
            for (int start = 0; start < rows; start += 1000)
            {
                using var copy = connection.BeginBinaryImport(
                    $"COPY {table} (persistence_id, sequence_number, manifest, message, identifier, created, tags) FROM STDIN (FORMAT BINARY)");
                for (int i = start; i < Math.Min(rows, start + 1000); i++)
                {
                    copy.StartRow();
                    copy.Write($"bench/anchor-{i % 8}", NpgsqlDbType.Text);
                    copy.Write((long)(i / 8 + 1), NpgsqlDbType.Bigint);
                    copy.Write("BindingRegistered.v1", NpgsqlDbType.Text);
                    copy.Write(payload, NpgsqlDbType.Bytea);
                    copy.Write(7429, NpgsqlDbType.Integer);
                    copy.Write((long)i, NpgsqlDbType.Bigint);
                    copy.Write(";practice:pmipv6-multi-lma;anchor:0;event:registration;", NpgsqlDbType.Text);
                }
                copy.Complete();
            }
            return rows / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            using var drop = connection.CreateCommand();
            drop.CommandText = $"DROP TABLE {table}";
            drop.ExecuteNonQuery();
        }
    }
}
