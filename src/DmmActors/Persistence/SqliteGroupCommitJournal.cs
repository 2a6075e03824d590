using System.Collections.Immutable;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Serialization;
using Microsoft.Data.Sqlite;

namespace DmmActors.Persistence;

/// <summary>
/// The SQLite write side of the journal: the rows Akka.Persistence.Sql would write (same
/// table, same columns, tags in the row), so its query side and `dmm replay` read them as
/// before, but written the way SQLite is fast: one writer, one prepared statement, and every
/// write that queued up while the last transaction committed goes into the next one (group
/// commit across the anchors of its partition; each partition is a file and a writer of its
/// own, so partitions commit in parallel). A write's task completes only once its transaction has
/// committed, so an anchor still acknowledges a registration only when its event is durable.
/// </summary>
public sealed class SqliteGroupCommitJournal : AsyncWriteJournal
{
    sealed record Row(string PersistenceId, long SequenceNr, byte[] Message, string Tags, string Manifest, int Identifier);

    /// <summary>One WriteMessages call: its atomic writes' rows, and where each write's outcome goes.</summary>
    sealed record PendingWrite(IReadOnlyList<Row[]> Writes, int Rows, TaskCompletionSource<Exception?[]> Done);

    /// <summary>Rows at most in one transaction; past this a queue of writes is split.</summary>
    const int MaxRowsPerTransaction = 20_000;

    readonly string connectionString;
    readonly string writerUuid = Guid.NewGuid().ToString("N");
    readonly Channel<PendingWrite> queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    readonly Thread writer;
    readonly Akka.Serialization.Serialization serialization;
    /// <summary>Anchors reuse one tag set per event kind; its column text is built once.</summary>
    readonly System.Runtime.CompilerServices.ConditionalWeakTable<IImmutableSet<string>, string> tagColumns = new();

    public SqliteGroupCommitJournal(Akka.Configuration.Config config)
    {
        connectionString = config.GetString("connection-string")
                           ?? throw new ArgumentException("the SQLite journal plugin's connection-string is not set");
        serialization = Context.System.Serialization;
        using (var connection = Open())
        using (var create = connection.CreateCommand())
        {
            // Akka.Persistence.Sql's table (SQLite.MS), so its read journal finds the rows. Of its
            // indexes only the one every read here uses (persistence id, sequence number): its
            // indexes on `created` and `sequence_number` alone serve no query dmm makes, and each
            // cost every insert a B-tree write. A journal that has them keeps them.
            // WAL: a commit is one append, and readers never block the writer. A partition file is
            // new the first time its plugin starts, so this is where it gets the mode.
            create.CommandText = """
                PRAGMA journal_mode=WAL;
                CREATE TABLE IF NOT EXISTS [journal] (
                  [ordering] INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, [created] INTEGER NOT NULL, [deleted] Bit NOT NULL,
                  [persistence_id] NVarChar(255) NOT NULL, [sequence_number] INTEGER NOT NULL, [message] VarBinary NOT NULL,
                  [tags] NVarChar(100) NULL, [manifest] NVarChar(500) NULL, [identifier] INTEGER NULL, [writer_uuid] NVarChar(128) NULL);
                CREATE UNIQUE INDEX IF NOT EXISTS journal_uq ON journal (persistence_id, sequence_number);
                """;
            create.ExecuteNonQuery();
        }
        // A thread of its own: SQLite's calls block, and the pool's threads belong to the actors.
        writer = new Thread(WriteLoop) { IsBackground = true, Name = $"dmm-sqlite-journal {Path.GetFileName(new SqliteConnectionStringBuilder(connectionString).DataSource)}" };
        writer.Start();
    }

    SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    protected override async Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = new List<Row[]>();
        var refused = new List<(int Index, Exception Error)>();
        foreach (var write in messages)
        {
            try { writes.Add(((IImmutableList<IPersistentRepresentation>)write.Payload).Select(ToRow).ToArray()); }
            catch (Exception e) { refused.Add((writes.Count, e)); writes.Add([]); }
        }
        var done = new TaskCompletionSource<Exception?[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await queue.Writer.WriteAsync(new PendingWrite(writes, writes.Sum(w => w.Length), done), cancellationToken);
        var results = await done.Task;
        foreach (var (index, error) in refused) results[index] = error;
        return results.All(r => r is null) ? null! : results.ToImmutableList();
    }

    Row ToRow(IPersistentRepresentation p)
    {
        var (payload, tags) = p.Payload is Tagged tagged ? (tagged.Payload, tagColumns.GetValue(tagged.Tags, TagColumn)) : (p.Payload, "");
        var serializer = serialization.FindSerializerFor(payload);
        return new Row(p.PersistenceId, p.SequenceNr, serializer.ToBinary(payload), tags,
            Akka.Serialization.Serialization.ManifestFor(serializer, payload), serializer.Identifier);
    }

    /// <summary>Akka.Persistence.Sql's Csv tag format: sorted, each between semicolons.</summary>
    static string TagColumn(IImmutableSet<string> tags) =>
        tags.Count == 0 ? "" : ";" + string.Join(";", tags.OrderBy(t => t, StringComparer.Ordinal)) + ";";

