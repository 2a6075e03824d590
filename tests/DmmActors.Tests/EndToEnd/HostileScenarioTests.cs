using Xunit;

namespace DmmActors.Tests.EndToEnd;

/// <summary>
/// The corpus of hostile scenarios (Corpus/scenarios), each run as a user would: one line on
/// stderr naming the problem, exit 2, no stack trace. In a process of its own, so that a
/// stack overflow, which no handler can catch, fails one test instead of the whole run.
/// </summary>
public class HostileScenarioTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("dmm-hostile-").FullName;

    static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "Corpus", "scenarios");

    public static IEnumerable<object[]> Files() =>
        Directory.GetFiles(Corpus, "*.conf").Order().Select(f => new object[] { Path.GetFileName(f) });

    /// <summary>The `# expect: TEXT` lines at the top of a corpus file.</summary>
    static string[] Expected(string path) =>
        File.ReadLines(path).TakeWhile(l => l.StartsWith('#')).Where(l => l.StartsWith("# expect: "))
            .Select(l => l["# expect: ".Length..]).ToArray();

    [Theory]
    [MemberData(nameof(Files))]
    public void A_hostile_scenario_ends_in_one_line_and_exit_2(string file)
    {
        var path = Path.Combine(Corpus, file);
        var expected = Expected(path);
        Assert.NotEmpty(expected);

        var result = DmmProgram.Run(dir, "run", path, "--out", "out");

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr[..Math.Min(2000, result.Stderr.Length)]}");
        var line = Assert.Single(result.Stderr.Trim().Split('\n'));
        foreach (var piece in expected) Assert.Contains(piece, line);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")), "nothing may be written for a bad scenario");
    }

    [Fact]
    public void An_include_outside_the_folder_is_read_with_allow_include()
    {
        var outside = Directory.CreateTempSubdirectory("dmm-outside-").FullName;
        File.WriteAllText(Path.Combine(outside, "size.conf"), "dmm.scenario { mobile-nodes = 40, topology { access-routers = 9, anchors = 2 } }");
        var scenarioDir = Directory.CreateDirectory(Path.Combine(dir, "scenarios")).FullName;
        var scenario = Path.Combine(scenarioDir, "main.conf");
        File.WriteAllText(scenario, $"include \"{Path.Combine(outside, "size.conf")}\"\ndmm.scenario.mobility.handovers-per-node = 1\n");

        var refused = DmmProgram.Run(dir, "run", scenario, "--out", "out");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("give --allow-include to read it", refused.Stderr);

        var allowed = DmmProgram.Run(dir, "run", scenario, "--out", "out", "--allow-include");
        Assert.True(allowed.ExitCode == 0, allowed.Stdout + allowed.Stderr);
        Assert.Contains("40 mobile nodes", allowed.Stdout);
    }

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
