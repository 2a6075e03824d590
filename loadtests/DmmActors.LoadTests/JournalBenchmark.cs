using System.Globalization;
using System.Text;
using Akka.Configuration;
using DmmActors.Persistence;

namespace DmmActors.LoadTests;

/// <summary>
/// Journal throughput: the emulator's anchors (decide, persist, acknowledge when durable)
/// against raw batched SQLite inserts measured in the same run on the same disk: into one file,
/// and into as many files as the journal has partitions, in parallel.
/// </summary>
public static class JournalBenchmark
{
  public static async Task Run(int registrations, int partitions, string? postgres)
  {
    const int anchors = 8;
    var dir = Directory.CreateTempSubdirectory("dmm-journal-bench-").FullName;
    var inv = CultureInfo.InvariantCulture;
    try
    {
    Console.WriteLine($"journal benchmark: {registrations:N0} registrations over {anchors} anchors, {partitions} partitions, temp dir {dir}");
    Console.WriteLine("[1/6] raw SQLite insert (WAL, prepared statement, 1000 rows per transaction), one file ...");
    var raw = RawSqliteInsert.RowsPerSecond(Path.Combine(dir, "raw.db"), registrations, 40);
    Console.WriteLine($"      {raw:N0} rows/s");
    Console.WriteLine($"[2/6] raw SQLite insert, the same way, into {partitions} files at once (a thread each) ...");
    var rawParallel = RawSqliteInsert.RowsPerSecondInParallel(dir, partitions, registrations, 40);
    Console.WriteLine($"      {rawParallel:N0} rows/s");

    Console.WriteLine("[3/6] anchors on Akka.Persistence.Sql's defaults (batch-size 100, parallelism 3, tag table) ...");
    var defaults = ConfigurationFactory.ParseString("""
        akka.persistence.journal.plugin = "akka.persistence.journal.sql"
        akka.persistence.journal.sql { batch-size = 100, db-round-trip-max-batch-size = 1000, parallelism = 3, buffer-size = 5000, tag-write-mode = TagTable }
        """);
    var (defaultRate, _) = await AnchorJournalLoad.Run(Sqlite(Path.Combine(dir, "defaults.db"), 1), registrations, anchors, defaults);
    Console.WriteLine($"      {defaultRate:N0} events/s");

    Console.WriteLine("[4/6] anchors on Akka.Persistence.Sql's writer, tuned (batch 3000, one writer, tags in the row) ...");
    var sqlWriter = ConfigurationFactory.ParseString("akka.persistence.journal.plugin = \"akka.persistence.journal.sql\"");
    var (sqlTunedRate, _) = await AnchorJournalLoad.Run(Sqlite(Path.Combine(dir, "sql-tuned.db"), 1), registrations, anchors, sqlWriter);
    Console.WriteLine($"      {sqlTunedRate:N0} events/s");

    Console.WriteLine("[5/6] anchors on the shipped configuration (group-commit writer), one partition ...");
    var (onePartition, _) = await AnchorJournalLoad.Run(Sqlite(Path.Combine(dir, "one.db"), 1), registrations, anchors, null);
    Console.WriteLine($"      {onePartition:N0} events/s");
    Console.WriteLine($"[6/6] anchors on the shipped configuration, {partitions} partitions (a file and a writer each) ...");
    var (partitioned, _) = await AnchorJournalLoad.Run(Sqlite(Path.Combine(dir, "partitioned.db"), partitions), registrations, anchors, null);
    Console.WriteLine($"      {partitioned:N0} events/s");

    var md = new StringBuilder();
    md.AppendLine($"| journal path ({registrations:N0} registrations, {anchors} anchors) | rate | baseline | ratio to its baseline |");
    md.AppendLine("|---|---|---|---|");
    md.AppendLine($"| raw SQLite batched insert, one file (baseline, same run) | {raw.ToString("N0", inv)} rows/s | - | 1.00 |");
    md.AppendLine($"| raw SQLite batched insert, {partitions} files in parallel (baseline, same run) | {rawParallel.ToString("N0", inv)} rows/s | - | {(rawParallel / raw).ToString("0.00", inv)} of one file |");
    md.AppendLine($"| anchors, Akka.Persistence.Sql defaults (batch 100, parallelism 3, tag table) | {defaultRate.ToString("N0", inv)} events/s | one file | {(defaultRate / raw).ToString("0.000", inv)} |");
    md.AppendLine($"| anchors, Akka.Persistence.Sql writer tuned (batch 3000, one writer, tags in the row) | {sqlTunedRate.ToString("N0", inv)} events/s | one file | {(sqlTunedRate / raw).ToString("0.000", inv)} |");
    md.AppendLine($"| anchors, shipped group-commit journal, 1 partition | {onePartition.ToString("N0", inv)} events/s | one file | {(onePartition / raw).ToString("0.000", inv)} |");
    md.AppendLine($"| anchors, shipped group-commit journal, {partitions} partitions | {partitioned.ToString("N0", inv)} events/s | {partitions} files in parallel | {(partitioned / rawParallel).ToString("0.000", inv)} |");
    if (postgres is not null)
    {
        Console.WriteLine("[PostgreSQL] raw binary COPY, 1000 rows per COPY, into a table of the journal's shape ...");
        var rawPg = RawPostgresInsert.RowsPerSecond(postgres, registrations, 40);
        Console.WriteLine($"      {rawPg:N0} rows/s");
        Console.WriteLine("[PostgreSQL] anchors on the shipped cluster-config/postgres.conf ...");
        var (pgRate, _) = await AnchorJournalLoad.Run(JournalTarget.PostgreSql(postgres) with { Partitions = partitions }, registrations, anchors, null);
        Console.WriteLine($"      {pgRate:N0} events/s");
        md.AppendLine($"| PostgreSQL: raw binary COPY (baseline, same run) | {rawPg.ToString("N0", inv)} rows/s | - | 1.00 |");
        md.AppendLine($"| PostgreSQL: anchors, cluster-config/postgres.conf ({partitions} partitions, batch 1000, tags in the row) | {pgRate.ToString("N0", inv)} events/s | COPY | {(pgRate / rawPg).ToString("0.000", inv)} |");
    }
    BenchmarkReport.Publish(md, "journal-benchmark.md");
}
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }
  }

  static JournalTarget Sqlite(string path, int partitions) =>
      JournalTarget.Sqlite(SqliteJournal.Open(path, mustExist: false)) with { Partitions = partitions };
}
