using DmmActors.Protocol;
using DmmActors.Topology;

namespace DmmActors.Practices.DmmAnchorRelocation;

/// <summary>
/// What a router or anchor has heard from the anchors around it (<see cref="AnchorAdvertisement"/>),
/// and the choice it makes from that: the nearest anchor with room, the less loaded of two
/// equally near (draft §5.1, anchor discovery and selection).
/// </summary>
public sealed class AnchorDiscovery(NetworkTopology topology, int capacity)
{
    readonly Dictionary<int, int> heard = new();

    /// <summary>What an anchor said of its load, or what a refusal for want of room said of it.</summary>
    public void Heard(int anchor, int load) => heard[anchor] = load;

    int LoadOf(int anchor) => heard.GetValueOrDefault(anchor);

    /// <summary>Anchors advertise again after a tenth of their capacity changed, so a load heard may be that much behind.</summary>
    bool HasRoom(int anchor) => capacity == 0 || LoadOf(anchor) < capacity - Math.Max(1, capacity / 10);

    /// <summary>
    /// The anchor to serve a node at <paramref name="accessRouter"/>: its own unless that one is
    /// full, then the nearest heard of with room; -1 if none has room.
    /// </summary>
    public int Select(int accessRouter, int excluding = -1)
    {
        var own = topology.NearestAnchor(accessRouter);
        if (capacity == 0 || (own != excluding && HasRoom(own))) return own;
        var best = -1;
        foreach (var anchor in heard.Keys)
        {
            if (anchor == excluding || !HasRoom(anchor)) continue;
            if (best < 0 || Better(anchor, best, accessRouter)) best = anchor;
        }
        return best;
    }

    bool Better(int candidate, int incumbent, int accessRouter)
    {
        var nearer = topology.CompareNearness(candidate, incumbent, accessRouter);
        return nearer < 0 || (nearer == 0 && LoadOf(candidate) < LoadOf(incumbent));
    }
}
