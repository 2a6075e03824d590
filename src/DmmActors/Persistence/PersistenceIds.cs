namespace DmmActors.Persistence;

/// <summary>Where an actor's events are kept: one journal stream per anchor of a run.</summary>
public static class PersistenceIds
{
    public static string Anchor(string runId, int anchor) => $"{runId}/anchor-{anchor}";
}
