using DmmActors.Addressing;
using DmmActors.Randomness;
using DmmActors.Scenarios;
using DmmActors.Topology;

namespace DmmActors.Traffic;

/// <summary>
/// Who listens to what and where the streams come from, fixed by the scenario and the seed:
/// a share of the nodes listen, each to one group; group g is sent by correspondent g (modulo
/// their number); the MTMA sits at the centre of the grid.
/// </summary>
public sealed class MulticastPlan(Scenario scenario, NetworkTopology topology)
{
    const ulong ListenerStream = 0x4D4C_4432UL; // "MLD2"

    public MulticastSettings Settings { get; } = scenario.Multicast;

    public int MtmaSite { get; } = GridLayout.SpreadSites(topology.Width, topology.Height, 1)[0];

    /// <summary>The group a node listens to, or -1.</summary>
    public int GroupOf(MnIdentifier mn)
    {
        var rng = new SplitMix64(SplitMix64.Mix(scenario.Seed ^ ListenerStream, mn.Index));
        return rng.NextDouble() < Settings.ListenerShare ? rng.NextInt(Settings.Groups) : -1;
    }

    public int SourceOf(int group) => group % topology.Correspondents;

    /// <summary>Where the channel finds the MTMA: on its own link, as an anchor is, off the router at the grid's centre.</summary>
    public Attachment Mtma => new(MtmaSite, new PathLength(scenario.AnchorLinkDelay, 1));

    /// <summary>Packets each source sends over a run that ends at <paramref name="until"/>.</summary>
    public int PacketsUntil(ModelTime until) => (int)(until.Microseconds / Settings.PacketInterval.Microseconds) + 1;
}
