using System.CommandLine;
using System.CommandLine.Parsing;
using DmmActors.Configuration;

namespace DmmActors.Cli.CommandLine;

/// <summary>
/// A command line the tree does not take, as one line in dmm's words: an unknown command or
/// option with the one most likely meant, an option without its value, an argument too many.
/// </summary>
public static class ParseProblem
{
    public static string? Of(ParseResult result)
    {
        var command = result.CommandResult.Command;
        // System.CommandLine takes an unknown --option for the scenario argument; dmm takes no
        // argument that starts with a dash.
        var stray = result.CommandResult.Tokens.FirstOrDefault(t => t.Type == TokenType.Argument && LooksLikeOption(t.Value) &&
                                                                     result.CommandResult.Children.OfType<ArgumentResult>().Any(a => a.Tokens.Contains(t)));
        if (stray is not null) return UnknownOption(stray.Value, command);
        if (result.Errors.Count == 0) return null;
        if (result.UnmatchedTokens.FirstOrDefault() is { } unmatched)
        {
            if (LooksLikeOption(unmatched)) return UnknownOption(unmatched, command);
            if (command is RootCommand) return UnknownCommand(unmatched, command);
            return $"unexpected argument '{unmatched}' for dmm {command.Name}";
        }
        var error = result.Errors[0];
        if (error.SymbolResult is OptionResult { Option: var option }) return $"option {option.Name} needs a value";
        return error.Message.TrimEnd('.');
    }

    static bool LooksLikeOption(string token) => token.Length > 1 && token[0] == '-' && !char.IsDigit(token[1]);

    static string UnknownOption(string token, Command command)
    {
        var name = token.Split('=', 2)[0];
        var known = command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--")).ToArray();
        var listed = known.Where(k => k is not ("--help" or "--version")).ToArray();
        var hint = Suggestion.Closest(name, known) is { } best ? $"did you mean {best}?"
            : listed.Length > 0 ? $"options: {string.Join(", ", listed)}" : "it takes none";
        return $"unknown option {name} for dmm {command.Name} ({hint})";
    }

    static string UnknownCommand(string token, Command root)
    {
        var names = root.Subcommands.Select(c => c.Name).ToArray();
        var hint = Suggestion.Closest(token, names) is { } best ? $"did you mean '{best}'?" : $"commands: {string.Join(", ", names)}";
        return $"unknown command '{token}' ({hint})";
    }
}
