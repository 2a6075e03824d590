using DmmActors.Addressing;
using DmmActors.Scenarios;
using DmmActors.Topology;

namespace DmmActors.Traffic;

/// <summary>
/// When a session's flow (traffic.flow-rate, constant in model time) sends, both ways. To the
/// node: between its handovers, then over each handover's window, from the longest time a packet
/// can be on its way before the old link goes down to the move's completion, on one grid, so that
/// the flow never stops. From the node: while it holds a usable address, from each procedure's
/// completion to the next link-down; a node off its link has nowhere to send.
/// </summary>
public static class FlowSchedule
{
    /// <summary>Legs of the longest data path: to a home agent, on to a MAP, on to the router (RFC 5380 §6.2).</summary>
    const int Legs = 3;

    public static ModelTime Interval(Scenario scenario) => new(Math.Max(1, (long)Math.Round(1_000_000 / scenario.Traffic.FlowRate)));

    /// <summary>How long before the link goes down a packet to the node may leave and still be on its way then.</summary>
    static ModelTime Lookback(Scenario scenario, NetworkTopology topology) =>
        // Each leg may be as late as its jitter allows: the correspondent's, the legs across, the radio.
        topology.LongestDataPath(Legs) + scenario.Processing.LinkJitter * (Legs + 2);

    /// <summary>The handover window's first packet's send time, how many there are, and how far apart; none where the scenario has no flow.</summary>
    public static (ModelTime First, int Count, ModelTime Interval) Window(Scenario scenario, NetworkTopology topology, ModelTime linkDown, ModelTime completed)
    {
        if (!scenario.Traffic.Flows) return (linkDown, 0, ModelTime.Zero);
        var first = linkDown - Lookback(scenario, topology);
        var interval = Interval(scenario);
        var count = (int)((completed - first).Microseconds / interval.Microseconds) + 1;
        return (first, count, interval);
    }

    /// <summary>
    /// The packets to the node after a procedure that started at <paramref name="started"/> and
    /// completed at <paramref name="completed"/>, up to the next handover's window, the node's link
    /// going down at <paramref name="linkDown"/>: on from the window's grid after a handover, from
    /// the completion after an attachment, when the sessions open.
    /// </summary>
    public static (ModelTime First, int Count, ModelTime Interval) Between(Scenario scenario, NetworkTopology topology, bool afterHandover,
        ModelTime started, ModelTime completed, ModelTime linkDown)
    {
        if (!scenario.Traffic.Flows) return (completed, 0, ModelTime.Zero);
        var interval = Interval(scenario);
        var first = completed;
        if (afterHandover)
        {
            var window = Window(scenario, topology, started, completed);
            first = window.First + window.Interval * window.Count;
        }
        return (first, Before(first, linkDown - Lookback(scenario, topology), interval), interval);
    }

    /// <summary>The packets from the node between a procedure's completion and its next link-down.</summary>
    public static (ModelTime First, int Count, ModelTime Interval) Uplink(Scenario scenario, ModelTime completed, ModelTime linkDown)
    {
        if (!scenario.Traffic.Flows) return (completed, 0, ModelTime.Zero);
        var interval = Interval(scenario);
        return (completed, Before(completed, linkDown, interval), interval);
    }

    /// <summary>How many of first, first + interval, ... come before <paramref name="end"/>.</summary>
    public static int Before(ModelTime first, ModelTime end, ModelTime interval) =>
        end <= first ? 0 : (int)Math.Min(int.MaxValue, ((end - first).Microseconds - 1) / interval.Microseconds + 1);
}
