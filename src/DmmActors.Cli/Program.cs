using System.CommandLine;
using DmmActors.Cli.CommandLine;
using DmmActors.Configuration;
using DmmActors.Control;

namespace DmmActors.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            var result = DmmCommandLine.Build().Parse(HelpAsCommand(args));
            if (ParseProblem.Of(result) is { } problem) throw new InputError(problem);
            // Exceptions reach the handlers below: a user's mistake is one line, not a stack trace.
            return await result.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (InputError e)
        {
            Console.Error.WriteLine($"dmm: error: {e.Message}");
            return 2;
        }
        catch (RunFailed e)
        {
            Console.Error.WriteLine($"dmm: run failed: {e.Message}");
            return 1;
        }
    }

    /// <summary>`dmm` and `dmm help` print the commands; `dmm help run` is `dmm run --help`.</summary>
    static string[] HelpAsCommand(string[] args) => args switch
    {
        [] or ["help"] => ["--help"],
        ["help", var command] => [command, "--help"],
        _ => args,
    };
}
