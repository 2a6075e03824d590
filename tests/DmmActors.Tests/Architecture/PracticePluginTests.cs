using System.Text.RegularExpressions;
using DmmActors.Practices;
using NetArchTest.Rules;
using Xunit;

namespace DmmActors.Tests.Architecture;

/// <summary>
/// A practice is a plug-in: a folder under Practices/ that nothing outside it names, so that a
/// new practice edits nothing elsewhere (issue 23). Read from the compiled assembly and its sources.
/// </summary>
public class PracticePluginTests
{
    const string PracticesNamespace = "DmmActors.Practices";

    static readonly System.Reflection.Assembly Emulator = typeof(Practice).Assembly;

    static string FolderOf(Practice practice) => practice.GetType().Namespace!;

    static string SourceRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DmmActors.sln"))) dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("no DmmActors.sln above the test's folder"), "src");
        }
    }

    public static TheoryData<string> PracticeNames => new(PracticeCatalog.All.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(PracticeNames))]
    public void No_type_outside_a_practice_folder_depends_on_a_type_inside_it(string name)
    {
        var folder = FolderOf(PracticeCatalog.All.Single(p => p.Name == name));
        var outside = Types.InAssembly(Emulator).That().DoNotResideInNamespaceMatching($@"^{Regex.Escape(folder)}(\..+)?$")
            .Should().NotHaveDependencyOnAny(folder).GetResult();
        Assert.True(outside.IsSuccessful, $"outside {folder}, these depend on it: {string.Join(", ", outside.FailingTypes?.Select(t => t.FullName) ?? [])}");
    }

    [Fact]
    public void No_practice_folder_depends_on_another()
    {
        var result = Types.InAssembly(Emulator).Slice().ByNamespacePrefix(PracticesNamespace).Should().NotHaveDependenciesBetweenSlices().GetResult();
        Assert.True(result.IsSuccessful, $"practice folders that depend on another: {string.Join(", ", result.FailingTypes?.Select(t => t.FullName) ?? [])}");
    }

    /// <summary>
    /// A folder holds one practice, or one family: a practice and its variants, named after it
    /// (epc, epc-sipto, epc-lipa: TS 23.401's features of one system, with its nodes and messages),
    /// which would otherwise copy the system or share it through a folder that is no practice's.
    /// </summary>
    [Fact]
    public void Every_practice_that_dmm_practices_lists_has_a_folder_of_its_family_and_every_folder_holds_one_family()
    {
        var folders = PracticeCatalog.All.Select(p => (Practice: p.Name, Namespace: FolderOf(p))).ToArray();
        Assert.All(folders, f => Assert.Matches($@"^{Regex.Escape(PracticesNamespace)}\.\w+$", f.Namespace));
        foreach (var family in folders.GroupBy(f => f.Namespace).Where(g => g.Count() > 1))
        {
            var head = family.First().Practice;
            Assert.All(family.Skip(1), f => Assert.StartsWith(head + "-", f.Practice));
        }
        var onDisk = Directory.GetDirectories(Path.Combine(SourceRoot, "DmmActors", "Practices")).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(folders.Select(f => f.Namespace[(PracticesNamespace.Length + 1)..]).Distinct().Order().ToArray(), onDisk);
        // The catalogue's order (CatalogueOrder): centralised practices first, as the draft takes them; a new practice finds its own place.
        string[] draftOrder = ["pmipv6", "pmipv6-multi-lma", "mipv6-bt", "dmm-anchor-relocation", "hmipv6"];
        Assert.Equal(draftOrder, PracticeCatalog.All.Select(p => p.Name).Where(draftOrder.Contains));
        Assert.Equal(PracticeCatalog.All.OrderBy(p => p.CatalogueOrder).Select(p => p.Name), PracticeCatalog.All.Select(p => p.Name));
    }

    /// <summary>String literals of C# code with its comments removed (verbatim and interpolated strings included).</summary>
    static IEnumerable<string> Literals(string code)
    {
        var withoutComments = Regex.Replace(code, @"//[^\n]*|/\*.*?\*/", "", RegexOptions.Singleline);
        return Regex.Matches(withoutComments, @"@?\$*""(?:[^""\\\n]|\\.)*""").Select(m => m.Value);
    }

    /// <summary>
    /// TS 23.003 §19.2's home network domain starts with the label "epc", the Evolved Packet Core's: the
    /// standard's name, which the DNS codec must write, not the practice's.
    /// </summary>
    const string ThreeGppDomain = @"(?!\.mnc\d{3}\.mcc\d{3}\.3gppnetwork\.org)";

    [Fact]
    public void No_code_outside_a_practice_folder_spells_a_practice_name()
    {
        var practices = PracticeCatalog.All.Select(p => (p.Name, Folder: Path.Combine("DmmActors", "Practices", FolderOf(p)[(PracticesNamespace.Length + 1)..]))).ToArray();
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(SourceRoot, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(SourceRoot, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")) continue;
            foreach (var literal in Literals(File.ReadAllText(file)))
            foreach (var (name, folder) in practices)
                if (!relative.StartsWith(folder + Path.DirectorySeparatorChar) && Regex.IsMatch(literal, $@"(?<![\w-]){Regex.Escape(name)}(?![\w-]){ThreeGppDomain}"))
                    found.Add($"{relative}: {literal}");
        }
        Assert.True(found.Count == 0, "practice names outside their folders:\n" + string.Join("\n", found));
    }

    [Fact]
    public void The_literal_finder_sees_strings_and_not_comments()
    {
        var code = "// pmipv6 in a comment\nvar a = \"needs pmipv6\"; var b = $\"{x} hmipv6\"; /* mipv6-bt */";
        Assert.Equal(["\"needs pmipv6\"", "$\"{x} hmipv6\""], Literals(code));
        Assert.Matches($@"(?<![\w-])epc(?![\w-]){ThreeGppDomain}", "\"epc.sgws = 4\"");
        Assert.DoesNotMatch($@"(?<![\w-])epc(?![\w-]){ThreeGppDomain}", "\"tac.epc.mnc001.mcc001.3gppnetwork.org\"");
    }
}
