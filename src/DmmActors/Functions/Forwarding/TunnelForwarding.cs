using Akka.Actor;
using DmmActors.Metrics;
using DmmActors.Protocol;
using DmmActors.Run;
using DmmActors.Topology;

namespace DmmActors.Functions;

/// <summary>
/// FM-DP at an anchor (RFC 7429 §3.3): intercepts packets for the prefixes it anchors and
/// tunnels each to the care-of address the forwarding state names (RFC 5213 §5.6.2, RFC 6275
/// §10.4.1), or delivers it without a tunnel where the anchor sits on the node's own access
/// router (RFC 8818 §3.1). Each access router's own reference, learned from its signalling,
/// carries the tunnel.
/// </summary>
public sealed class TunnelForwarding(RunContext run, int anchor, IForwardingControl control)
{
    readonly Dictionary<int, IActorRef> learnedRouters = new();
    readonly Endpoint here = Endpoint.Anchor(anchor);

    /// <summary>An access router's own reference, learned from what it sent.</summary>
    public void Learned(int accessRouter, IActorRef reference) => learnedRouters[accessRouter] = reference;

    /// <summary>The access router's own reference if learned; its address in the directory otherwise.</summary>
    public IActorRef Router(int accessRouter) =>
        learnedRouters.TryGetValue(accessRouter, out var known) ? known : run.Directory.AccessRouters[accessRouter];

    public void Forward(DataPacket packet)
    {
        if (control.TryRoute(packet.DestinationPrefix, packet.ArrivesAt, out var careOf))
        {
            var leg = run.Channel.Path(here, Endpoint.AccessRouter(careOf));
            var local = run.Topology.AnchorsAtAccessRouters && careOf == anchor;
            Router(careOf).Tell(local ? packet.Over(leg) : packet.Tunnelled(leg));
            return;
        }
        run.Recorder.PacketLost();
        run.Directory.MobileNodes[packet.Destination.Index].Tell(new ProbeLost(packet.Session));
    }
}
