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
public sealed class AccessLink(RunContext run, int router)
{
    readonly Dictionary<int, IActorRef> onLink = new();

    public void Up(MnIdentifier mn, IActorRef node) => onLink[mn.Index] = node;

    public bool Down(MnIdentifier mn, out IActorRef node) => onLink.Remove(mn.Index, out node!);

    public bool Holds(MnIdentifier mn, IActorRef node) => onLink.TryGetValue(mn.Index, out var on) && on.Equals(node);

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
        if (onLink.TryGetValue(packet.Destination.Index, out var node))
        {
            node.Tell(run.Channel.Carry(packet, Endpoint.AccessRouter(router), Endpoint.MobileNode(packet.Destination, router)));
            return;
        }
        run.Recorder.PacketLost();
        run.Directory.MobileNodes[packet.Destination.Index].Tell(new ProbeLost(packet.Session));
    }
}
