using DmmActors.Addressing;
using DmmActors.Scenarios;
using DmmActors.Topology;

namespace DmmActors.Traffic;

/// <summary>
/// The packets a session's correspondent sends while its node moves (traffic.flow-rate), at
/// a constant rate in model time. Only the handover's window is sent: from the longest time a
/// packet can be on its way before the old link goes down, to the move's completion. A packet
/// sent earlier reached the old link while the node was still there, and one sent later takes
/// the path the probes measure; neither can be lost to the move, and neither is sent.
/// </summary>
public static class HandoverFlow
{
    /// <summary>Legs of the longest data path: to a home agent, on to a MAP, on to the router (RFC 5380 §6.2).</summary>
    const int Legs = 3;

    /// <summary>The first packet's send time, how many there are, and how far apart; none where the scenario has no flow.</summary>
    public static (ModelTime First, int Count, ModelTime Interval) Window(Scenario scenario, NetworkTopology topology, ModelTime linkDown, ModelTime completed)
    {
        var rate = scenario.Traffic.FlowRate;
        if (rate <= 0) return (linkDown, 0, ModelTime.Zero);
        // Each leg may be as late as its jitter allows: the correspondent's, the legs across, the radio.
        var lookback = topology.LongestDataPath(Legs) + scenario.Processing.LinkJitter * (Legs + 2);
        var first = linkDown - lookback;
        var interval = new ModelTime(Math.Max(1, (long)Math.Round(1_000_000 / rate)));
        var count = (int)((completed - first).Microseconds / interval.Microseconds) + 1;
        return (first, count, interval);
    }
}
