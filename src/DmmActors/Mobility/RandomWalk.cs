using DmmActors.Addressing;
using DmmActors.Topology;

namespace DmmActors.Mobility;

/// <summary>
/// Random walk between neighbouring access routers with exponentially distributed dwell
/// times, one seeded stream per mobile node, so each node's path is fixed by the seed alone.
/// </summary>
public struct RandomWalk(ulong seed, int mobileNode, ModelTime meanDwell)
{
    SplitMix64 rng = new(SplitMix64.Mix(seed, mobileNode));

    public int FirstRouter(NetworkTopology topology) => rng.NextInt(topology.AccessRouters);

    /// <summary>Attach times are spread uniformly over the first dwell period.</summary>
    public ModelTime FirstAttach() => new((long)(rng.NextDouble() * meanDwell.Microseconds));

    public int NextRouter(NetworkTopology topology, int current)
    {
        var options = topology.NeighboursOf(current);
        return options[rng.NextInt(options.Count)];
    }

    public ModelTime Dwell() => new((long)(-Math.Log(1.0 - rng.NextDouble()) * meanDwell.Microseconds));

}
