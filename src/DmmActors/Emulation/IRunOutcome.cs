namespace DmmActors.Emulation;

/// <summary>
/// What a run's bindings should end as, and how its anchors are named: what the summary and the
/// replay check a run against, provided by whichever practice ran.
/// </summary>
public interface IRunOutcome
{
    /// <summary>An anchor's role, "lma", "ha", "map": the home anchors, whose role comes first, and any regional ones.</summary>
    string AnchorRole(int anchor);

    /// <summary>How tables and summaries name an anchor: its role and number, "lma-0", "map-5".</summary>
    string AnchorLabel(int anchor) => $"{AnchorRole(anchor)}-{anchor}";

    /// <summary>Whether a node with this many active bindings at the end is bound as the practice binds it.</summary>
    bool BoundAsExpected(int activeBindings);

    /// <summary>Whether each node ends bound at the anchor of its last recorded procedure, one binding per node.</summary>
    bool EndsAtLastProcedureAnchor { get; }

    /// <summary>Whether anchors shed registrations past the overload limits (RFC 5213 §6.9.4), so the limits are the run's.</summary>
    bool AnchorsShedLoad { get; }
}
