using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Scenarios;
using DmmActors.Topology;

namespace DmmActors.Practices;

/// <summary>What a run of <paramref name="practice"/> should end as, for the summary and replay (IRunOutcome), and whether a killed one resumes (IResumeRule).</summary>
sealed class PracticeOutcome(Practice practice, NetworkTopology topology, PracticeSettings? settings) : IRunOutcome, IResumeRule
{
    /// <summary>"lma", or "map" for a regional anchor.</summary>
    public string AnchorRole(int anchor) =>
        practice.RoleOf(topology.IsRegionalAnchor(anchor)
            ? practice.AdditionalAnchorKindAt(anchor - topology.FirstRegionalAnchor, settings)
            : NodeKind.Anchor).ToLowerInvariant();
    public bool BoundAsExpected(int activeBindings) => practice.BoundAsExpected(activeBindings, settings);
    public bool EndsAtLastProcedureAnchor => practice.EndsAtLastProcedureAnchor(settings);
    public bool AnchorsShedLoad => practice.ClientsBackOff;
    public string? Refusal => practice.ResumeRefusal;
    public bool NodesKeepBindingUpdateLists => practice.LocationClientHost == NodeKind.MobileNode;
    public bool RestoresCutShortNodesAtTheirRouter => practice.RestoresCutShortNodesAtTheirRouter;
}
