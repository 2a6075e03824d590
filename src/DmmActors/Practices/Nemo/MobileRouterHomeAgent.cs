using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Practices.Nemo;

/// <summary>
/// A home agent's part of NEMO basic support (RFC 3963 §6): it takes a mobile router's BU only
/// for the one mobile network prefix it delegated to that router, and routes the prefix through
/// the router's home binding, the bidirectional tunnel to its care-of address (§6.2: the prefix
/// table's next hop is the router's home address). An accepted BA carries the R flag.
/// </summary>
public sealed class MobileRouterHomeAgent : IAnchorComponent
{
    readonly IAnchorHost host;

    public MobileRouterHomeAgent(IAnchorHost host)
    {
        this.host = host;
        host.Forwarding.RouteThrough(prefix =>
            prefix.PoolAnchor == host.Index && MobileNetworkPrefixes.IsMobileNetworkPrefix(prefix, out var router)
                ? host.Run.Policy.HomePrefixOf(router)
                : prefix);
    }

    public bool ServesMobileRouters => true;

    /// <summary>RFC 3963 §6.1.2: 141 for a prefix this home agent never delegated, 142 for one it delegated to another router.</summary>
    public BindingStatus? Refuses(BindingUpdate bu)
    {
        if (bu.MobileNetworkPrefix.PoolAnchor != host.Index || !MobileNetworkPrefixes.IsMobileNetworkPrefix(bu.MobileNetworkPrefix, out var owner))
            return BindingStatus.InvalidPrefix;
        return owner == bu.MnId ? null : BindingStatus.NotAuthorizedForPrefix;
    }

    public bool Redirected(Prefix64 prefix, object message, IActorRef sender) => false;
    public bool Intercepts(BindingUpdate bu, IActorRef sender) => false;
    public Action? Decided(BindingDecision decision, ProxyBindingUpdate pbu, ModelTime processedAt) => null;
}
