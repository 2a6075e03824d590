using DmmActors.Metrics;
using DmmActors.Persistence;
using DmmActors.Replay;
using DmmActors.Run;
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
    public long Rows { get; }

    public SmallJournal()
    {
        var journal = JournalTarget.Sqlite(SqliteJournal.Open(Path, mustExist: false)) with { Partitions = 1 };
        EmulationRun.ExecuteAsync(TestRuns.Scenario("pmipv6-multi-lma", mobileNodes: 30, handovers: 2), journal, new Progress<RunProgress>())
            .GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={Path}");
        connection.Open();
        using (var wal = connection.CreateCommand()) { wal.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;"; wal.ExecuteNonQuery(); }
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT max(ordering) FROM journal";
        Rows = (long)count.ExecuteScalar()!;
        SqliteConnection.ClearAllPools();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// `dmm replay`'s reader fed damaged journals: rows whose payload, manifest or serializer
/// was altered, files with bytes overwritten or cut short, and files that are noise. Each is
/// a replay or a one-line error, never a crash.
/// </summary>
[Collection("actors")]
public class JournalFuzzTests(SmallJournal small) : IClassFixture<SmallJournal>
{
    int copies;

    string Copy()
    {
        var path = Path.Combine(small.Dir, $"copy-{Interlocked.Increment(ref copies)}.db");
        File.Copy(small.Path, path, overwrite: true);
        return path;
    }

    static void Replay(string path) => JournalReplay.ReplayAsync(path, null).GetAwaiter().GetResult();

    static void Execute(string path, string sql, Action<SqliteCommand> bind)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        command.ExecuteNonQuery();
    }

    [Fact]
    public void The_unaltered_journal_replays() => Replay(Copy());

    [Fact]
    public void A_row_with_an_altered_payload_replays_or_is_refused_in_one_line()
    {
        var gen =
            from row in Gen.Choose(1, (int)small.Rows)
            from edits in Gen.Choose(1, 4)
            from offsets in Gen.Choose(0, int.MaxValue).ArrayOf(edits)
            from values in Gen.Choose(0, 255).ArrayOf(edits)
            from cut in Gen.Frequency((3, Gen.Constant(-1)), (1, Gen.Choose(0, 64)))
            select (Row: row, Offsets: offsets, Values: values, Cut: cut);
        Check.One(Outcome.Cases(120), Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var path = Copy();
            Execute(path, "SELECT 1", _ => { });
            byte[] payload;
            using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                using var select = connection.CreateCommand();
                select.CommandText = "SELECT message FROM journal WHERE ordering = @o";
                select.Parameters.AddWithValue("@o", c.Row);
                payload = (byte[])select.ExecuteScalar()!;
            }
            for (int k = 0; k < c.Offsets.Length && payload.Length > 0; k++) payload[c.Offsets[k] % payload.Length] = (byte)c.Values[k];
            if (c.Cut >= 0) payload = payload[..Math.Min(c.Cut, payload.Length)];
            Execute(path, "UPDATE journal SET message = @m WHERE ordering = @o", cmd =>
            {
                cmd.Parameters.AddWithValue("@m", payload);
                cmd.Parameters.AddWithValue("@o", c.Row);
            });
            return Outcome.SucceedsOrRefuses(() => Replay(path), () => $"row {c.Row} payload {Convert.ToHexString(payload)}");
        }));
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
            return Outcome.SucceedsOrRefuses(() => Replay(path), () => c.ToString());
        }));
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
            return Outcome.SucceedsOrRefuses(() => Replay(path), () => $"{c.Noise.Length} bytes at {c.At}, cut at {c.Cut}");
        }));
    }

    [Fact]
    public void Noise_is_refused_in_one_line() =>
        Check.One(Outcome.Cases(60), Prop.ForAll(
            Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().Resize(4096).ToArbitrary(), noise =>
            {
                var path = Path.Combine(small.Dir, $"noise-{Interlocked.Increment(ref copies)}.db");
                File.WriteAllBytes(path, noise);
                return Outcome.SucceedsOrRefuses(() => Replay(path), () => Convert.ToHexString(noise[..Math.Min(64, noise.Length)]));
            }));
}
