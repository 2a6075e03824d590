using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Metrics;
using DmmActors.Protocol;
using DmmActors.Topology;

namespace DmmActors.Practices.DmmCpDpSplit;

/// <summary>
/// A MAAR under a split control plane (RFC 8885 §3; draft §3's FM-CP/FM-DP): a node that attaches
/// gets a prefix of this router's own pool, leased from its own anchoring function (the locally
/// allocated BCE, §3.1), and the MAAR registers it with the CMD. After a move it waits for the
/// node's word on the prefixes its sessions still need (draft §5.2) and registers those too, as
/// Anchored Prefix options; the CMD's PBA names, in Previous MAAR options, the MAARs that now
/// tunnel them here (§3.2), and once this MAAR has programmed its side the RA carries the new
/// prefix and, deprecated, the kept ones. Only the serving MAAR ends what the CMD holds (§3.5): it
/// never de-registers when the node's link goes down, and a prefix no session needs any more is
/// left out of the node's next registration, at its next move.
/// </summary>
public sealed class SplitMaar(RunContext run, int maar) : INetworkLocationClient
{
    sealed class NodeEntry(IActorRef node, ProcedureRef procedure)
    {
        public IActorRef Node { get; } = node;
        public ProcedureRef Procedure { get; } = procedure;
        public Prefix64 Local { get; init; }
        /// <summary>The lease of the node's prefix at this router's own anchoring function.</summary>
        public ushort LeaseSequence { get; set; }
        public bool Leased { get; set; }
        public ModelTime LeasedAt { get; set; }
        public ModelTime LeaseLifetime { get; set; }
        /// <summary>The registration with the CMD.</summary>
        public ushort Sequence { get; set; }
        public bool Registered { get; set; }
        public ModelTime RegisteredAt { get; set; }
        public ModelTime GrantedLifetime { get; set; }
        /// <summary>After a move, the node's word on what it keeps has not come yet.</summary>
        public bool KeepPending { get; set; }
        /// <summary>The node's kept prefixes that a previous MAAR anchors and tunnels here, by prefix.</summary>
        public Dictionary<ulong, PreviousMaar> Previous { get; } = new();
        public Prefix64[] KeptPrefixes => Previous.Values.Select(p => p.Prefix).ToArray();
        public ModelTime AdvertiseFrom { get; init; }
        public ModelTime ReadyAt { get; set; }
        public bool Advertised { get; set; }
        public long SentTimestamp { get; init; }
    }

    readonly CpDpSplitSettings settings = CpDpSplitSettings.Of(run.Scenario);
    readonly Dictionary<int, NodeEntry> nodes = new();
    /// <summary>
    /// Where packets are placed in model time: each node that left, with its entry and until when
    /// it was here, so that a packet it sent before it left still goes up the tunnel it was sent into.
    /// </summary>
    readonly Dictionary<int, (NodeEntry Entry, ModelTime Until)>? left = run.Scenario.Traffic.InModelTime ? new() : null;
    readonly PbuRetransmission retransmission = new(run);
    readonly PrefixLeaseRequests leases = new(run, maar);
    readonly Endpoint here = Endpoint.AccessRouter(maar);
    /// <summary>The CMD: the one anchor that is no MAAR's function, numbered after them.</summary>
    readonly int cmd = run.Topology.FirstRegionalAnchor;

    public RefreshBarrier Refreshes { get; } = new();

    public void Register(IAccessRouterHost router)
    {
        router.Handle<PrefixLeaseAnswer>((answer, _) => OnLeaseAnswer(answer, router.Self));
        router.Handle<PrefixesInUse>((shared, _) => OnPrefixesInUse(shared, router.Self));
    }

