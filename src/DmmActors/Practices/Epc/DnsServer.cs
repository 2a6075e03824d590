using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Practices.Epc;

/// <summary>
/// The DNS an MME asks for gateways (TS 29.303 §5.2, §5.3): the S-NAPTR records of a tracking
/// area's FQDN, one per gateway of the service asked for, in the order of their topological
/// distance from the area (§5.1's "topon" names, Annex C), each answer leaving the lookup's delay
/// after the query was taken in. It holds no bindings.
/// </summary>
public sealed class DnsServer : IAnchorComponent
{
    readonly IAnchorHost host;
    readonly EpcLayout layout;
    readonly ModelTime lookup;

    public DnsServer(IAnchorHost host, EpcLayout layout, EpcSettings settings)
    {
        (this.host, this.layout, lookup) = (host, layout, settings.DnsDelay);
        host.Handle<GatewayQuery>(Answer);
    }

    /// <summary>RFC 3403 §4.1: records of a lower order are tried first; the nearest gateway has order 1.</summary>
    void Answer(GatewayQuery query, IActorRef asker)
    {
        var run = host.Run;
        var here = Endpoint.Anchor(host.Index);
        var candidates = layout.GatewaysFor(query.TrackingAreaCode, query.Service)
            .Select((g, rank) => new GatewayCandidate(Endpoint.Anchor(g), (ushort)(rank + 1), 10))
            .ToArray();
        var answer = new GatewayAnswer(query.Procedure, run.Channel.Departure(query.ArrivesAt, here) + lookup, query.Id,
            query.TrackingAreaCode, query.Service, candidates);
        run.Signalling.Send(asker, Endpoint.Anchor(layout.Mme), answer, host.Self, here);
    }

    public bool Redirected(Prefix64 prefix, object message, IActorRef sender) => false;
    public bool Intercepts(BindingUpdate bu, IActorRef sender) => false;
    public Action? Decided(BindingDecision decision, ProxyBindingUpdate pbu, ModelTime processedAt) => null;
}
