using System.CommandLine;
using DmmActors.Configuration;
using DmmActors.Scenarios;

namespace DmmActors.Cli.CommandLine;

/// <summary>
/// A parsed command line as a command reads it: the scenario argument, --name value options,
/// --flag switches and repeated options. The command tree (<see cref="DmmCommandLine"/>) has
/// already refused anything the command does not take.
/// </summary>
public sealed class Arguments(ParseResult result)
{
    public string? Scenario => Declares(DmmOptions.ScenarioName) ? result.GetValue<string?>(DmmOptions.ScenarioName) : null;

    public bool Flag(string name) => Declares(name) && result.GetValue<bool>(name);

    public string? Option(string name) => Declares(name) ? result.GetValue<string?>(name) : null;

    /// <summary>Every value of an option that may be repeated, such as --seed.</summary>
    public IReadOnlyList<string> Options(string name) => Declares(name) ? result.GetValue<string[]>(name) ?? [] : [];

    public int IntOption(string name, int fallback, int min, int max)
    {
        var raw = Option(name);
        if (raw is null) return fallback;
        return int.TryParse(raw, out var v) && v >= min && v <= max ? v
            : throw new InputError($"option {name} = '{raw}' must be an integer in {min}..{max}");
    }

    /// <summary>Options the command does not take read as absent, so a shared reader (the capture's, the target's) serves every command.</summary>
    bool Declares(string name)
    {
        var command = result.CommandResult.Command;
        return command.Options.Any(o => o.Name == name) || command.Arguments.Any(a => a.Name == name);
    }
}
