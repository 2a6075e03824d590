using Xunit;

namespace DmmActors.Tests.EndToEnd;

/// <summary>How a user mistake must end: exit code 2, one line that names the problem, and nothing written.</summary>
public static class Refusal
{
    public static void AssertRefusedInOneLine(DmmProgram.Result result, string expected, string notCreated)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.False(Path.Exists(notCreated), $"{notCreated} was created");
    }
}
