using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;
using DmmActors.Topology;

namespace DmmActors.Practices.FlatWifi;

/// <summary>
/// An access router of a flat network with no mobility support (draft §4.2): a node that solicits
/// on its link gets a /64 of the router's own pool (RFC 8273, a unique prefix per host) in the RA
/// (RFC 4861 §6.2.3), and nothing follows it to the next router. The router's own allocation
/// function (the anchor that is a function of it) leases, journals and routes the prefix; the
/// router renews a lease for as long as the node stays and releases it when the node's link goes
/// down. Router and allocation are one box, so what passes between them is not signalling.
/// </summary>
public sealed class LocalAddressing(RunContext run, int router) : INetworkLocationClient
{
    sealed class Lease(IActorRef node, ProcedureRef procedure)
    {
        public IActorRef Node { get; } = node;
        public ProcedureRef Procedure { get; } = procedure;
        public ushort SequenceNumber { get; set; }
        public Prefix64 Prefix { get; set; }
        public ModelTime RegisteredAt { get; set; }
        public ModelTime GrantedLifetime { get; set; }
        /// <summary>When the router asked for it: a release goes after it in model time, as it does in order.</summary>
        public ModelTime RequestedAt { get; init; }
        /// <summary>The earliest the RA may leave (RFC 4861 §6.2.6).</summary>
        public ModelTime AdvertiseFrom { get; init; }
    }

    readonly Dictionary<int, Lease> leases = new();
    readonly Endpoint here = Endpoint.AccessRouter(router);

    readonly PrefixLeaseRequests requests = new(run, router);

    /// <summary>
    /// Where packets are placed in model time: until when each node that left was here, so that a
    /// packet it sent before it left still leaves by this router. Null otherwise.
    /// </summary>
    readonly Dictionary<int, ModelTime>? departedAt = run.Scenario.Traffic.InModelTime ? new() : null;

    public RefreshBarrier Refreshes { get; } = new();

    public void Register(IAccessRouterHost host) => host.Handle<PrefixLeaseAnswer>((answer, _) => OnAnswer(answer, host.Self));

    public void Attach(RouterSolicitation rs, ModelTime processedAt, IActorRef node, IActorRef self)
    {
        var lease = new Lease(node, rs.Procedure)
        {
            SequenceNumber = leases.TryGetValue(rs.MnId.Index, out var previous) ? (ushort)(previous.SequenceNumber + 1) : BindingUpdateSequence.Initial(rs.Procedure),
            AdvertiseFrom = NeighbourDiscovery.EarliestAdvertisement(run, rs, processedAt),
            RequestedAt = processedAt,
        };
        leases[rs.MnId.Index] = lease;
        departedAt?.Remove(rs.MnId.Index);
        requests.Ask(new PrefixLease(rs.Procedure, rs.MnId, router, lease.SequenceNumber, processedAt, run.Scenario.BindingLifetime), self);
    }

    void OnAnswer(PrefixLeaseAnswer answer, IActorRef self)
    {
        if (!requests.First(answer)) return;
        var present = leases.TryGetValue(answer.MnId.Index, out var lease);
        if (answer.Procedure.Kind == ProcedureKind.Refresh)
        {
            if (answer.Status != BindingStatus.Accepted && present) run.Recorder.RegistrationFailed(answer.Status);
            Refreshes.Acknowledged();
            return;
        }
        // The node may have left, or solicited again, before its prefix came.
        if (!present || lease!.SequenceNumber != answer.SequenceNumber) return;
        if (answer.Status != BindingStatus.Accepted)
        {
            leases.Remove(answer.MnId.Index);
            run.Recorder.RegistrationFailed(answer.Status);
            lease.Node.Tell(new RegistrationRejected(answer.Procedure, answer.Status));
            return;
        }
        // The lease runs from the request, as the allocation's entry does.
        (lease.Prefix, lease.RegisteredAt, lease.GrantedLifetime) = (answer.Prefix, lease.RequestedAt, answer.Lifetime);
        run.Signalling.Send(lease.Node, Endpoint.MobileNode(answer.MnId, router),
            new RouterAdvertisement(answer.Procedure, ModelTime.Max(answer.At, lease.AdvertiseFrom), router, answer.Prefix), self, here);
    }

