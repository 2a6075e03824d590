using DmmActors.Addressing;
using DmmActors.Topology;

namespace DmmActors.Policy;

/// <summary>
/// The mobile nodes' policy profiles (RFC 5213 §6.2): which anchor serves each node. The
/// anchor is the one nearest the node's first access router (draft §4.2.2, Figure 4), so the
/// profile is a function of the scenario and the seed, and any cluster node can compute it.
/// </summary>
public sealed class PolicyStore
{
    readonly ushort[] anchorOf;

    /// <summary>Each node's first access router, the draw its profile was made from.</summary>
    public IReadOnlyList<int> FirstRouters { get; }

    public PolicyStore(NetworkTopology topology, IReadOnlyList<int> firstRouters)
    {
        FirstRouters = firstRouters;
        anchorOf = new ushort[firstRouters.Count];
        for (int mn = 0; mn < firstRouters.Count; mn++)
            anchorOf[mn] = (ushort)topology.NearestAnchor(firstRouters[mn]);
    }

    public int AnchorOf(MnIdentifier mn) => anchorOf[mn.Index];

    /// <summary>MIPv6 home address prefix, from the home agent's pool (RFC 6275 §10.1).</summary>
    public Prefix64 HomePrefixOf(MnIdentifier mn) => Prefix64.Delegated(AnchorOf(mn), mn.Index);
}
