using DmmActors.Protocol;

namespace DmmActors.Control;

/// <summary>Hand over now; the wall-clock latency counts from <see cref="ScheduledTimestamp"/> (Metrics.StormClock ticks).</summary>
public sealed record TriggerHandover(long ScheduledTimestamp) : IDmmMessage;
