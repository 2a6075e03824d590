using Akka.Configuration;

namespace DmmActors.Configuration;

/// <summary>
/// A wall-clock duration the user wrote (a storm phase's, a cluster node's signalling timeout):
/// HOCON's duration syntax ("500ms", "5s"), above zero and at most an hour.
/// </summary>
public static class WallClockDuration
{
    static readonly TimeSpan Longest = TimeSpan.FromHours(1);

    /// <summary><paramref name="subject"/> names where it was written, as the error shows it ("--signalling-timeout", "dmm.storm.phases[0].duration =").</summary>
    public static TimeSpan Parse(string text, string subject)
    {
        TimeSpan value;
        try { value = ConfigurationFactory.ParseString($"t = {text}").GetTimeSpan("t", allowInfinite: false); }
        catch (Exception) { throw new InputError($"{subject} '{text}' is not a duration such as 500ms or 5s"); }
        return value > TimeSpan.Zero && value <= Longest ? value
            : throw new InputError($"{subject} {text} is out of range (above 0, at most 1h)");
    }
}
