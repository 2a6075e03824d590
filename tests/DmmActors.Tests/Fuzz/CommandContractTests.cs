using DmmActors.Tests.EndToEnd;
using Microsoft.Data.Sqlite;
using Xunit;
using Xunit.Abstractions;

namespace DmmActors.Tests.Fuzz;

/// <summary>
/// The contract as a user meets it, through the `dmm` program: damaged journals handed to
/// `replay`, `bindings` and `storm --resume`. Each ends with exit 0, exit 1 with the damage it
/// found on the console, or exit 2 with one line and nothing written; never a stack trace; and
/// the journal is byte for byte as it was whenever the command did not carry the run on.
/// The in-process properties (JournalFuzzTests) search wider; this checks what the program
/// makes of their kinds of damage.
/// </summary>
[Collection("actors")]
public class CommandContractTests(SmallJournal small, ITestOutputHelper output) : IClassFixture<SmallJournal>, IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("dmm-contract-").FullName;

    /// <summary>Seeded damage: a payload's bytes changed, a payload cut, a manifest renamed, a page overwritten, the file cut.</summary>
    string Damage(string from, int kind, Random random, string name)
    {
        var path = Path.Combine(dir, name);
        File.Copy(from, path);
        var row = random.Next(1, (int)small.Rows + 1);
        void Sql(string sql)
        {
            using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            command.ExecuteNonQuery();
        }
        switch (kind)
        {
            case 0: Sql($"UPDATE journal SET message = CAST(substr(message, 1, {random.Next(1, 9)}) || x'{random.Next(0, 1 << 24):X6}' || substr(message, 13) AS BLOB) WHERE ordering = {row}"); break;
            case 1: Sql($"UPDATE journal SET message = substr(message, 1, {random.Next(0, 16)}) WHERE ordering = {row}"); break;
            case 2: Sql($"UPDATE journal SET manifest = 'BindingRegistered.v999' WHERE ordering = {row}"); break;
            case 3:
            {
                var bytes = File.ReadAllBytes(path);
                random.NextBytes(bytes.AsSpan(random.Next(100, bytes.Length - 64), 64));
                File.WriteAllBytes(path, bytes);
                break;
            }
            default:
            {
                var bytes = File.ReadAllBytes(path);
                File.WriteAllBytes(path, bytes[..random.Next(0, bytes.Length)]);
                break;
            }
        }
        SqliteConnection.ClearAllPools();
        return path;
    }

    void AssertContract(DmmProgram.Result result, string journal, byte[] before, string outDir, string what, params string[] reports)
    {
        var all = result.Stdout + result.Stderr;
        output.WriteLine($"{what}: exit {result.ExitCode}: {result.Stderr.Trim()}");
        Assert.DoesNotContain("   at ", all);
        Assert.DoesNotContain("Unhandled exception", all);
        switch (result.ExitCode)
        {
            case 0: break;
            case 1:
                Assert.True(reports.Any(all.Contains) || result.Stderr.StartsWith("dmm: run failed: "), $"{what}: exit 1 with nothing said of why:\n{all}");
                Assert.True(result.Stderr.Trim().Split('\n').Length <= 1, $"{what}: more than one line on stderr:\n{result.Stderr}");
                break;
            case 2:
                Assert.Single(result.Stderr.Trim().Split('\n'));
                Assert.StartsWith("dmm: error: ", result.Stderr);
                Assert.False(Path.Exists(outDir), $"{what}: {outDir} written on a refusal");
                break;
            default:
                Assert.Fail($"{what}: exit {result.ExitCode}:\n{all}");
                break;
        }
        Assert.True(before.AsSpan().SequenceEqual(File.ReadAllBytes(journal)), $"{what}: the journal was written to");
    }

    [Fact]
    public void Damaged_journals_given_to_replay_bindings_and_resume_end_in_a_report_or_one_line_and_stay_as_they_were()
    {
        var random = new Random(7429);
        var storm = Path.Combine(dir, "storm.conf");
        File.WriteAllText(storm, "dmm.storm.phases = [ { type = burst, fraction = 0.5, window = 1s } ]");
        var exits = new List<int>();
        for (int kind = 0; kind < 5; kind++)
        {
            var journal = Damage(small.Path, kind, random, $"damaged-{kind}.db");
            var before = File.ReadAllBytes(journal);
            var replay = DmmProgram.Run(dir, "replay", "--journal", journal, "--out", $"replay-{kind}");
            AssertContract(replay, journal, before, Path.Combine(dir, $"replay-{kind}"), $"replay of damage {kind}", "violation:", "DIFFERS");
            var bindings = DmmProgram.Run(dir, "bindings", "--journal", journal);
            AssertContract(bindings, journal, before, Path.Combine(dir, "unused"), $"bindings of damage {kind}", "DIFFERS");

            var unfinished = Damage(small.UnfinishedPath, kind, random, $"unfinished-{kind}.db");
            var unfinishedBefore = File.ReadAllBytes(unfinished);
            var resumed = DmmProgram.Run(dir, "storm", storm, "--journal", unfinished, "--resume", "latest", "--out", $"resumed-{kind}");
            output.WriteLine($"resume of damage {kind}: exit {resumed.ExitCode}: {resumed.Stderr.Trim()}");
            // A resume that carried the run on has written to its journal, as it must.
            if (resumed.ExitCode == 2 || resumed.Stderr.Contains("not resumed"))
                AssertContract(resumed, unfinished, unfinishedBefore, Path.Combine(dir, $"resumed-{kind}"), $"resume of damage {kind}");
            else
            {
                Assert.DoesNotContain("   at ", resumed.Stdout + resumed.Stderr);
                Assert.True(resumed.ExitCode is 0 or 1, $"resume of damage {kind}: exit {resumed.ExitCode}");
            }
            exits.AddRange([replay.ExitCode, bindings.ExitCode, resumed.ExitCode]);
        }
        // Damage of each kind was met: some refused, some read.
        Assert.Contains(2, exits);
        Assert.True(exits.Any(e => e != 2), "every command refused every damaged journal: the damage never reached the readers past the file checks");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
