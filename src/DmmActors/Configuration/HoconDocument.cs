using System.Text.RegularExpressions;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace DmmActors.Configuration;

/// <summary>
/// The one way a user's HOCON becomes a <see cref="Config"/>: its structure checked first
/// (<see cref="HoconStructure"/>), includes read under an <see cref="IncludePolicy"/>,
/// parser errors placed at a line and column, and substitutions checked for cycles before
/// any value is read (<see cref="HoconSubstitutions"/>). Every problem is an
/// <see cref="InputError"/> of the form <c>FILE:LINE:COLUMN: malformed HOCON: ...</c>.
/// </summary>
public static partial class HoconDocument
{
    /// <summary>A string as a HOCON quoted string, for settings written into config text.</summary>
    public static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    public static Config Parse(string text, string source, IncludePolicy includes)
    {
        var root = ParseText(text, source, includes, includes.Folder, includes.Scenario is { } file ? [includes.Display(file)] : []);
        if (HoconSubstitutions.Problem(root.Value) is { } problem) throw new InputError($"{source}: malformed HOCON: {problem}");
        return new Config(root);
    }

    static HoconRoot ParseText(string text, string source, IncludePolicy includes, string? folder, IReadOnlyList<string> chain)
    {
        if (HoconStructure.Problem(text) is { } problem) throw Malformed(source, problem.At, problem.Message);
        try { return Parser.Parse(text, name => Include(name, source, includes, folder, chain)); }
        catch (InputError) { throw; }
        catch (Exception e)
        {
            // Akka's tokenizer names a character offset; an editor wants a line and a column.
            var message = e.Message.Split('\n')[0].Trim();
            return Offset().Match(message) is { Success: true } m && int.TryParse(m.Groups[1].Value, out var offset)
                ? throw Malformed(source, TextPosition.Of(text, offset), Offset().Replace(message, "").TrimEnd(':', ' ', '.'))
                : throw new InputError($"{source}: malformed HOCON: {message}");
        }
    }

    static HoconRoot Include(string name, string includedFrom, IncludePolicy includes, string? folder, IReadOnlyList<string> chain)
    {
        var path = includes.Resolve(name, folder, includedFrom);
        var shown = includes.Display(path);
        if (chain.Contains(shown))
            throw new InputError($"{includedFrom}: include \"{name}\": include cycle ({string.Join(" -> ", [.. chain, shown])})");
        if (chain.Count >= IncludePolicy.MaxDepth)
            throw new InputError($"{includedFrom}: include \"{name}\": includes nest more than {IncludePolicy.MaxDepth} files deep");
        string text;
        try { text = IncludePolicy.Read(path, "included file"); }
        catch (InputError e) { throw new InputError($"{includedFrom}: include \"{name}\": {e.Message}"); }
        return ParseText(text, shown, includes, Path.GetDirectoryName(path), [.. chain, shown]);
    }

    static InputError Malformed(string source, TextPosition at, string problem) => new($"{source}:{at}: malformed HOCON: {problem}");

    [GeneratedRegex(@"\s*at position (\d+)")]
    private static partial Regex Offset();
}
