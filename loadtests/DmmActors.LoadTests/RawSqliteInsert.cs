using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace DmmActors.LoadTests;

/// <summary>
/// The baseline: rows of the journal's shape inserted straight through Microsoft.Data.Sqlite,
/// WAL, one prepared statement, one transaction per 1000 rows.
/// </summary>
public static class RawSqliteInsert
{
    /// <summary>The same inserts into <paramref name="files"/> files at once, a thread each, <paramref name="rows"/> in all.</summary>
    public static double RowsPerSecondInParallel(string directory, int files, int rows, int payloadBytes)
    {
        var clock = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, files).Select(f => new Thread(() =>
            Insert(Path.Combine(directory, $"raw-{files}-{f}.db"), rows / files + (f < rows % files ? 1 : 0), payloadBytes))).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        return rows / clock.Elapsed.TotalSeconds;
    }

    public static double RowsPerSecond(string path, int rows, int payloadBytes)
    {
        var clock = Stopwatch.StartNew();
        Insert(path, rows, payloadBytes);
        return rows / clock.Elapsed.TotalSeconds;
    }

    static void Insert(string path, int rows, int payloadBytes)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode=WAL;
                CREATE TABLE journal (ordering INTEGER PRIMARY KEY AUTOINCREMENT, persistence_id TEXT NOT NULL,
                  sequence_number INTEGER NOT NULL, manifest TEXT, message BLOB, identifier INTEGER, created INTEGER,
                  UNIQUE (persistence_id, sequence_number));
                """;
            setup.ExecuteNonQuery();
        }
        var payload = new byte[payloadBytes];
        for (int start = 0; start < rows; start += 1000)
        {
            using var tx = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO journal (persistence_id, sequence_number, manifest, message, identifier, created) VALUES ($p, $s, $m, $b, 7429, $c)";
            var p = insert.Parameters.Add("$p", SqliteType.Text);
            var s = insert.Parameters.Add("$s", SqliteType.Integer);
            var m = insert.Parameters.Add("$m", SqliteType.Text);
            var b = insert.Parameters.Add("$b", SqliteType.Blob);
            var c = insert.Parameters.Add("$c", SqliteType.Integer);
            insert.Prepare();
            for (int i = start; i < Math.Min(rows, start + 1000); i++)
            {
                p.Value = $"bench/anchor-{i % 8}"; s.Value = i / 8 + 1; m.Value = "BindingRegistered.v1"; b.Value = payload; c.Value = i;
                insert.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }
}
