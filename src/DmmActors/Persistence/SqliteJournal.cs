using DmmActors.Configuration;
using Microsoft.Data.Sqlite;

namespace DmmActors.Persistence;

/// <summary>The embedded default journal: a SQLite file, checked before any actor touches it.</summary>
public static class SqliteJournal
{
    /// <summary>
    /// Checks that the journal can be opened (and, for writing, created), so that a bad path is
    /// reported as a user error before a run starts rather than as a journal failure mid-run.
    /// </summary>
    public static string Open(string path, bool mustExist)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new InputError($"journal {path}: is a directory, not a SQLite file");
        if (mustExist && !File.Exists(full)) throw new InputError($"journal {path}: file does not exist");
        var dir = Path.GetDirectoryName(full)!;
        if (!mustExist && !Directory.Exists(dir)) throw new InputError($"journal {path}: directory {dir} does not exist");
        var existing = File.Exists(full) && new FileInfo(full).Length > 0;
        try
        {
            using var connection = new SqliteConnection(ConnectionString(full, mustExist ? SqliteOpenMode.ReadWrite : SqliteOpenMode.ReadWriteCreate));
            connection.Open();
            Execute(connection, "PRAGMA schema_version;");
            // Each check reads every page of its file: the partition files are checked side by side.
            var partitionChecks = PartitionFiles(full).Select(partition => Task.Run(() => RequireIntact(partition))).ToArray();
            try { if (existing) RequireIntact(connection, path); }
            finally { Task.WhenAll(partitionChecks).ContinueWith(_ => { }, TaskScheduler.Default).Wait(); }
            foreach (var check in partitionChecks) check.GetAwaiter().GetResult();
            // Checked before anything is written: a journal that is not ours stays untouched.
            JournalSchema.RequireTagsColumn(connection, "SELECT name FROM pragma_table_info('journal')", path, "give another --journal or --out");
            // A journal that is only read (replay, bindings) is not switched to WAL nor written to; a run left it in WAL mode already.
            if (!mustExist) RequireWritable(connection, path);
        }
        catch (SqliteException e)
        {
            throw new InputError($"journal {path}: cannot be opened as a SQLite database ({e.Message.TrimEnd('.')})");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
        return full;
    }

    const int ReadOnly = 8; // SQLITE_READONLY

    /// <summary>
    /// A write that is rolled back: in WAL mode a read-only file still grants BEGIN IMMEDIATE,
    /// and only a page written shows that it cannot be.
    /// </summary>
    const string WriteProbe = "BEGIN IMMEDIATE; CREATE TABLE dmm_write_probe (x INTEGER); ROLLBACK;";

    static InputError NotWritable(string path, SqliteException e) =>
        new($"journal {path}: cannot be written ({e.Message.TrimEnd('.')}: a read-only file or directory); " +
            "give a journal that can be written, or another --out");

    /// <summary>
    /// A run writes its first event within a second of starting; a file or directory it cannot
    /// write would fail then, inside the journal actor, with the run half begun. A write
    /// transaction opened and rolled back on every file of the journal finds that first.
    /// </summary>
    static void RequireWritable(SqliteConnection connection, string path)
    {
        Probe(connection, path);
        foreach (var partition in PartitionFiles(Path.GetFullPath(path)))
        {
            using var other = new SqliteConnection(ConnectionString(partition, SqliteOpenMode.ReadWrite));
            other.Open();
            Probe(other, partition);
        }
    }

    static void Probe(SqliteConnection connection, string path)
    {
        try
        {
            // WAL lets the query side read while the journal writes, and makes a commit one
            // append instead of a rewrite of the rollback journal.
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, WriteProbe);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == ReadOnly) { throw NotWritable(path, e); }
    }

    static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// A journal damaged on disk (truncated, overwritten) would fail mid-read or mid-run, or
    /// worse, read back short; SQLite's own page and index check finds it first.
    /// </summary>
    static void RequireIntact(SqliteConnection connection, string path)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check(5);";
        var problems = new List<string>();
        using (var reader = command.ExecuteReader())
            while (reader.Read()) problems.Add(reader.GetString(0));
        if (problems is ["ok"]) return;
        throw new InputError($"journal {path}: is damaged (truncated or overwritten): SQLite's integrity check reports " +
                             $"\"{string.Join("; ", problems)}\"; it is left as it is");
    }

    /// <summary>
    /// The file of one partition: the journal file itself for partition 0, so a journal of one
    /// partition is laid out as before partitions existed; "journal.p3.db" beside "journal.db" for 3.
    /// </summary>
    public static string PartitionPath(string fullPath, int partition) =>
        partition == 0 ? fullPath
            : Path.Combine(Path.GetDirectoryName(fullPath)!, $"{Path.GetFileNameWithoutExtension(fullPath)}.p{partition}{Path.GetExtension(fullPath)}");

    /// <summary>The partition files (1 and up) that exist beside the journal file.</summary>
    static IEnumerable<string> PartitionFiles(string fullPath) =>
        Enumerable.Range(1, JournalPartitions.Max - 1).Select(p => PartitionPath(fullPath, p)).Where(File.Exists);

    /// <summary>
    /// Before a run is read: the file of every partition that holds one of its anchors must be
    /// there, or the run would read back short; a missing file is reported, never created.
    /// </summary>
    public static void RequirePartitions(string fullPath, RunStarted run)
    {
        var used = Enumerable.Range(0, run.Anchors)
            .Select(a => JournalPartitions.Of(PersistenceIds.Anchor(run.RunId, a), run.Partitions)).Distinct().Order();
        foreach (var p in used)
            if (!File.Exists(PartitionPath(fullPath, p)))
                throw new InputError($"journal {fullPath}: run {run.RunId} was written to {run.Partitions} partitions, " +
                                     $"but partition file {PartitionPath(fullPath, p)} is missing");
    }

    static void RequireIntact(string partitionPath)
    {
        try
        {
            using var connection = new SqliteConnection(ConnectionString(partitionPath, SqliteOpenMode.ReadWrite));
            connection.Open();
            RequireIntact(connection, partitionPath);
        }
        catch (SqliteException e)
        {
            throw new InputError($"journal partition {partitionPath}: cannot be opened as a SQLite database ({e.Message.TrimEnd('.')})");
        }
    }

    public static string ConnectionString(string fullPath, SqliteOpenMode mode = SqliteOpenMode.ReadWriteCreate) =>
        new SqliteConnectionStringBuilder { DataSource = fullPath, Mode = mode, Pooling = true, DefaultTimeout = 60 }.ToString();
}
