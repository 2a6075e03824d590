using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Functions;
using DmmActors.Protocol;
using DmmActors.Topology;

namespace DmmActors.Functions;

/// <summary>
/// The address allocation of an access router that gives the nodes on its link prefixes of its
/// own pool: a flat network's router (draft §4.2) or a MAAR (RFC 8885 §3.1, the locally allocated
/// BCE). It leases each node a prefix of the router's pool (RFC 8273), renews and releases it as
/// the router asks, journals every lease as a binding of the node to the router, and routes the
/// prefix to the router. It is a function of the router, so a lease is no PBU and no signalling.
/// </summary>
public sealed class LocalPrefixAllocation : IAnchorComponent
{
    readonly IAnchorHost host;
    readonly Endpoint here;

    public LocalPrefixAllocation(IAnchorHost host)
    {
        (this.host, here) = (host, Endpoint.Anchor(host.Index));
        host.Handle<PrefixLease>(OnLease);
    }

    void OnLease(PrefixLease lease, IActorRef router)
    {
        // A lease is the router's own: only the router this allocation is a function of asks.
        if (!host.Run.Topology.IsFunctionOf(host.Index, lease.Router)) return;
        // A node that solicits again while its lease here still holds (its RS sent again, or back before the release) renews it.
        var request = new BindingRequest(lease.MnId, lease.Procedure.Kind == ProcedureKind.Refresh || lease.IsRelease ? host.Cache.DelegatedTo(lease.MnId) : Prefix64.None,
            lease.Router, lease.SequenceNumber, lease.At, lease.Lifetime, lease.At)
        {
            Handoff = HandoffIndicator.HandoffStateNotChanged,
            SentAt = lease.At,
        };
        var decision = host.Cache.Decide(request);
        var answeredAt = host.Run.Channel.Departure(lease.At, here);
        if (lease.IsRelease)
        {
            if (decision.Event is { } released) host.PersistThen(released, () => { });
            return;
        }
        var answer = new PrefixLeaseAnswer(lease.Procedure, lease.MnId, lease.SequenceNumber, decision.Status, decision.Prefix, decision.GrantedLifetime, answeredAt);
        if (decision.Event is { } leased) host.PersistThen(leased, () => router.Tell(answer, host.Self));
        else router.Tell(answer, host.Self);
    }

    public bool Redirected(Prefix64 prefix, object message, IActorRef sender) => false;

    public bool Intercepts(BindingUpdate bu, IActorRef sender) => false;

    public Action? Decided(BindingDecision decision, ProxyBindingUpdate pbu, ModelTime processedAt) => null;
}