    public void Attach(RouterSolicitation rs, ModelTime processedAt, IActorRef node, IActorRef self)
    {
        var entry = new NodeEntry(node, rs.Procedure)
        {
            Local = Prefix64.Delegated(maar, rs.MnId.Index),
            LeaseSequence = BindingUpdateSequence.Initial(rs.Procedure),
            LeasedAt = processedAt,
            Sequence = BindingUpdateSequence.Initial(rs.Procedure),
            AdvertiseFrom = NeighbourDiscovery.EarliestAdvertisement(run, rs, processedAt),
            SentTimestamp = run.Storm is null ? 0 : StormClock.Now,
            // After a move the node says, with its RS, what it keeps: the registration waits for that.
            KeepPending = rs.Procedure.Kind == ProcedureKind.Handover,
        };
        nodes[rs.MnId.Index] = entry;
        left?.Remove(rs.MnId.Index);
        // RFC 8885 §3.1: the prefix comes from this router's own pool; its own anchoring function leases and routes it.
        leases.Ask(new PrefixLease(rs.Procedure, rs.MnId, maar, entry.LeaseSequence, processedAt, run.Scenario.BindingLifetime), self);
        if (!entry.KeepPending) RegisterWithCmd(rs.MnId, entry, [], processedAt, self);
    }

    /// <summary>The node's word on its move: register its own prefix here and the kept ones, anchored where they were given.</summary>
    void OnPrefixesInUse(PrefixesInUse shared, IActorRef self)
    {
        // Sent with every copy of the RS: the first one that finds its attachment registers, once.
        if (!nodes.TryGetValue(shared.MnId.Index, out var entry) || entry.Procedure != shared.Procedure || !entry.KeepPending) return;
        entry.KeepPending = false;
        var kept = shared.Keep.Select(k => k.Prefix).Where(p => !p.IsNone && p != entry.Local).Distinct().ToArray();
        RegisterWithCmd(shared.MnId, entry, kept, run.Channel.Departure(shared.ArrivesAt, here), self);
    }

    /// <summary>RFC 8885 §3.1, §3.2: a PBU with the D flag, this router's prefix in the HNP option and the kept ones as Anchored Prefix options.</summary>
    void RegisterWithCmd(MnIdentifier mn, NodeEntry entry, IReadOnlyList<Prefix64> kept, ModelTime departure, IActorRef self) =>
        SendExpectingAcknowledgement(new ProxyBindingUpdate(entry.Procedure, departure, mn, entry.Local,
            ProxyBindingUpdate.HandoffIndicatorOn(entry.Procedure.Kind), entry.Sequence, departure, Lifetime.ToUnits(run.Scenario.BindingLifetime), maar)
        {
            Dmm = true,
            AnchoredPrefixes = kept,
        }, 0, self);

    void OnLeaseAnswer(PrefixLeaseAnswer answer, IActorRef self)
    {
        if (!leases.First(answer)) return;
        var present = nodes.TryGetValue(answer.MnId.Index, out var entry);
        if (answer.Procedure.Kind == ProcedureKind.Refresh)
        {
            Refreshes.Acknowledged();
            return;
        }
        if (!present || entry!.Procedure != answer.Procedure || entry.LeaseSequence != answer.SequenceNumber) return;
        if (answer.Status != BindingStatus.Accepted)
        {
            Reject(answer.MnId, entry, answer.Status);
            return;
        }
        (entry.Leased, entry.LeaseLifetime, entry.ReadyAt) = (true, answer.Lifetime, ModelTime.Max(entry.ReadyAt, answer.At));
        AdvertiseIfReady(answer.MnId, entry, self);
    }

