using System.Globalization;
using System.Text;
using Akka.Configuration;
using DmmActors.Persistence;

namespace DmmActors.LoadTests;

/// <summary>
/// Journal throughput: the emulator's anchors (decide, persist, acknowledge when durable)
/// against raw batched SQLite inserts measured in the same run on the same disk.
/// </summary>
public static class JournalBenchmark
{
  public static async Task Run(int registrations, string? postgres)
  {
    const int anchors = 8;
    var dir = Directory.CreateTempSubdirectory("dmm-journal-bench-").FullName;
    var inv = CultureInfo.InvariantCulture;
    try
    {
    Console.WriteLine($"journal benchmark: {registrations:N0} registrations over {anchors} anchors, temp dir {dir}");
    Console.WriteLine("[1/4] raw SQLite insert (WAL, prepared statement, 1000 rows per transaction) ...");
    var raw = RawSqliteInsert.RowsPerSecond(Path.Combine(dir, "raw.db"), registrations, 40);
    Console.WriteLine($"      {raw:N0} rows/s");

    Console.WriteLine("[2/4] anchors on Akka.Persistence.Sql's defaults (batch-size 100, parallelism 3, tag table) ...");
    var defaults = ConfigurationFactory.ParseString("""
        akka.persistence.journal.plugin = "akka.persistence.journal.sql"
        akka.persistence.journal.sql { batch-size = 100, db-round-trip-max-batch-size = 1000, parallelism = 3, buffer-size = 5000, tag-write-mode = TagTable }
        """);
    var (defaultRate, _) = await AnchorJournalLoad.Run(Sqlite(Path.Combine(dir, "defaults.db")), registrations, anchors, defaults);
    Console.WriteLine($"      {defaultRate:N0} events/s");

    Console.WriteLine("[3/4] anchors on Akka.Persistence.Sql's writer, tuned (batch 3000, one writer, tags in the row) ...");
    var sqlWriter = ConfigurationFactory.ParseString("akka.persistence.journal.plugin = \"akka.persistence.journal.sql\"");
    var (sqlTunedRate, _) = await AnchorJournalLoad.Run(Sqlite(Path.Combine(dir, "sql-tuned.db")), registrations, anchors, sqlWriter);
    Console.WriteLine($"      {sqlTunedRate:N0} events/s");

    Console.WriteLine("[4/4] anchors on the shipped cluster-config/sqlite.conf (group-commit writer) ...");
    var (tunedRate, _) = await AnchorJournalLoad.Run(Sqlite(Path.Combine(dir, "tuned.db")), registrations, anchors, null);
    Console.WriteLine($"      {tunedRate:N0} events/s");

    var md = new StringBuilder();
    md.AppendLine($"| journal path ({registrations:N0} registrations, {anchors} anchors) | rate | ratio to raw SQLite |");
    md.AppendLine("|---|---|---|");
    md.AppendLine($"| raw SQLite batched insert (baseline, same run) | {raw.ToString("N0", inv)} rows/s | 1.00 |");
    md.AppendLine($"| anchors, Akka.Persistence.Sql defaults (batch 100, parallelism 3, tag table) | {defaultRate.ToString("N0", inv)} events/s | {(defaultRate / raw).ToString("0.000", inv)} |");
    md.AppendLine($"| anchors, Akka.Persistence.Sql writer tuned (batch 3000, one writer, tags in the row) | {sqlTunedRate.ToString("N0", inv)} events/s | {(sqlTunedRate / raw).ToString("0.000", inv)} |");
    md.AppendLine($"| anchors, cluster-config/sqlite.conf (group-commit writer, same rows) | {tunedRate.ToString("N0", inv)} events/s | {(tunedRate / raw).ToString("0.000", inv)} |");
    if (postgres is not null)
    {
        Console.WriteLine("[PostgreSQL] raw binary COPY, 1000 rows per COPY, into a table of the journal's shape ...");
        var rawPg = RawPostgresInsert.RowsPerSecond(postgres, registrations, 40);
        Console.WriteLine($"      {rawPg:N0} rows/s");
        Console.WriteLine("[PostgreSQL] anchors on the shipped cluster-config/postgres.conf ...");
        var (pgRate, _) = await AnchorJournalLoad.Run(JournalTarget.PostgreSql(postgres), registrations, anchors, null);
        Console.WriteLine($"      {pgRate:N0} events/s");
        md.AppendLine($"| PostgreSQL: raw binary COPY (baseline, same run) | {rawPg.ToString("N0", inv)} rows/s | 1.00 (of COPY) |");
        md.AppendLine($"| PostgreSQL: anchors, cluster-config/postgres.conf (batch 1000, 4 writers, tags in the row) | {pgRate.ToString("N0", inv)} events/s | {(pgRate / rawPg).ToString("0.000", inv)} (of COPY) |");
    }
    BenchmarkReport.Publish(md, "journal-benchmark.md");
}
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }
  }

  static JournalTarget Sqlite(string path) => JournalTarget.Sqlite(SqliteJournal.Open(path, mustExist: false));
}
