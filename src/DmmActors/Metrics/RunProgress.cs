namespace DmmActors.Metrics;

/// <summary>How far a run's phase ("spawn", "mobility", "multicast") has come, for the console's progress lines.</summary>
public readonly record struct RunProgress(string Phase, long Done, long Total);
