using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Protocol;
using DmmActors.Randomness;

namespace DmmActors.Functions;

/// <summary>
/// The delays of neighbour discovery that no practice escapes: a router's answer to a
/// solicitation, and the probing of an address formed on a new link.
/// </summary>
public static class NeighbourDiscovery
{
    /// <summary>
    /// RFC 4861 §6.2.6: the earliest an RA answering <paramref name="rs"/> leaves, a random time
    /// between 0 and MAX_RA_DELAY_TIME after the router took it in (at <paramref name="processedAt"/>);
    /// drawn from the run's seed, the node and its procedure, so a solicitation sent again is answered as the first was.
    /// </summary>
    public static ModelTime EarliestAdvertisement(RunContext run, RouterSolicitation rs, ModelTime processedAt)
    {
        var max = run.Scenario.NeighbourDiscovery.MaxRaDelay;
        return max == ModelTime.Zero ? processedAt : processedAt + RandomDelay(run.Scenario.Seed ^ 0x4A_DE1AUL, rs.Procedure, max);
    }

    /// <summary>
    /// A delay drawn uniformly between 0 and <paramref name="max"/> for a node's procedure, from
    /// the run's seed mixed with <paramref name="stream"/>: the same procedure always draws the same.
    /// </summary>
    public static ModelTime RandomDelay(ulong stream, ProcedureRef procedure, ModelTime max)
    {
        var draw = new SplitMix64(SplitMix64.Mix(stream, procedure.MobileNode.Index) ^ (ulong)(procedure.Number * 8 + (int)procedure.Kind)).NextDouble();
        return new ModelTime((long)(draw * max.Microseconds));
    }

    /// <summary>
    /// RFC 4862 §5.4: the node formed an address on <paramref name="prefix"/> at <paramref name="formedAt"/>
    /// and probes it, DupAddrDetectTransmits Neighbor Solicitations RetransTimer apart, to its router
    /// (the one listener the emulated link has). Returns when the address may be used.
    /// </summary>
    public static ModelTime ProbeAddress(IMobileNodeHost node, IActorRef router, int routerIndex, ProcedureRef procedure, Prefix64 prefix, ModelTime formedAt)
    {
        var nd = node.Run.Scenario.NeighbourDiscovery;
        for (int i = 0; i < nd.DupAddrDetectTransmits; i++)
            node.Run.Signalling.Send(router, Endpoint.AccessRouter(routerIndex), new NeighborSolicitation(procedure, formedAt + nd.RetransTimer * i, node.Id, prefix),
                node.Self, node.Here);
        return formedAt + nd.DadWait;
    }
}
