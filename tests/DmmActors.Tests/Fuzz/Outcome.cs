using DmmActors.Configuration;
using FsCheck.Fluent;
using Xunit;

namespace DmmActors.Tests.Fuzz;

/// <summary>
/// What a reader of user input may do with any input: succeed, or refuse it with an
/// <see cref="InputError"/> (one line, which dmm prints and exits 2 on). Anything else, an
/// exception of another type or a message that spans lines, fails the property with the
/// input that caused it.
/// </summary>
public static class Outcome
{
    /// <summary>
    /// Cases per property: the count CI runs, times DMM_FUZZ_SCALE for a longer search
    /// (DMM_FUZZ_SCALE=100 dotnet test --filter Fuzz).
    /// </summary>
    public static FsCheck.Config Cases(int count) =>
        FsCheck.Config.QuickThrowOnFailure.WithMaxTest(count * (int.TryParse(Environment.GetEnvironmentVariable("DMM_FUZZ_SCALE"), out var scale) && scale > 0 ? scale : 1));

    public static bool SucceedsOrRefuses(Action read, Func<string> describeInput)
    {
        try { read(); return true; }
        catch (InputError e) when (!e.Message.Contains('\n')) { return true; }
        catch (Exception e)
        {
            Assert.Fail($"{e.GetType().Name}: {e.Message}\n{e.StackTrace}\ninput: {describeInput()}");
            return false;
        }
    }
}
