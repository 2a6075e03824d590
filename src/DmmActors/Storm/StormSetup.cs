using DmmActors.Metrics;
namespace DmmActors.Storm;

/// <summary>A storm to run over a scenario's nodes, and where its measurements go.</summary>
/// <param name="CarriesOnSchedule">
/// For a resumed run whose storm is the one it recorded: its schedule is taken up where the stop
/// left it. A storm given anew on resume runs from its own start over the nodes where they stood.
/// </param>
public sealed record StormSetup(StormPlan Plan, StormRecorder Recorder, ResumePoint? Resume = null, bool CarriesOnSchedule = false);
