using DmmActors.Addressing;
using DmmActors.Metrics;
using DmmActors.Scenarios;
using DmmActors.Emulation;

namespace DmmActors.Functions;

/// <summary>
/// How an access router learns the router behind an access point a node names (RFC 5568 §4: the
/// AP in a RtSolPr; RFC 5949 §4: the new AP in the handover indication, the old one in the
/// attachment): from its configured neighbour list, or on a miss by CARD (RFC 4066 §4,
/// its reverse address translation), which takes the scenario's card-delay and is then kept. The
/// emulator has one access point per access router, numbered as the router.
/// </summary>
public sealed class NeighbourTable(RunContext run, int router, FastHandoverSettings settings)
{
    readonly HashSet<int>? configured = settings.Neighbours == NeighbourResolution.Configured ? [.. run.Topology.NeighboursOf(router)] : null;
    /// <summary>When each neighbour's CARD resolution was done, in model time: a lookup before then waits for it.</summary>
    readonly Dictionary<int, ModelTime> resolvedAt = new();

    /// <summary>The router behind <paramref name="accessPoint"/>, looked up at <paramref name="at"/>, and how long finding it took.</summary>
    public (int Router, ModelTime Delay) Resolve(int accessPoint, ModelTime at)
    {
        if ((uint)accessPoint >= (uint)run.Topology.AccessRouters) return (-1, ModelTime.Zero);
        if (configured?.Contains(accessPoint) == true) return (accessPoint, ModelTime.Zero);
        // The actors' order is not model time's: a lookup earlier in model time than the one that resolved first starts a resolution of its own.
        if (resolvedAt.TryGetValue(accessPoint, out var done) && done <= at + settings.CardDelay)
            return (accessPoint, done > at ? done - at : ModelTime.Zero);
        resolvedAt[accessPoint] = at + settings.CardDelay;
        run.Recorder.Counters.Add(Counter.CardResolutions);
        return (accessPoint, settings.CardDelay);
    }
}
