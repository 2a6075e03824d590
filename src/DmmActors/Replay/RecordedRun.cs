using DmmActors.Loading;
using DmmActors.Persistence;
using DmmActors.Scenarios;

namespace DmmActors.Replay;

/// <summary>A run the journal's ledger holds, with the scenario it recorded, read back as it was written.</summary>
public static class RecordedRun
{
    public static (JournalRun Run, Scenario Scenario) Read(JournalTarget journal, string? runId)
    {
        var run = JournalRuns.ReadRun(journal, runId);
        return (run, ScenarioLoader.ParseRecorded(run.Started.ScenarioText, $"scenario of {run.Started.RunId}"));
    }
}
