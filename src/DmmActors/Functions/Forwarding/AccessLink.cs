using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Protocol;
using DmmActors.Topology;

namespace DmmActors.Functions;

/// <summary>
/// FM-DP at an access router: the nodes on its links, and the last hop of every packet to
/// them. A packet for a node no longer on the link is lost, as on a real link.
/// </summary>
/// <remarks>
/// With flows, a packet may be taken in after the moment it reached the link (it was sent while
/// the node was moving, or before the node moved on, and the actors ran on, each node on its
/// own model clock): where the node was at that moment decides, in model time: on the link from
/// its arrival to its departure, in any of its stays here.
/// </remarks>
public sealed class AccessLink(RunContext run, int router)
{
    /// <summary>What takes a packet the link cannot deliver before it is lost (IAccessRouterComponent.TakeUndelivered).</summary>
    public Func<DataPacket, bool>? Undelivered { get; set; }

    readonly Dictionary<int, IActorRef> onLink = new();
    /// <summary>With flows: since when each node on the link has been here, and the stays here of each that left, and which node it was.</summary>
    readonly Dictionary<int, ModelTime>? arrived = run.Scenario.Traffic.InModelTime ? new() : null;
    readonly Dictionary<int, List<(IActorRef Node, ModelTime Since, ModelTime Until)>>? left = run.Scenario.Traffic.InModelTime ? new() : null;

    /// <summary>The node's link came up here at <paramref name="at"/> (model time).</summary>
    public void Up(MnIdentifier mn, IActorRef node, ModelTime at)
    {
        onLink[mn.Index] = node;
        // Its last stay here, if it had one, stays known: a packet of that stay may still be on its way.
        if (arrived is not null) arrived[mn.Index] = at;
    }

    /// <summary>The node's link went down at <paramref name="at"/>; null where no one knows when (its member was lost).</summary>
    public bool Down(MnIdentifier mn, out IActorRef node, ModelTime? at = null)
    {
        if (!onLink.Remove(mn.Index, out node!)) return false;
        if (arrived is not null && arrived.Remove(mn.Index, out var since) && at is { } until)
        {
            if (!left!.TryGetValue(mn.Index, out var stays)) left[mn.Index] = stays = new(1);
            stays.Add((node, since, until));
        }
        return true;
    }

    public bool Holds(MnIdentifier mn, IActorRef node) => onLink.TryGetValue(mn.Index, out var on) && on.Equals(node);

    /// <summary>Whether a node whose actor lives at <paramref name="address"/> (a cluster member's) is on the link.</summary>
    public bool HoldsNodeAt(string address) => onLink.Values.Any(node => node.Path.Address.ToString() == address);

    /// <summary>The node on the link that <paramref name="node"/> is, if it is here.</summary>
    public bool TryFind(IActorRef node, out MnIdentifier mn)
    {
        foreach (var (index, on) in onLink)
            if (on.Equals(node))
            {
                mn = new MnIdentifier(index);
                return true;
            }
        mn = default;
        return false;
    }

    public void Deliver(DataPacket packet)
    {
        var mn = packet.Destination.Index;
        var at = packet.ArrivesAt;
        if (onLink.TryGetValue(mn, out var node) && (arrived is null || !arrived.TryGetValue(mn, out var since) || at >= since)
            || StayedAt(mn, at, out node))
        {
            node.Tell(run.Channel.Carry(packet, Endpoint.AccessRouter(router), Endpoint.MobileNode(packet.Destination, router)));
            return;
        }
        if (Undelivered?.Invoke(packet) == true) return;
        DataPlane.Lost(run, packet);
    }

    /// <summary>Whether node <paramref name="mn"/> was on the link at <paramref name="at"/> in a stay it has left, and as which actor.</summary>
    bool StayedAt(int mn, ModelTime at, out IActorRef node)
    {
        node = ActorRefs.Nobody;
        if (left is null || !left.TryGetValue(mn, out var stays)) return false;
        foreach (var stay in stays)
            if (at >= stay.Since && at < stay.Until)
            {
                node = stay.Node;
                return true;
            }
        return false;
    }
}