    /// <summary>
    /// The node left: its lease is renewed for the time it stayed, then released. Released too where
    /// its answer has not come (the allocation may have leased it, and takes the two in the order
    /// sent), and where this router holds no lease for it: a run carried on from its journal puts
    /// back only the lease of a node's last recorded procedure, and the allocation's journal may hold another.
    /// </summary>
    public void Detach(LinkDown down, IActorRef self)
    {
        if (departedAt is not null) departedAt[down.MnId.Index] = down.At;
        var (sequence, at) = (BindingUpdateSequence.Initial(down.Procedure), down.At);
        if (leases.Remove(down.MnId.Index, out var lease))
        {
            if (!lease.Prefix.IsNone) Renew(down.MnId, lease, down.At, self);
            (sequence, at) = (++lease.SequenceNumber, ModelTime.Max(down.At, lease.RequestedAt));
        }
        requests.Release(new PrefixLease(down.Procedure, down.MnId, router, sequence, at, ModelTime.Zero), self);
    }

    public void Extend(ModelTime until, IActorRef self)
    {
        foreach (var (mn, lease) in leases)
            if (!lease.Prefix.IsNone) Renew(new MnIdentifier(mn), lease, until, self);
    }

    /// <summary>Renews the lease before it lapses, as the router's periodic RAs would (RFC 4861 §6.2.4), up to <paramref name="until"/>.</summary>
    void Renew(MnIdentifier mn, Lease lease, ModelTime until, IActorRef self) =>
        lease.RegisteredAt = Refreshes.SendDue(new RefreshSchedule(lease.GrantedLifetime, run.Scenario.RefreshRatio), lease.RegisteredAt, until,
            at => requests.Ask(new PrefixLease(new ProcedureRef(mn, lease.Procedure.Number, ProcedureKind.Refresh), mn, router,
                ++lease.SequenceNumber, at, run.Scenario.BindingLifetime), self));

    /// <summary>No registration leaves this router, so no PBA answers one: an authentic one cannot come.</summary>
    public void OnAcknowledgement(ProxyBindingAcknowledgement pba, IActorRef anchor, IActorRef self) { }

    /// <summary>
    /// Sends again what went unanswered past the signalling timeout (a cluster member lost with
    /// its allocation or its answer): a renewal always, so that the run's end is not left waiting
    /// on it, a lease while the node it is for is still here. The allocation takes a request sent
    /// again as a renewal of what it already leased.
    /// </summary>
    public void RetransmitOverdue(IActorRef self) =>
        requests.AskAgainOverdue(lease => leases.TryGetValue(lease.MnId.Index, out var held) && held.SequenceNumber == lease.SequenceNumber, self);

    public int AnchorOf(MnIdentifier mn) => leases.ContainsKey(mn.Index) ? router : -1;

    /// <summary>
    /// Only a source address of this router's own prefixes leaves by it: one of another router's
    /// would be dropped by ingress filtering (RFC 2827, BCP 38), there being no tunnel to take it home.
    /// </summary>
    public int UplinkAnchorOf(MnIdentifier mn, Prefix64 source, ModelTime at)
    {
        if (source.PoolAnchor != router) return -1;
        if (leases.ContainsKey(mn.Index)) return router;
        return departedAt is not null && departedAt.TryGetValue(mn.Index, out var left) && at < left ? router : -1;
    }

    public void Restore(RestoreBinding restore) =>
        leases[restore.MobileNode.Index] = new Lease(run.Directory.MobileNodes[restore.MobileNode.Index], restore.Procedure)
        {
            SequenceNumber = restore.Binding.SequenceNumber,
            Prefix = restore.Binding.Prefix,
            RegisteredAt = restore.Binding.Timestamp,
            GrantedLifetime = restore.Binding.Lifetime,
        };
}
