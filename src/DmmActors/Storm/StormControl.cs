using DmmActors.Protocol;

namespace DmmActors.Storm;

/// <summary>Hand over now; the wall-clock latency counts from <see cref="ScheduledTimestamp"/> (<see cref="StormClock"/> ticks).</summary>
public sealed record TriggerHandover(long ScheduledTimestamp) : IDmmMessage;

/// <summary>A storm to run over a scenario's nodes, and where its measurements go.</summary>
public sealed record StormSetup(StormPlan Plan, StormRecorder Recorder, ResumePoint? Resume = null);
