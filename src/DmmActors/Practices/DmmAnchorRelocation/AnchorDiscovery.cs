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
    /// <summary>By anchor, the load and the capacity its last Load Information option gave (RFC 6463 §5: sessions in use, maximum sessions).</summary>
    readonly Dictionary<int, (int Load, int Capacity)> heard = new();

    /// <summary>What an anchor said of its load and capacity (an unsolicited Heartbeat's Load Information option).</summary>
    public void Heard(int anchor, int load, int advertisedCapacity) => heard[anchor] = (load, advertisedCapacity);

    /// <summary>A refusal for want of room (130) says the anchor is full, until it advertises again; its capacity as last heard, else this one's setting.</summary>
    public void Refused(int anchor)
    {
        var full = heard.TryGetValue(anchor, out var said) && said.Capacity > 0 ? said.Capacity : capacity;
        heard[anchor] = (full, full);
    }

    int LoadOf(int anchor) => heard.GetValueOrDefault(anchor).Load;

    /// <summary>
    /// Whether an anchor has room by what it advertised; one not heard from yet is taken to have
    /// room. Anchors advertise again after a tenth of their capacity changed, so a load heard may
    /// be that much behind. <c>capacity</c> 0 is this router's own setting: no selection by load.
    /// </summary>
    bool HasRoom(int anchor)
    {
        if (capacity == 0 || !heard.TryGetValue(anchor, out var said) || said.Capacity == 0) return true;
        return said.Load < said.Capacity - Math.Max(1, said.Capacity / 10);
    }

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