    public void OnAcknowledgement(ProxyBindingAcknowledgement pba, IActorRef anchor, IActorRef self)
    {
        if (pba.Lma != cmd || !retransmission.Answered(pba)) return;
        var present = nodes.TryGetValue(pba.MnId.Index, out var entry);
        if (pba.Procedure.Kind is ProcedureKind.Refresh)
        {
            if (present && entry!.Procedure.Number == pba.Procedure.Number)
            {
                if (pba.Status != BindingStatus.Accepted) run.Recorder.RegistrationFailed(pba.Status);
                else Tunnelled(entry, pba.PreviousMaars);
            }
            Refreshes.Acknowledged();
            return;
        }
        // RFC 5213 §6.9.1.2: nothing to do for a de-registration's PBA.
        if (pba.IsDeregistration || !present || entry!.Procedure != pba.Procedure || entry.Registered) return;
        if (pba.Status != BindingStatus.Accepted)
        {
            Reject(pba.MnId, entry, pba.Status);
            return;
        }
        (entry.Registered, entry.RegisteredAt, entry.GrantedLifetime) = (true, pba.Timestamp, Lifetime.FromUnits(pba.LifetimeUnits));
        Tunnelled(entry, pba.PreviousMaars);
        // §3.2: this end of each tunnel and its routes are programmed before the kept prefixes are advertised.
        var programmed = run.Channel.Departure(pba.ArrivesAt, here) + (pba.PreviousMaars.Count > 0 ? settings.ProgrammingDelay : ModelTime.Zero);
        entry.ReadyAt = ModelTime.Max(entry.ReadyAt, programmed);
        AdvertiseIfReady(pba.MnId, entry, self);
    }

    /// <summary>What the CMD's PBA says is tunnelled here: each kept prefix its anchoring MAAR confirmed.</summary>
    static void Tunnelled(NodeEntry entry, IReadOnlyList<PreviousMaar> previous)
    {
        entry.Previous.Clear();
        foreach (var p in previous) entry.Previous[p.Prefix.Bits] = p;
    }

    void Reject(MnIdentifier mn, NodeEntry entry, BindingStatus status)
    {
        nodes.Remove(mn.Index);
        run.Recorder.RegistrationFailed(status);
        entry.Node.Tell(new RegistrationRejected(entry.Procedure, status));
    }

    /// <summary>Once leased, registered and programmed: the RA with this router's prefix preferred and the kept ones deprecated.</summary>
    void AdvertiseIfReady(MnIdentifier mn, NodeEntry entry, IActorRef self)
    {
        if (entry.Advertised || !entry.Leased || !entry.Registered) return;
        entry.Advertised = true;
        run.Storm?.Record(StormStep.Acknowledgement, entry.SentTimestamp, StormClock.Now);
        run.Recorder.TunnelsAfterMove(entry.Previous.Count);
        run.Signalling.Send(entry.Node, Endpoint.MobileNode(mn, maar), new RouterAdvertisement(entry.Procedure, ModelTime.Max(entry.ReadyAt, entry.AdvertiseFrom), maar, entry.Local)
        {
            Deprecated = entry.KeptPrefixes,
        }, self, here);
    }

    /// <summary>
    /// The node left: what this MAAR holds for it stays with the CMD and the anchoring functions
    /// until the next serving MAAR registers (RFC 8885 §3.5: no de-registration on a detachment), and
    /// that registration renews every binding the node keeps. No refresh leaves here for the stay:
    /// one sent now would race the next MAAR's registration to the CMD, and which came first would
    /// change what the CMD journals (a stay outlasting the lifetime is refused: DmmCpDpSplitPractice.Validate).
    /// </summary>
    public void Detach(LinkDown down, IActorRef self)
    {
        if (!nodes.Remove(down.MnId.Index, out var entry)) return;
        if (left is not null) left[down.MnId.Index] = (entry, down.At);
    }

    public void Extend(ModelTime until, IActorRef self)
    {
        foreach (var (mn, entry) in nodes) Refresh(new MnIdentifier(mn), entry, until, self);
    }

    /// <summary>RFC 5213 §6.9.1.3: the registration with the CMD, with the prefixes tunnelled here, and the lease, each before it lapses.</summary>
    void Refresh(MnIdentifier mn, NodeEntry entry, ModelTime until, IActorRef self)
    {
        var procedure = new ProcedureRef(mn, entry.Procedure.Number, ProcedureKind.Refresh);
        if (entry.Registered)
            entry.RegisteredAt = Refreshes.SendDue(new RefreshSchedule(entry.GrantedLifetime, run.Scenario.RefreshRatio), entry.RegisteredAt, until,
                at => SendExpectingAcknowledgement(new ProxyBindingUpdate(procedure, at, mn, entry.Local, HandoffIndicator.HandoffStateNotChanged,
                    ++entry.Sequence, at, Lifetime.ToUnits(run.Scenario.BindingLifetime), maar)
                {
                    Dmm = true,
                    AnchoredPrefixes = entry.KeptPrefixes,
                }, 0, self));
        if (entry.Leased)
            entry.LeasedAt = Refreshes.SendDue(new RefreshSchedule(entry.LeaseLifetime, run.Scenario.RefreshRatio), entry.LeasedAt, until,
                at => leases.Ask(new PrefixLease(procedure, mn, maar, ++entry.LeaseSequence, at, run.Scenario.BindingLifetime), self));
    }

