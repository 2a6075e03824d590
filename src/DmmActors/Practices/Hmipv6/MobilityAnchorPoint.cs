using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Emulation;
using DmmActors.Protocol;

namespace DmmActors.Practices.Hmipv6;

/// <summary>
/// What an anchor does as an HMIPv6 MAP (RFC 5380 §6.2) besides binding regional care-of
/// addresses, which its location server does as any anchor's: it is one end of the tunnels
/// between a node's home agent and the node. What the node sends its home agent through it
/// goes on to the home agent; what the home agent sends the node's RCoA goes on to the LCoA
/// the node registered locally.
/// </summary>
public sealed class MobilityAnchorPoint(RunContext run, int map, IForwardingControl bindings)
{
    readonly Endpoint here = Endpoint.Anchor(map);

    /// <summary>
    /// A BU for the node's home agent, reverse-tunnelled to the MAP (RFC 5380 §6.1): sent on,
    /// with the node still its sender, for the home agent's security association is with the
    /// node (RFC 6275 §5.1). Only a node that holds a binding here has a tunnel to it.
    /// </summary>
    public void TunnelToHomeAgent(BindingUpdate bu, IActorRef node, IActorRef self)
    {
        if (!bindings.TryRoute(CareOfAddress.RegionalPrefix(map, bu.MnId), bu.ArrivesAt, out _))
        {
            run.Recorder.Unauthorised();
            return;
        }
        var homeAgent = bu.HomePrefix.PoolAnchor;
        run.Signalling.Relay(run.Directory.Anchors[homeAgent], Endpoint.Anchor(homeAgent), bu, node, self, here);
    }

    /// <summary>The home agent's BA to the node's RCoA, intercepted and tunnelled to its LCoA; lost if the node holds no binding here any more.</summary>
    public void TunnelToNode(BindingAcknowledgement ba, IActorRef homeAgent, IActorRef self)
    {
        var mn = ba.Procedure.MobileNode;
        if (!bindings.TryRoute(CareOfAddress.RegionalPrefix(map, mn), ba.ArrivesAt, out var onLink)) return;
        run.Signalling.Relay(run.Directory.MobileNodes[mn.Index], Endpoint.MobileNode(mn, onLink), ba, homeAgent, self, here);
    }
}
