using DmmActors.Metrics;
namespace DmmActors.Storm;

/// <summary>A storm to run over a scenario's nodes, and where its measurements go.</summary>
public sealed record StormSetup(StormPlan Plan, StormRecorder Recorder, ResumePoint? Resume = null);
