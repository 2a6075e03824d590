using DmmActors.Addressing;
using DmmActors.Randomness;
using DmmActors.Topology;

namespace DmmActors.Mobility;

/// <summary>
/// Random walk between neighbouring access routers with exponentially distributed dwell
/// times, one seeded stream per mobile node, so each node's path is fixed by the seed alone.
/// The order of its draws lives here and nowhere else: a start draws the first router and the
/// attach time, each move the dwell and then the next router.
/// </summary>
public struct RandomWalk
{
    SplitMix64 rng;
    readonly ModelTime meanDwell;

    public RandomWalk(ulong seed, int mobileNode, ModelTime meanDwell) : this(new SplitMix64(SplitMix64.Mix(seed, mobileNode)), meanDwell) { }

    RandomWalk(SplitMix64 rng, ModelTime meanDwell) => (this.rng, this.meanDwell) = (rng, meanDwell);

    /// <summary>The walk's state, as a recorded fact keeps it: the walk resumed from it makes the same moves.</summary>
    public ulong State => rng.State;

    public static RandomWalk Resume(ulong state, ModelTime meanDwell) => new(new SplitMix64(state), meanDwell);

    /// <summary>Draws a start takes (the first router, the attach time) and each move (the dwell, the next router).</summary>
    const int StartDraws = 2, MoveDraws = 2;

    /// <summary>
    /// The walk as it stands after its start and <paramref name="moves"/> moves, found from the
    /// count of draws alone: a node restarted where it stood (its router says where) goes on with
    /// the draws it would have made next, and none of its earlier draws is made again.
    /// </summary>
    public static RandomWalk AfterMoves(ulong seed, int mobileNode, ModelTime meanDwell, int moves)
    {
        var walk = new RandomWalk(seed, mobileNode, meanDwell);
        walk.rng.Skip(StartDraws + (ulong)moves * MoveDraws);
        return walk;
    }

    /// <summary>A node's first access router: the first draw of its walk's start, which the node makes again when it attaches.</summary>
    public static int FirstRouter(ulong seed, int mobileNode, ModelTime meanDwell, NetworkTopology topology) =>
        new RandomWalk(seed, mobileNode, meanDwell).Start(topology).Router;

    /// <summary>The first access router, and the attach time: attach times are spread uniformly over the first dwell period.</summary>
    public (int Router, ModelTime At) Start(NetworkTopology topology)
    {
        var router = rng.NextInt(topology.AccessRouters);
        return (router, new ModelTime((long)(rng.NextDouble() * meanDwell.Microseconds)));
    }

    /// <summary>The next move from <paramref name="current"/>: how long the node stays first, then the neighbour it moves to.</summary>
    public (ModelTime Dwell, int Router) Move(NetworkTopology topology, int current)
    {
        var dwell = new ModelTime((long)rng.NextExponential(meanDwell.Microseconds));
        var options = topology.NeighboursOf(current);
        return (dwell, options[rng.NextInt(options.Count)]);
    }
}
