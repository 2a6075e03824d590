using DmmActors.Configuration;
using DmmActors.Loading;
using DmmActors.Storm;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace DmmActors.Tests.Fuzz;

/// <summary>
/// The scenario and storm loaders fed token soup and mutations of the embedded default:
/// each input is a scenario or a one-line error, never a crash.
/// </summary>
public class ScenarioFuzzTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("dmm-fuzz-").FullName;

    /// <summary>Pieces of HOCON, and of the scenario's own keys and values, that a fuzzer recombines.</summary>
    static readonly string[] Tokens =
    [
        "{", "}", "[", "]", "=", ":", ",", ".", "\n", " ", "\"", "\"\"\"", "${", "${?", "+=", "#", "//", "\\", "\\u12", "\\n",
        "include ", "include \"part.conf\"", "include \"/etc/passwd\"", "include \"../x.conf\"", "include \"fuzz.conf\"",
        "dmm", "scenario", "storm", "dmm.scenario", "dmm.storm", "phases", "type", "burst", "inject", "rate", "fraction", "window",
        "mobile-nodes", "topology", "access-routers", "anchors", "practice", "pmipv6", "dmm-anchor-relocation", "hmipv6", "seed",
        "mobility", "dwell", "multicast", "enabled", "relocation", "trigger", "load", "bindings", "lifetime",
        "0", "1", "-1", "3", "1.5", "1e9", "99999999999999999999", "2ms", "30s", "10 minutes", "on", "off", "true", "null",
        "a", "b", "${a}", "${b}", "a = ${b}", "b = ${a}", "${dmm.scenario}", "${dmm.scenario.seed}",
    ];

    static Gen<string> TokenSoup =>
        Gen.Elements(Tokens).ArrayOf().Select(t => string.Concat(t));

    /// <summary>The embedded default with a few edits: a character gone, a token put in, a span repeated.</summary>
    static Gen<string> MutatedDefault =>
        from edits in Gen.Choose(1, 6)
        from seeds in Gen.Choose(0, int.MaxValue).ArrayOf(edits * 3)
        from inserts in Gen.Elements(Tokens).ArrayOf(edits)
        select Mutate(ScenarioLoader.DefaultText + "\n" + StormLoader.DefaultText, seeds, inserts);

    static string Mutate(string text, int[] seeds, string[] inserts)
    {
        for (int k = 0; k < inserts.Length; k++)
        {
            int at = seeds[3 * k] % (text.Length + 1), length = seeds[3 * k + 1] % 40;
            text = (seeds[3 * k + 2] % 3) switch
            {
                0 => text.Remove(at, Math.Min(length, text.Length - at)),
                1 => text.Insert(at, inserts[k]),
                _ => text.Insert(at, text.Substring(at, Math.Min(length, text.Length - at))),
            };
        }
        return text;
    }

    void Load(string text)
    {
        var file = Path.Combine(dir, "fuzz.conf");
        File.WriteAllText(Path.Combine(dir, "part.conf"), "dmm.scenario.seed = 5");
        var includes = IncludePolicy.ForFile(file);
        var scenario = ScenarioLoader.Parse(text, file, includes);
        StormLoader.Parse(text, file, scenario.MobileNodes, includes);
    }

    [Fact]
    public void Token_soup_is_a_scenario_or_a_one_line_error() =>
        Check.One(Outcome.Cases(1500),
            Prop.ForAll(TokenSoup.ToArbitrary(), text => Outcome.SucceedsOrRefuses(() => Load(text), () => text)));

    [Fact]
    public void A_mutated_default_is_a_scenario_or_a_one_line_error() =>
        Check.One(Outcome.Cases(600),
            Prop.ForAll(MutatedDefault.ToArbitrary(), text => Outcome.SucceedsOrRefuses(() => Load(text), () => text)));

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
