using System.CommandLine;
using DmmActors.Configuration;

namespace DmmActors.Cli.CommandLine;

/// <summary>
/// `dmm completion bash|zsh` prints a script that asks dmm itself what may come next, through
/// System.CommandLine's [suggest:POSITION] directive, so the completions are the command tree's.
/// </summary>
public static class Completion
{
    const string Bash = """
        # dmm completion for bash: source it, or put it in ~/.local/share/bash-completion/completions/dmm
        _dmm_complete() {
            local IFS=$'\n'
            COMPREPLY=( $(compgen -W "$(dmm "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _dmm_complete dmm
        """;

    const string Zsh = """
        #compdef dmm
        # dmm completion for zsh: put it on $fpath as _dmm, or source it after compinit
        _dmm() {
            local -a completions
            completions=("${(@f)$(dmm "[suggest:${#BUFFER}]" "$BUFFER" 2>/dev/null)}")
            compadd -a completions
        }
        compdef _dmm dmm
        """;

    public static Command Command()
    {
        var shell = new Argument<string>("SHELL") { Description = "bash or zsh" };
        var command = new Command("completion", "Prints the shell completion script for bash or zsh, e.g. source <(dmm completion bash).") { shell };
        command.SetAction(result =>
        {
            Console.WriteLine(result.GetValue(shell) switch
            {
                "bash" => Bash,
                "zsh" => Zsh,
                var other => throw new InputError($"completion: shell '{other}' is not supported (bash, zsh)"),
            });
            return 0;
        });
        return command;
    }
}
