using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Practices.Mipv6MultiHa;

/// <summary>
/// A home agent on a home link shared with others (RFC 6275 §10.1, §10.5.1). It advertises itself
/// on the home link (an RA with the H flag and the Home Agent Information option, §7.1, §7.4)
/// once, as the first request reaches it (before that no node needs it, and the other home
/// agents' actors may not all exist yet), and keeps a Home Agents List from the others'
/// advertisements. It answers
/// a DHAAD request with the list, itself first: all share one preference, §10.5.1 leaves the
/// order of equals to the home agent, and the one the anycast request reached is the nearest to
/// the node by routing.
/// </summary>
public sealed class HomeAgentDiscovery : IAnchorComponent
{
    /// <summary>RFC 6275 §7.4: the default preference, and a lifetime of the router lifetime the emulated RAs carry.</summary>
    const ushort Preference = 0, LifetimeSeconds = 1800;

    readonly RunContext run;
    readonly IAnchorHost host;
    /// <summary>The Home Agents List (§10.1): the other home agents heard, with their preference.</summary>
    readonly SortedDictionary<int, ushort> heard = new();
    Endpoint Here => Endpoint.Anchor(host.Index);

    public HomeAgentDiscovery(IAnchorHost host)
    {
        (this.host, run) = (host, host.Run);
        host.Handle<HomeAgentAddressDiscoveryRequest>(OnRequest);
        host.Handle<HomeAgentAdvertisement>((advertisement, _) => heard[advertisement.HomeAgent] = advertisement.Preference);
    }

    bool advertised;

    /// <summary>Its RA on the home link, to every other home agent there (the all-nodes multicast, one copy each).</summary>
    void Advertise(ModelTime at)
    {
        var procedure = new ProcedureRef(new MnIdentifier(0), 0, ProcedureKind.Refresh);
        for (int other = 0; other < run.Topology.FirstRegionalAnchor; other++)
            if (other != host.Index)
                run.Signalling.Send(run.Directory.Anchors[other], Endpoint.Anchor(other),
                    new HomeAgentAdvertisement(procedure, at, host.Index, Preference, LifetimeSeconds), host.Self, Here);
    }

    /// <summary>This home agent, then those heard, by preference (highest first).</summary>
    IReadOnlyList<int> HomeAgents() =>
        [host.Index, .. heard.OrderByDescending(h => h.Value).ThenBy(h => h.Key).Select(h => h.Key)];

    void OnRequest(HomeAgentAddressDiscoveryRequest request, IActorRef node)
    {
        if (!advertised) Advertise(request.ArrivesAt);
        advertised = true;
        var reply = new HomeAgentAddressDiscoveryReply(request.Procedure, run.Channel.Departure(request.ArrivesAt, Here), request.Identifier, host.Index,
            HomeAgents(), request.CareOfRouter);
        run.Signalling.Send(node, Endpoint.MobileNode(request.MnId, request.CareOfRouter), reply, host.Self, Here);
    }

    public bool Redirected(Prefix64 prefix, object message, IActorRef sender) => false;
    public bool Intercepts(BindingUpdate bu, IActorRef sender) => false;
    public Action? Decided(BindingDecision decision, ProxyBindingUpdate pbu, ModelTime processedAt) => null;
}
