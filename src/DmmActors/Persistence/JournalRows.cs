using System.Data.Common;
using DmmActors.Configuration;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DmmActors.Persistence;

/// <summary>One journal row, deserialized: its place in its persistence id's stream, and the payload.</summary>
public readonly record struct StoredEvent(long SequenceNr, object Payload);

/// <summary>
/// Reads the journal's rows straight from the database (Microsoft.Data.Sqlite or Npgsql), with
/// no actor system: one reader per partition, in parallel, each deserializing with
/// DmmSerializer. It opens SQLite files read-only and runs only SELECTs on PostgreSQL, so
/// nothing it reads is ever written.
/// </summary>
public sealed class JournalRows(JournalTarget journal)
{
    const string Select = "SELECT sequence_number, message, manifest, identifier FROM journal " +
                          "WHERE persistence_id = @p AND deleted = @deleted ORDER BY sequence_number";

    /// <summary>Every live event of one persistence id in one partition, in sequence order.</summary>
    public IReadOnlyList<StoredEvent> Read(string persistenceId, int partition = 0) =>
        ReadPartition(partition, [persistenceId])[0];

    /// <summary>
    /// Every live event of each persistence id, each read from the partition it falls in among
    /// <paramref name="partitions"/>; the partitions are read in parallel. Results come in the
    /// order of <paramref name="persistenceIds"/>.
    /// </summary>
    public IReadOnlyList<StoredEvent>[] ReadAll(IReadOnlyList<string> persistenceIds, int partitions, Action? readOne = null)
    {
        var result = new IReadOnlyList<StoredEvent>[persistenceIds.Count];
        var byPartition = Enumerable.Range(0, persistenceIds.Count).GroupBy(i => JournalPartitions.Of(persistenceIds[i], partitions)).ToArray();
        Parallel.ForEach(byPartition, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, partitions) }, group =>
        {
            var indices = group.ToArray();
            var streams = ReadPartition(group.Key, indices.Select(i => persistenceIds[i]).ToArray(), readOne);
            for (int k = 0; k < indices.Length; k++) result[indices[k]] = streams[k];
        });
        return result;
    }

    /// <summary>
    /// Every live event of every persistence id that starts with <paramref name="prefix"/>, from
    /// each of <paramref name="partitions"/> (one table for them all on PostgreSQL), in no
    /// particular order across ids: for streams a process named for itself, such as its procedure logs.
    /// </summary>
    public IReadOnlyList<StoredEvent> ReadWithPrefix(string prefix, int partitions)
    {
        var all = new List<StoredEvent>();
        var files = journal.Kind == JournalKind.PostgreSql ? 1 : partitions;
        var perPartition = new List<StoredEvent>[files];
        Parallel.For(0, files, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, files) }, partition =>
        {
            using var connection = Open(partition);
            using var select = connection.CreateCommand();
            // SQLite compares text byte by byte, so the ids with the prefix are one range of the
            // (persistence_id, sequence_number) index; PostgreSQL's collation may not order them so.
            select.CommandText = "SELECT sequence_number, message, manifest, identifier, persistence_id FROM journal WHERE " +
                                 (journal.Kind == JournalKind.Sqlite ? "persistence_id >= @prefix AND persistence_id < @past AND " : "") +
                                 "substr(persistence_id, 1, @n) = @prefix AND deleted = @deleted";
            Parameter(select, "@n", System.Data.DbType.Int32, prefix.Length);
            Parameter(select, "@prefix", System.Data.DbType.String, prefix);
            if (journal.Kind == JournalKind.Sqlite) Parameter(select, "@past", System.Data.DbType.String, prefix[..^1] + (char)(prefix[^1] + 1));
            Parameter(select, "@deleted", System.Data.DbType.Boolean, false);
            var events = new List<StoredEvent>();
            var payloads = new Payloads();
            using (var rows = select.ExecuteReader())
                while (rows.Read()) events.Add(Stored(rows, rows.GetString(4), payloads));
            perPartition[partition] = events;
        });
        foreach (var events in perPartition) all.AddRange(events);
        return all;
    }

    /// <summary>
    /// A read that failed, as the user's error: a journal that does not read back (damaged,
    /// not ours, a server gone) is input the program cannot use, and it is left as it is. A
    /// row that did not decode on one of the parallel readers keeps its own message.
    /// </summary>
    public static InputError Unreadable(JournalTarget journal, string what, Exception e) =>
        e is AggregateException { InnerExceptions: [.., InputError first] } ? first
            : e as InputError ?? new InputError($"journal {journal.Display}: {what} cannot be read ({e.GetBaseException().Message.TrimEnd('.')})");

    static void Parameter(DbCommand command, string name, System.Data.DbType type, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.DbType = type;
        p.Value = value;
        command.Parameters.Add(p);
    }

    /// <summary>A row (sequence_number, message, manifest, identifier first), deserialized; refused if another serializer wrote it.</summary>
    StoredEvent Stored(DbDataReader rows, string persistenceId, Payloads payloads)
    {
        var serializer = rows.GetInt32(3);
        var manifest = rows.GetString(2);
        if (serializer != DmmSerializer.Id)
            throw new InputError($"journal {journal.Display}: {persistenceId} #{rows.GetInt64(0)} was written by serializer " +
                                           $"{serializer} ({manifest}), not by dmm's ({DmmSerializer.Id}); it is left as it is");
        try { return new StoredEvent(rows.GetInt64(0), payloads.Read(rows, 1, manifest)); }
        catch (Exception e) when (e is System.Runtime.Serialization.SerializationException or InvalidCastException)
        {
            throw new InputError($"journal {journal.Display}: {persistenceId} #{rows.GetInt64(0)} ({manifest}) does not decode " +
                                           $"({e.Message.TrimEnd('.')}); the journal is damaged and is left as it is");
        }
    }

    IReadOnlyList<StoredEvent>[] ReadPartition(int partition, IReadOnlyList<string> persistenceIds, Action? readOne = null)
    {
        using var connection = Open(partition);
        using var select = connection.CreateCommand();
        select.CommandText = Select;
        var id = select.CreateParameter();
        id.ParameterName = "@p";
        id.DbType = System.Data.DbType.String;
        select.Parameters.Add(id);
        var deleted = select.CreateParameter();
        deleted.ParameterName = "@deleted";
        deleted.DbType = System.Data.DbType.Boolean;
        deleted.Value = false;
        select.Parameters.Add(deleted);
        select.Prepare();
        var streams = new IReadOnlyList<StoredEvent>[persistenceIds.Count];
        var payloads = new Payloads();
        for (int k = 0; k < persistenceIds.Count; k++)
        {
            id.Value = persistenceIds[k];
            var events = new List<StoredEvent>();
            using (var rows = select.ExecuteReader())
                while (rows.Read()) events.Add(Stored(rows, persistenceIds[k], payloads));
            streams[k] = events;
            readOne?.Invoke();
        }
        return streams;
    }

    /// <summary>One reader's payload buffer, used row after row: a million rows cost no stream or reader each.</summary>
    sealed class Payloads
    {
        readonly MemoryStream buffer = new();
        readonly BinaryReader reader;

        public Payloads() => reader = new BinaryReader(buffer);

        public object Read(DbDataReader rows, int column, string manifest)
        {
            // Both providers hand a blob over as an array of its own; it is copied, not wrapped in a new reader.
            var bytes = (byte[])rows.GetValue(column);
            buffer.SetLength(0);
            buffer.Write(bytes);
            buffer.Position = 0;
            return DmmSerializer.Read(reader, manifest);
        }
    }

    DbConnection Open(int partition)
    {
        DbConnection connection = journal.Kind switch
        {
            JournalKind.Sqlite => new SqliteConnection(SqliteJournal.ConnectionString(SqliteJournal.PartitionPath(journal.Location, partition), SqliteOpenMode.ReadOnly)),
            // Every partition's writer shares the one table; a reader of its own reads its anchors.
            JournalKind.PostgreSql => new NpgsqlConnection(journal.Location),
            _ => throw new InvalidOperationException($"journal {journal.Display} has no rows to read"),
        };
        connection.Open();
        return connection;
    }
}
