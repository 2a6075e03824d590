using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Practices.Hmipv6;

/// <summary>
/// An anchor that is an HMIPv6 MAP (RFC 5380 §6.2): besides binding regional care-of addresses,
/// which its location server does as any anchor's, it tunnels a node's home BU on to the home
/// agent and the home agent's BA on to the node.
/// </summary>
public sealed class MapAnchor : IAnchorComponent
{
    readonly IAnchorHost host;
    readonly MobilityAnchorPoint map;

    public MapAnchor(IAnchorHost host)
    {
        this.host = host;
        map = new MobilityAnchorPoint(host.Run, host.Index, host.Cache);
        host.Handle<BindingAcknowledgement>((ba, sender) => map.TunnelToNode(ba, sender, host.Self));
    }

    /// <summary>A home BU (no M flag) from a node of the domain: its security association is with its home agent, which checks it.</summary>
    public bool Intercepts(BindingUpdate bu, IActorRef sender)
    {
        if (bu.MapRegistration || !host.Authorization.KnownNode(bu)) return false;
        map.TunnelToHomeAgent(bu, sender, host.Self);
        return true;
    }

    public bool Redirected(Prefix64 prefix, object message, IActorRef sender) => false;

    public Action? Decided(BindingDecision decision, ProxyBindingUpdate pbu, ModelTime processedAt) => null;
}
