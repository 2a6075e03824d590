using DmmActors.Metrics;
using DmmActors.Persistence;
using DmmActors.Replay;
using DmmActors.Reports;
using DmmActors.Run;
using DmmActors.Configuration;
using DmmActors.Control;
using DmmActors.Storm;
using Xunit.Abstractions;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Data.Sqlite;
using Xunit;

namespace DmmActors.Tests.Fuzz;

/// <summary>A journal of a small run, written once for the fuzz tests.</summary>
public sealed class SmallJournal : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("dmm-journal-fuzz-").FullName;
    public string Path => System.IO.Path.Combine(Dir, "journal.db");
    /// <summary>The same journal without its run's RunCompleted entry: a run stopped before its end, for --resume.</summary>
    public string UnfinishedPath => System.IO.Path.Combine(Dir, "unfinished.db");
    public long Rows { get; }
    public RunSummary Summary { get; }

    public SmallJournal()
    {
        var journal = JournalTarget.Sqlite(SqliteJournal.Open(Path, mustExist: false)) with { Partitions = 1 };
        Summary = EmulationRun.ExecuteAsync(TestRuns.Scenario("pmipv6-multi-lma", mobileNodes: 30, handovers: 2), journal, new Progress<RunProgress>())
            .GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={Path}"))
        {
            connection.Open();
            // Still in WAL mode, as every journal a run writes is, but with everything in the one file that the tests copy.
            using (var wal = connection.CreateCommand()) { wal.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);"; wal.ExecuteNonQuery(); }
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT max(ordering) FROM journal";
            Rows = (long)count.ExecuteScalar()!;
        }
        SqliteConnection.ClearAllPools();
        File.Copy(Path, UnfinishedPath);
        using (var connection = new SqliteConnection($"Data Source={UnfinishedPath};Pooling=False"))
        {
            connection.Open();
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM journal WHERE manifest LIKE 'RunCompleted%'";
            if (delete.ExecuteNonQuery() < 1) throw new InvalidOperationException("the small run recorded no RunCompleted entry");
            delete.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            delete.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// The journal's readers fed damaged journals: rows whose payload, manifest or serializer was
/// altered, files with bytes overwritten or cut short, and files that are noise. `dmm replay`,
/// `dmm bindings` and `--resume` each read it back, refuse it in one line, or (for damage that
/// still decodes) report what it breaks; none of them crashes, and none writes to it.
/// </summary>
[Collection("actors")]
public class JournalFuzzTests(SmallJournal small, ITestOutputHelper output) : IClassFixture<SmallJournal>
{
    int copies;

    string Copy(string? from = null)
    {
        var path = Path.Combine(small.Dir, $"copy-{Interlocked.Increment(ref copies)}.db");
        File.Copy(from ?? small.Path, path, overwrite: true);
        return path;
    }

    /// <summary>How the fuzzed inputs ended, so that a run shows what it exercised.</summary>
    readonly Dictionary<string, int> tally = new();

    void Count(string outcome)
    {
        lock (tally) tally[outcome] = tally.GetValueOrDefault(outcome) + 1;
    }

    void PrintTally() => output.WriteLine(string.Join(", ", tally.OrderBy(t => t.Key).Select(t => $"{t.Key}: {t.Value}")));

    /// <summary>
    /// `dmm replay`'s reader: the run rebuilt (its verdict, clean or not, is what the command
    /// prints and exits on) or a one-line refusal, and the file byte for byte as it was.
    /// </summary>
    bool Replays(string path, Func<string> describe) => Unchanged(path, describe, () =>
    {
        var result = JournalReplay.ReplayAsync(path, null).GetAwaiter().GetResult();
        Count(result.Clean ? "replayed clean" : result.Violations.Count > 0 ? "violations reported" : "differs from the ledger, reported");
    });

    bool Unchanged(string path, Func<string> describe, Action read)
    {
        var before = File.ReadAllBytes(path);
        var outcome = Outcome.SucceedsOrRefuses(() =>
        {
            try { read(); }
            catch (InputError) { Count("refused in one line"); throw; }
        }, describe);
        SqliteConnection.ClearAllPools();
        Assert.True(before.AsSpan().SequenceEqual(File.ReadAllBytes(path)), $"the reader wrote to the journal; input: {describe()}");
        return outcome;
    }

    static void Execute(string path, string sql, Action<SqliteCommand> bind)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        command.ExecuteNonQuery();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        command.Parameters.Clear();
        command.ExecuteNonQuery();
    }

    /// <summary>The baseline every damaged copy is measured against: the run, rebuilt, is the run.</summary>
    [Fact]
    public void The_unaltered_journal_replays_to_the_run_s_own_figures_with_no_violation()
    {
        var path = Copy();
        var before = File.ReadAllBytes(path);
        var replay = JournalReplay.ReplayAsync(path, null).GetAwaiter().GetResult();
        Assert.Empty(replay.Violations);
        Assert.True(replay.Clean);
        Assert.Equal(small.Summary.BindingsChecksum, replay.Summary.BindingsChecksum);
        Assert.Equal(small.Summary.Handovers, replay.Summary.Handovers);
        Assert.Equal(small.Summary.Attaches, replay.Summary.Attaches);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    /// <summary>A row's payload, a few bytes changed or cut short.</summary>
    static Gen<(int Row, int[] Offsets, int[] Values, int Cut)> AlteredPayload(long rows) =>
        from row in Gen.Choose(1, (int)rows)
        from edits in Gen.Choose(1, 4)
        from offsets in Gen.Choose(0, int.MaxValue).ArrayOf(edits)
        from values in Gen.Choose(0, 255).ArrayOf(edits)
        from cut in Gen.Frequency((3, Gen.Constant(-1)), (1, Gen.Choose(0, 64)))
        select (Row: row, Offsets: offsets, Values: values, Cut: cut);

    /// <summary>Applies the alteration to a copy of <paramref name="from"/>; returns the copy and the payload written.</summary>
    (string Path, byte[] Payload) Alter(string from, (int Row, int[] Offsets, int[] Values, int Cut) c)
    {
        var path = Copy(from);
        byte[] payload;
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var select = connection.CreateCommand();
            select.CommandText = "SELECT message FROM journal WHERE ordering = @o";
            select.Parameters.AddWithValue("@o", c.Row);
            payload = select.ExecuteScalar() as byte[] ?? [];
        }
        for (int k = 0; k < c.Offsets.Length && payload.Length > 0; k++) payload[c.Offsets[k] % payload.Length] = (byte)c.Values[k];
        if (c.Cut >= 0) payload = payload[..Math.Min(c.Cut, payload.Length)];
        Execute(path, "UPDATE journal SET message = @m WHERE ordering = @o", cmd =>
        {
            cmd.Parameters.AddWithValue("@m", payload);
            cmd.Parameters.AddWithValue("@o", c.Row);
        });
        SqliteConnection.ClearAllPools();
        return (path, payload);
    }

    [Fact]
    public void A_row_with_an_altered_payload_replays_with_what_it_breaks_reported_or_is_refused_in_one_line()
    {
        Check.One(Outcome.Cases(120), Prop.ForAll(AlteredPayload(small.Rows).ToArbitrary(), c =>
        {
            var (path, payload) = Alter(small.Path, c);
            return Replays(path, () => $"row {c.Row} payload {Convert.ToHexString(payload)}");
        }));
        PrintTally();
    }

    [Fact]
    public void A_row_with_an_altered_manifest_or_serializer_is_refused_in_one_line()
    {
        var gen =
            from row in Gen.Choose(1, (int)small.Rows)
            from manifest in Gen.Elements("", "RunStarted.v1", "BindingRegistered.v999", "x", "ProcedureEnded.v1")
            from serializer in Gen.Elements(DmmSerializer.Id, 1, 0, -5)
            select (Row: row, Manifest: manifest, Serializer: serializer);
        Check.One(Outcome.Cases(60), Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var path = Copy();
            Execute(path, "UPDATE journal SET manifest = @m, identifier = @s WHERE ordering = @o", cmd =>
            {
                cmd.Parameters.AddWithValue("@m", c.Manifest);
                cmd.Parameters.AddWithValue("@s", c.Serializer);
                cmd.Parameters.AddWithValue("@o", c.Row);
            });
            SqliteConnection.ClearAllPools();
            return Replays(path, () => c.ToString());
        }));
        PrintTally();
    }

    [Fact]
    public void A_file_with_bytes_overwritten_or_cut_short_is_refused_in_one_line()
    {
        var length = (int)new FileInfo(small.Path).Length;
        var gen =
            from at in Gen.Choose(0, length - 1)
            from noise in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().Resize(64)
            from cut in Gen.Frequency((2, Gen.Constant(-1)), (1, Gen.Choose(0, length)))
            select (At: at, Noise: noise, Cut: cut);
        Check.One(Outcome.Cases(120), Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var path = Copy();
            var bytes = File.ReadAllBytes(path);
            c.Noise.AsSpan(0, Math.Min(c.Noise.Length, bytes.Length - c.At)).CopyTo(bytes.AsSpan(c.At));
            File.WriteAllBytes(path, c.Cut >= 0 ? bytes[..c.Cut] : bytes);
            return Replays(path, () => $"{c.Noise.Length} bytes at {c.At}, cut at {c.Cut}");
        }));
        PrintTally();
    }

    [Fact]
    public void Noise_is_refused_in_one_line()
    {
        Check.One(Outcome.Cases(60), Prop.ForAll(
            Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().Resize(4096).ToArbitrary(), noise =>
            {
                var path = Path.Combine(small.Dir, $"noise-{Interlocked.Increment(ref copies)}.db");
                File.WriteAllBytes(path, noise);
                return Replays(path, () => Convert.ToHexString(noise[..Math.Min(64, noise.Length)]));
            }));
        PrintTally();
    }

    /// <summary>
    /// A reader that starts an actor system or a run fed copies of <paramref name="from"/> with one
    /// row altered: it reads, refuses in one line, or fails in one line (RunFailed, exit 1) naming
    /// what it met; the copy is left as it was. <paramref name="read"/> says what it read.
    /// </summary>
    void AlteredRowsAreReadOrReported(string from, int cases, Func<string, string> read, string failedInOneLine)
    {
        Check.One(Outcome.Cases(cases), Prop.ForAll(AlteredPayload(small.Rows).ToArbitrary(), c =>
        {
            var (path, payload) = Alter(from, c);
            return Unchanged(path, () => $"row {c.Row} payload {Convert.ToHexString(payload)}", () =>
            {
                try { Count(read(path)); }
                catch (RunFailed e) when (!e.Message.Contains('\n')) { Count(failedInOneLine); }
            });
        }));
        PrintTally();
    }

    /// <summary>
    /// `dmm bindings` brings each anchor back through Akka.Persistence's own recovery, so its
    /// path through a damaged row is the actors', not replay's: fewer cases, each an actor system.
    /// </summary>
    [Fact]
    public void Bindings_of_a_journal_with_an_altered_row_are_recovered_or_refused_in_one_line_and_the_journal_is_left_as_it_was() =>
        AlteredRowsAreReadOrReported(small.Path, 12, path =>
            BindingsRecovery.RecoverAsync(path, null).GetAwaiter().GetResult().Checksum == small.Summary.BindingsChecksum
                ? "recovered, same checksum" : "recovered, checksum differs (reported)",
            "an anchor's recovery failed, in one line");

    /// <summary>
    /// `--resume` reads where each node stood from a run that stopped: a damaged row gives a
    /// resume point, a one-line refusal, or one line saying which invariants the journal breaks.
    /// </summary>
    [Fact]
    public void Resuming_from_a_journal_with_an_altered_row_starts_or_is_refused_in_one_line_and_the_journal_is_left_as_it_was() =>
        AlteredRowsAreReadOrReported(small.UnfinishedPath, 60, path =>
            $"resume point read ({ResumePoint.LoadAsync(path, "latest").GetAwaiter().GetResult().Nodes.Count} nodes)",
            "invariants broken, reported in one line");
}
