using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Practices.Mipv6MultiHa;

/// <summary>
/// A home agent's answer to dynamic home agent address discovery (RFC 6275 §10.5.1): the home
/// agents of the home link, itself first. They share one preference, and among equals §10.5.1
/// leaves the order to the home agent; the one the anycast request reached is the nearest to the
/// node by routing, so it puts itself first.
/// </summary>
public sealed class HomeAgentDiscovery : IAnchorComponent
{
    readonly RunContext run;
    readonly IAnchorHost host;
    Endpoint Here => Endpoint.Anchor(host.Index);

    public HomeAgentDiscovery(IAnchorHost host)
    {
        (this.host, run) = (host, host.Run);
        host.Handle<HomeAgentAddressDiscoveryRequest>(OnRequest);
    }

    /// <summary>The Home Agents List (§10.1): every home anchor of the run, this one first.</summary>
    IReadOnlyList<int> HomeAgents() =>
        [host.Index, .. Enumerable.Range(0, run.Topology.FirstRegionalAnchor).Where(a => a != host.Index)];

    void OnRequest(HomeAgentAddressDiscoveryRequest request, IActorRef node)
    {
        var reply = new HomeAgentAddressDiscoveryReply(request.Procedure, run.Channel.Departure(request.ArrivesAt, Here), request.Identifier, host.Index,
            HomeAgents(), request.CareOfRouter);
        run.Signalling.Send(node, Endpoint.MobileNode(request.MnId, request.CareOfRouter), reply, host.Self, Here);
    }

    public bool Redirected(Prefix64 prefix, object message, IActorRef sender) => false;
    public bool Intercepts(BindingUpdate bu, IActorRef sender) => false;
    public Action? Decided(BindingDecision decision, ProxyBindingUpdate pbu, ModelTime processedAt) => null;
}
