using DmmActors.Addressing;
using DmmActors.Scenarios;
using DmmActors.Topology;

namespace DmmActors.Policy;

/// <summary>
/// The mobile nodes' policy profiles (RFC 5213 §6.2): which anchor serves each node, as the
/// scenario configures it (dmm.scenario.policy.anchor-assignment). The profile is a function of
/// the scenario and the seed, so any cluster node can compute it.
/// </summary>
public sealed class PolicyStore
{
    readonly ushort[] anchorOf;

    /// <summary>Each node's first access router, the draw its walk starts from.</summary>
    public IReadOnlyList<int> FirstRouters { get; }

    public PolicyStore(NetworkTopology topology, IReadOnlyList<int> firstRouters, AnchorAssignment assignment = AnchorAssignment.FirstAttachment)
    {
        FirstRouters = firstRouters;
        anchorOf = new ushort[firstRouters.Count];
        for (int mn = 0; mn < firstRouters.Count; mn++)
            anchorOf[mn] = (ushort)(assignment == AnchorAssignment.FirstAttachment
                // Draft §4.2.2, Figure 4: the anchor nearest where the node first attaches, as the MAG
                // that first registers it picks (RFC 5213 §6.9.1.1); later MAGs read it from the profile.
                ? topology.NearestAnchor(firstRouters[mn])
                // Provisioned with no knowledge of where the node will be: by its identifier, over the anchors that can be a home.
                : mn % topology.FirstRegionalAnchor);
    }

    public int AnchorOf(MnIdentifier mn) => anchorOf[mn.Index];

    /// <summary>MIPv6 home address prefix, from the home agent's pool (RFC 6275 §10.1).</summary>
    public Prefix64 HomePrefixOf(MnIdentifier mn) => Prefix64.Delegated(AnchorOf(mn), mn.Index);
}
