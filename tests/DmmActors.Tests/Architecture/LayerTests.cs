using DmmActors.Practices;
using Xunit;

namespace DmmActors.Tests.Architecture;

/// <summary>
/// The folders of src/DmmActors are layers (README, "Layout"): what one uses, it does not use in
/// return, through any chain of others (issue 23). Read from the compiled assembly's IL.
/// </summary>
public class LayerTests
{
    static readonly string Emulator = typeof(Practice).Assembly.Location;

    /// <summary>Top-level folders, then every namespace (a practice's folder, Protocol.Wire) on its own.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(int.MaxValue)]
    public void No_folder_imports_another_that_imports_it_back(int depth)
    {
        var graph = new FolderGraph(Emulator, "DmmActors", depth);
        var cycles = graph.Cycles();
        Assert.True(cycles.Count == 0, "folders in a cycle of imports:\n" + string.Join("\n", cycles.Select(c => Describe(graph, c))));
    }

    [Fact]
    public void The_graph_sees_the_imports_that_are_there()
    {
        var graph = new FolderGraph(Emulator, "DmmActors");
        Assert.Contains("Protocol", graph.Uses("Practices"));
        Assert.Contains("ProxyBindingUpdate", graph.TypesUsed("Practices", "Protocol"));
        Assert.DoesNotContain("Practices", graph.Uses("Protocol"));
        Assert.True(graph.Folders.Count() > 20, string.Join(", ", graph.Folders));
    }

    /// <summary>
    /// The README's layout drawing numbers each folder with its layer, the longest chain of imports
    /// from it down to the bottom; a drawing that no longer matches the code misleads a newcomer more
    /// than none, so the numbers are read back and compared with the graph.
    /// </summary>
    [Fact]
    public void The_readme_draws_every_folder_at_its_layer()
    {
        var graph = new FolderGraph(Emulator, "DmmActors");
        var layers = new Dictionary<string, int>();
        int Layer(string folder) => layers.TryGetValue(folder, out var l) ? l
            : layers[folder] = graph.Uses(folder).Select(Layer).DefaultIfEmpty(-1).Max() + 1;

        var drawn = new Dictionary<string, int>();
        var current = -1;
        foreach (var line in DrawingLines())
        {
            var m = System.Text.RegularExpressions.Regex.Match(line, @"^\s*(\d+)?\s+([A-Z]\w*)/\s");
            if (!m.Success) continue;
            if (m.Groups[1].Success) current = int.Parse(m.Groups[1].Value);
            drawn[m.Groups[2].Value] = current;
        }
        var actual = graph.Folders.Where(f => f != "(root)").ToDictionary(f => f, Layer);
        Assert.Equal(actual.OrderBy(p => p.Key).Select(p => $"{p.Value} {p.Key}"), drawn.OrderBy(p => p.Key).Select(p => $"{p.Value} {p.Key}"));
    }

    static IEnumerable<string> DrawingLines()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "README.md"))) dir = dir.Parent;
        var lines = File.ReadAllLines(Path.Combine(dir?.FullName ?? throw new FileNotFoundException("no README.md above the test's folder"), "README.md"));
        return lines.SkipWhile(l => l != "## Layout").SkipWhile(l => l != "```").Skip(1).TakeWhile(l => l != "```");
    }

    static string Describe(FolderGraph graph, IReadOnlyList<string> cycle) =>
        string.Join("\n", cycle.SelectMany(from => graph.Uses(from).Where(cycle.Contains)
            .Select(to => $"  {from} -> {to}: {string.Join(", ", graph.TypesUsed(from, to))}")));
}
