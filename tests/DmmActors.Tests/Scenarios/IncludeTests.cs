using DmmActors.Configuration;
using DmmActors.Loading;
using DmmActors.Practices;
using DmmActors.Storm;
using Xunit;

namespace DmmActors.Tests.Scenarios;

/// <summary>include "file" in a scenario: read relative to the including file, inside the scenario's folder.</summary>
public class IncludeTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("dmm-include-").FullName;

    string Write(string name, string text)
    {
        var path = Path.Combine(dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void An_include_in_the_folder_sets_keys_and_a_later_key_wins()
    {
        Write("parts/topology.conf", "dmm.scenario.topology { access-routers = 16, anchors = 4 }\ninclude \"seed.conf\"");
        Write("parts/seed.conf", "dmm.scenario.seed = 99");
        var main = Write("main.conf", "include \"parts/topology.conf\"\ndmm.scenario.topology.anchors = 3");

        var s = ScenarioLoader.LoadFile(main);

        Assert.Equal(16, s.AccessRouters);
        Assert.Equal(3, s.Anchors);
        Assert.Equal(99UL, s.Seed);
        // The run records what the includes brought, so its journal rebuilds it with no file.
        Assert.Equal(s with { ResolvedText = "" }, ScenarioLoader.Parse(s.ResolvedText, "recorded") with { ResolvedText = "" });
    }

    [Fact]
    public void A_storm_block_may_come_from_an_include()
    {
        Write("storm.conf", "dmm.storm.phases = [{ type = burst, fraction = 0.5, window = 2s }]");
        var main = Write("main.conf", "include \"storm.conf\"");
        var plan = StormLoader.Parse(ScenarioLoader.ReadFile(main), main, 100, IncludePolicy.ForFile(main));
        Assert.IsType<BurstPhase>(Assert.Single(plan.Phases));
    }

    [Fact]
    public void Text_that_is_not_a_file_includes_nothing()
    {
        var e = Assert.Throws<InputError>(() => ScenarioLoader.Parse($"include \"{Write("x.conf", "")}\"", "scenario of run-1"));
        Assert.Contains("only a scenario file can include others", e.Message);
    }

    [Fact]
    public void Allowing_includes_outside_the_folder_reads_them()
    {
        var outside = Directory.CreateTempSubdirectory("dmm-include-outside-").FullName;
        File.WriteAllText(Path.Combine(outside, "n.conf"), "dmm.scenario.mobile-nodes = 77");
        var main = Write("main.conf", $"include \"{Path.Combine(outside, "n.conf")}\"");

        Assert.Contains("outside the scenario's folder", Assert.Throws<InputError>(() => ScenarioLoader.LoadFile(main)).Message);
        Assert.Equal(77, ScenarioLoader.Load(main, [], allowInclude: true).MobileNodes);
    }

    [Fact]
    public void An_include_of_a_folder_is_named()
    {
        Directory.CreateDirectory(Path.Combine(dir, "parts"));
        var main = Write("main.conf", "include \"parts\"");
        var e = Assert.Throws<InputError>(() => ScenarioLoader.LoadFile(main));
        Assert.Contains("include \"parts\"", e.Message);
        Assert.Contains("is a directory, not a file", e.Message);
    }

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
