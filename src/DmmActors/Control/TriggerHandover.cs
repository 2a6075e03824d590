using DmmActors.Addressing;
using DmmActors.Protocol;

namespace DmmActors.Control;

/// <summary>
/// Hand over now. The wall-clock latency counts from <see cref="ScheduledTimestamp"/>
/// (Metrics.StormClock ticks); in model time the node's link goes down at <see cref="At"/>, the
/// moment the storm's schedule gives the handover, or at once where the node's own clock is past it.
/// </summary>
public sealed record TriggerHandover(long ScheduledTimestamp, ModelTime At) : IDmmMessage;
