namespace DmmActors.Metrics;

/// <summary>
/// The storm's wall clock: UTC ticks (100 ns), because a handover's scheduled start is set on
/// the driver and its end read on the node that hosts the mobile node, which in a cluster is
/// another process, perhaps another host (whose clock is then assumed synchronised, as by NTP).
/// </summary>
public static class StormClock
{
    public static long Now => DateTime.UtcNow.Ticks;

    public static TimeSpan Elapsed(long from, long to) => TimeSpan.FromTicks(to - from);

    public static long After(long start, TimeSpan offset) => start + offset.Ticks;

    public static long Before(long start, TimeSpan offset) => start - offset.Ticks;
}