    void SendExpectingAcknowledgement(ProxyBindingUpdate pbu, int attempts, IActorRef self)
    {
        retransmission.Sent(pbu, cmd, attempts);
        run.Signalling.Send(run.Directory.Anchors[cmd], Endpoint.Anchor(cmd), pbu, self, here);
    }

    /// <summary>
    /// RFC 8885 §3.6, RFC 5213 §6.9.4: a registration or refresh with no PBA in time goes again, with
    /// a new sequence number and timestamp, while the node is still here; so does a lease.
    /// </summary>
    public void RetransmitOverdue(IActorRef self)
    {
        foreach (var u in retransmission.Overdue())
        {
            var refresh = u.Pbu.Procedure.Kind == ProcedureKind.Refresh;
            if (!nodes.TryGetValue(u.Pbu.MnId.Index, out var entry) || entry.Procedure.Number != u.Pbu.Procedure.Number || !refresh && entry.Registered)
            {
                if (refresh) Refreshes.Acknowledged();
                continue;
            }
            var at = PbuRetransmission.NextAttempt(u);
            if (refresh) entry.RegisteredAt = at;
            run.Recorder.Retransmitted();
            SendExpectingAcknowledgement(u.Pbu with { SentAt = at, Timestamp = at, SequenceNumber = ++entry.Sequence }, u.Attempts + 1, self);
        }
        leases.AskAgainOverdue(lease => nodes.TryGetValue(lease.MnId.Index, out var held) && held.LeaseSequence == lease.SequenceNumber, self);
    }

    /// <summary>
    /// A run carried on from its journal: the node's lease here as its last procedure left it. Its
    /// registration with the CMD went with the lease and is in the CMD's journal. The node's
    /// sessions start afresh on this prefix, so it keeps none of the earlier ones, and its next
    /// registration leaves them out, which ends them at the CMD and at the MAARs anchoring them.
    /// </summary>
    public void Restore(RestoreBinding restore)
    {
        var lease = restore.Binding;
        nodes[restore.MobileNode.Index] = new NodeEntry(run.Directory.MobileNodes[restore.MobileNode.Index], restore.Procedure)
        {
            Local = lease.Prefix,
            LeaseSequence = lease.SequenceNumber,
            Leased = true,
            LeasedAt = lease.Timestamp,
            LeaseLifetime = lease.Lifetime,
            Sequence = BindingUpdateSequence.Initial(restore.Procedure),
            Registered = true,
            RegisteredAt = lease.Timestamp,
            GrantedLifetime = lease.Lifetime,
            Advertised = true,
        };
    }

    public int AnchorOf(MnIdentifier mn) => nodes.ContainsKey(mn.Index) ? maar : -1;

    /// <summary>
    /// RFC 8885 §3.2: a source address of this router's prefix leaves by it; one of a kept prefix
    /// goes up the tunnel to the MAAR anchoring it; any other is dropped by ingress filtering (RFC 2827).
    /// </summary>
    public int UplinkAnchorOf(MnIdentifier mn, Prefix64 source, ModelTime at)
    {
        if (nodes.TryGetValue(mn.Index, out var entry)) return AnchorOf(entry, source);
        return left is not null && left.TryGetValue(mn.Index, out var stay) && at < stay.Until ? AnchorOf(stay.Entry, source) : -1;
    }

    int AnchorOf(NodeEntry entry, Prefix64 source) =>
        source == entry.Local ? maar : entry.Previous.TryGetValue(source.Bits, out var previous) ? previous.Maar : -1;
}
