using DmmActors.Scenarios;

namespace DmmActors.Cli;

/// <summary>Positional arguments, --name value options and --flag switches; anything unexpected is an input error.</summary>
public sealed class Arguments
{
    /// <summary>Options that take no value.</summary>
    static readonly HashSet<string> Switches = ["--multicast", "--allow-include"];

    readonly List<string> positional = new();
    readonly Dictionary<string, List<string>> options = new();

    public Arguments(string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--")) { positional.Add(args[i]); continue; }
            if (Switches.Contains(args[i])) { options[args[i]] = [""]; continue; }
            if (i + 1 >= args.Length || args[i + 1].StartsWith("--"))
                throw new InputError($"option {args[i]} needs a value");
            if (!options.TryGetValue(args[i], out var values)) options[args[i]] = values = new List<string>();
            values.Add(args[++i]);
        }
    }

    public void Allow(int maxPositional, params string[] allowed)
    {
        if (positional.Count > maxPositional) throw new InputError($"unexpected argument '{positional[maxPositional]}'");
        var unknown = options.Keys.FirstOrDefault(k => !allowed.Contains(k));
        if (unknown is not null)
            throw new InputError($"unknown option {unknown} (options: {(allowed.Length == 0 ? "none" : string.Join(", ", allowed))})");
    }

    public bool Flag(string name) => options.ContainsKey(name);

    public string? Positional(int i) => i < positional.Count ? positional[i] : null;
    public string? Option(string name) => options.TryGetValue(name, out var values) ? values[^1] : null;

    /// <summary>Every value of an option that may be repeated, such as --seed.</summary>
    public IReadOnlyList<string> Options(string name) => options.TryGetValue(name, out var values) ? values : [];

    public int IntOption(string name, int fallback, int min, int max)
    {
        var raw = Option(name);
        if (raw is null) return fallback;
        return int.TryParse(raw, out var v) && v >= min && v <= max ? v
            : throw new InputError($"option {name} = '{raw}' must be an integer in {min}..{max}");
    }
}
