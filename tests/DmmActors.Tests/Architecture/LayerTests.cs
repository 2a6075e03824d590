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

    static string Describe(FolderGraph graph, IReadOnlyList<string> cycle) =>
        string.Join("\n", cycle.SelectMany(from => graph.Uses(from).Where(cycle.Contains)
            .Select(to => $"  {from} -> {to}: {string.Join(", ", graph.TypesUsed(from, to))}")));
}