    void WriteLoop()
    {
        var reader = queue.Reader;
        SqliteConnection connection;
        try { connection = Open(); }
        catch (Exception e)
        {
            // No connection, no durable writes: every write fails, and its anchor stops.
            while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                while (reader.TryRead(out var write)) write.Done.TrySetException(e);
            return;
        }
        using (connection)
        {
            var group = new List<PendingWrite>();
            while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                group.Clear();
                var rows = 0;
                while (rows < MaxRowsPerTransaction && reader.TryRead(out var write))
                {
                    group.Add(write);
                    rows += write.Rows;
                }
                Commit(connection, group);
            }
        }
    }

    void Commit(SqliteConnection connection, IReadOnlyList<PendingWrite> group)
    {
        try
        {
            Insert(connection, group.SelectMany(g => g.Writes).SelectMany(w => w));
            foreach (var g in group) g.Done.TrySetResult(new Exception?[g.Writes.Count]);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
        {
            // One write refused (a sequence number already taken) must not fail the others: each
            // on its own, and only the refused one is rejected; its anchor carries on.
            foreach (var g in group)
            {
                var results = new Exception?[g.Writes.Count];
                for (int i = 0; i < g.Writes.Count; i++)
                {
                    try { Insert(connection, g.Writes[i]); }
                    catch (SqliteException refused) when (refused.SqliteErrorCode == SqliteConstraint) { results[i] = refused; }
                    catch (Exception failed) { g.Done.TrySetException(failed); break; }
                }
                g.Done.TrySetResult(results);
            }
        }
        catch (Exception e)
        {
            // The disk, not the data: the writes failed, and their anchors stop rather than acknowledge.
            foreach (var g in group) g.Done.TrySetException(e);
        }
    }

    /// <summary>SQLITE_CONSTRAINT.</summary>
    const int SqliteConstraint = 19;

    /// <summary>
    /// Rows per INSERT statement. A statement per row spends most of its time in the statement's
    /// own round (bind, step, reset) rather than in the B-tree; many rows per statement is the
    /// way SQLite takes a batch fastest.
    /// </summary>
    const int RowsPerStatement = 64;

    void Insert(SqliteConnection connection, IEnumerable<Row> rows)
    {
        using var tx = connection.BeginTransaction();
        var created = DateTime.UtcNow.Ticks;
        var chunk = new List<Row>(RowsPerStatement);
        SqliteCommand? full = null;
        try
        {
            foreach (var row in rows)
            {
                chunk.Add(row);
                if (chunk.Count < RowsPerStatement) continue;
                full ??= InsertStatement(connection, tx, RowsPerStatement, created);
                Execute(full, chunk);
                chunk.Clear();
            }
            if (chunk.Count > 0)
            {
                using var rest = InsertStatement(connection, tx, chunk.Count, created);
                Execute(rest, chunk);
            }
        }
        finally
        {
            full?.Dispose();
        }
        tx.Commit();
    }

    /// <summary>One INSERT of <paramref name="count"/> rows: six parameters a row, and the commit's time and this writer's id shared.</summary>
    SqliteCommand InsertStatement(SqliteConnection connection, SqliteTransaction tx, int count, long created)
    {
        var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier, writer_uuid) VALUES " +
                             string.Join(",", Enumerable.Range(0, count).Select(r => $"($c, 0, $p{r}, $s{r}, $m{r}, $t{r}, $f{r}, $i{r}, $w)"));
        insert.Parameters.Add("$c", SqliteType.Integer).Value = created;
        insert.Parameters.Add("$w", SqliteType.Text).Value = writerUuid;
        for (int r = 0; r < count; r++)
        {
            insert.Parameters.Add($"$p{r}", SqliteType.Text);
            insert.Parameters.Add($"$s{r}", SqliteType.Integer);
            insert.Parameters.Add($"$m{r}", SqliteType.Blob);
            insert.Parameters.Add($"$t{r}", SqliteType.Text);
            insert.Parameters.Add($"$f{r}", SqliteType.Text);
            insert.Parameters.Add($"$i{r}", SqliteType.Integer);
        }
        insert.Prepare();
        return insert;
    }

    static void Execute(SqliteCommand insert, IReadOnlyList<Row> rows)
    {
        var parameters = insert.Parameters;
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var at = 2 + r * 6;
            parameters[at].Value = row.PersistenceId;
            parameters[at + 1].Value = row.SequenceNr;
            parameters[at + 2].Value = row.Message;
            parameters[at + 3].Value = row.Tags;
            parameters[at + 4].Value = row.Manifest;
            parameters[at + 5].Value = row.Identifier;
        }
        insert.ExecuteNonQuery();
    }

    public override async Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<IPersistentRepresentation> recoveryCallback)
    {
        await using var connection = Open();
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT sequence_number, message, manifest, identifier, writer_uuid FROM journal " +
                             "WHERE persistence_id = $p AND sequence_number BETWEEN $from AND $to AND deleted = 0 ORDER BY sequence_number LIMIT $max";
        select.Parameters.AddWithValue("$p", persistenceId);
        select.Parameters.AddWithValue("$from", fromSequenceNr);
        select.Parameters.AddWithValue("$to", toSequenceNr);
        select.Parameters.AddWithValue("$max", max);
        await using var rows = await select.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            var payload = serialization.Deserialize((byte[])rows.GetValue(1), rows.GetInt32(3), rows.GetString(2));
            recoveryCallback(new Persistent(payload, rows.GetInt64(0), persistenceId, rows.GetString(2), false, ActorRefs.NoSender,
                rows.IsDBNull(4) ? null : rows.GetString(4)));
        }
    }

    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT MAX(sequence_number) FROM journal WHERE persistence_id = $p";
        select.Parameters.AddWithValue("$p", persistenceId);
        return await select.ExecuteScalarAsync() is long highest ? highest : 0;
    }

    protected override async Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE journal SET deleted = 1 WHERE persistence_id = $p AND sequence_number <= $to";
        update.Parameters.AddWithValue("$p", persistenceId);
        update.Parameters.AddWithValue("$to", toSequenceNr);
        await update.ExecuteNonQueryAsync();
    }

    protected override void PostStop()
    {
        queue.Writer.TryComplete();
        writer.Join(TimeSpan.FromSeconds(30));
        base.PostStop();
    }
}
