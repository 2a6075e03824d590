using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Metrics;
using DmmActors.Protocol;
using DmmActors.Topology;

namespace DmmActors.Practices.DmmAnchorRelocation;

/// <summary>
/// The location client of a mobility anchor and access router (MAAR, RFC 8885 §3): each node
/// that attaches gets a prefix of this router's own anchor, so new sessions run without a
/// tunnel (RFC 8818 §3.1). At a handover it fetches the node's context from the previous
/// router (reactive fast handover, RFC 5949 §3.2: HI and HAck) and re-registers, towards
/// their anchors, only the prefixes that sessions needing continuity still use; the previous
/// router releases the others. The RA carries the new prefix and, deprecated, the kept ones.
/// </summary>
public sealed class MaarLocationClient(RunContext run, int maar, Action<TimeSpan, object>? scheduleToSelf = null) : INetworkLocationClient
{
    readonly RelocationSettings settings = RelocationSettings.Of(run.Scenario);

    /// <summary>As the previous MAAR, what reaches it for a node that left, held until the next MAAR asks, then forwarded (RFC 5949 §4.2); the router hosts it.</summary>
    public HandoverForwarding Forwarding { get; private set; } = null!;

    /// <summary>One prefix of a node, as the binding update list holds it (RFC 5213 §6.1, one per prefix here).</summary>
    sealed class PrefixBinding(Prefix64 prefix, int anchor)
    {
        public Prefix64 Prefix { get; } = prefix;
        /// <summary>The binding's anchor: the one that answered its registration, or the one relocation news named since.</summary>
        AsOf<int> located = AsOf<int>.From(anchor, anchor, ModelTime.Zero);
        public int Anchor
        {
            get => located.Value;
            set => located = AsOf<int>.From(value, value, ModelTime.Zero);
        }
        /// <summary>The binding's anchor as it stood at <paramref name="at"/> in model time.</summary>
        public int AnchorAt(ModelTime at) => located.At(at);

        /// <summary>
        /// News that the binding moved to <paramref name="to"/>, which arrived at <paramref name="at"/>.
        /// Two relocations' news come from two anchors, in either order: the later in model time says where the binding is.
        /// </summary>
        public void Moved(int to, ModelTime at)
        {
            if (at >= located.Since) located = located.Then(to, at);
        }
        public ushort SequenceNumber { get; set; }
        public ModelTime RegisteredAt { get; set; }
        public ModelTime GrantedLifetime { get; set; }
        public int Sessions { get; set; }
    }

    sealed class NodeEntry(IActorRef node, ProcedureRef procedure, int localAnchor)
    {
        public IActorRef Node { get; } = node;
        public ProcedureRef Procedure { get; } = procedure;
        public int LocalAnchor { get; } = localAnchor;
        public Dictionary<ulong, PrefixBinding> Bindings { get; } = new();
        /// <summary>Kept prefixes whose re-registration is not answered yet.</summary>
        public Dictionary<ulong, PrefixBinding> Pending { get; } = new();
        public bool LocalPending { get; set; } = true;
        public bool ContextPending { get; set; }
        public bool ContextRequested { get; set; }
        public Prefix64 Preferred { get; set; }
        /// <summary>When the last answer the RA waits for arrived, and when this router was done with it (model time).</summary>
        public ModelTime AnsweredAt { get; set; }
        public ModelTime ReadyAt { get; set; }
        /// <summary>The earliest the RA may leave (RFC 4861 §6.2.6).</summary>
        public ModelTime AdvertiseFrom { get; init; }
        public ModelTime DepartedAt { get; set; }
        public bool Departed { get; set; }
        public IReadOnlyList<int> Groups { get; set; } = [];
        public long SentTimestamp { get; init; }
        public bool Advertised { get; set; }
    }

    readonly Dictionary<int, NodeEntry> nodes = new();
    readonly Dictionary<int, IActorRef> learnedAnchors = new();
    readonly PbuRetransmission retransmission = new(run);

    /// <summary>A move's registration (its local prefix or a kept one) as sent, and how often an anchor's 130 sent it back.</summary>
    sealed record SentRegistration(ProxyBindingUpdate Pbu, int Anchor, int Backoffs, ModelTime Interval = default);

    /// <summary>
    /// By node, the prefix asked for (none for the node's new one) and sequence number: the
    /// registrations awaiting their PBA or the end of their back-off. Each prefix numbers its own PBUs.
    /// </summary>
    readonly Dictionary<(int Mn, ulong Prefix, ushort Sequence), SentRegistration> registrations = new();

    static (int, ulong, ushort) KeyOf(ProxyBindingUpdate pbu) => (pbu.MnId.Index, pbu.HomeNetworkPrefix.Bits, pbu.SequenceNumber);

    /// <summary>
    /// The registration a PBA answers. An accepted one names the prefix; a refusal here names
    /// none (BindingDecision.Refused), so the node and the sequence number decide.
    /// </summary>
    SentRegistration? Answered(ProxyBindingAcknowledgement pba)
    {
        var (mn, sequence) = (pba.MnId.Index, pba.SequenceNumber);
        foreach (var key in new[] { (mn, pba.HomeNetworkPrefix.Bits, sequence), (mn, Prefix64.None.Bits, sequence) })
            if (registrations.Remove(key, out var sent)) return sent;
        var other = registrations.Keys.FirstOrDefault(k => k.Mn == mn && k.Sequence == sequence);
        return other != default && registrations.Remove(other, out var found) ? found : null;
    }

    /// <summary>Sends stop after this many back-offs, as a MAG's do (ProxyLocationClient).</summary>
    const int MaxBackoffs = 6;

    /// <summary>An HI that expects a HAck: to which router, and how many times it was sent before.</summary>
    sealed record UnansweredHi(HandoverInitiate Hi, int PreviousRouter, int Attempts);

    /// <summary>By node.</summary>
    readonly AwaitedAnswers<int, UnansweredHi> unansweredHis = new(run);

    public RefreshBarrier Refreshes { get; } = new();

    public AnchorDiscovery Discovery { get; } = new(run.Topology, RelocationSettings.Of(run.Scenario).Capacity);

    readonly Endpoint here = Endpoint.AccessRouter(maar);

    /// <summary>Whether the signal is authentic from the router or anchor it names; one that is not is discarded.</summary>
    bool From(Signal signal, Endpoint claimed) => run.Signalling.Authentic(signal, claimed, here);

    public void Register(IAccessRouterHost router)
    {
        Forwarding = new HandoverForwarding(router, settings.BufferPackets);
        // RFC 5949 §7: HI and HAck between the MAGs of a handover are protected by their security association.
        router.Handle<HandoverInitiate>((hi, sender) =>
        {
            if (From(hi, Endpoint.AccessRouter(hi.NewAccessRouter))) OnHandoverInitiate(hi, sender, router.Self);
        });
        router.Handle<HandoverAcknowledge>((hack, _) =>
        {
            // RFC 7411 §3: the subscriptions came with the context; join before the node reports.
            if (From(hack, Endpoint.AccessRouter(hack.PreviousAccessRouter)) && OnHandoverAcknowledge(hack, router.Self) is { } arrival)
                foreach (var group in hack.Groups) router.Listen(hack.MnId, group, arrival, hack.Procedure);
        });
        router.Handle<RegistrationBackoff>((backoff, _) => OnBackoffOver(backoff, router.Self));
        router.Handle<PrefixRelease>((ended, _) => OnPrefixRelease(ended, router.Self));
        router.Handle<PrefixesInUse>((shared, _) => OnPrefixesInUse(shared, router.Self));
        router.Handle<AnchorRelocated>((relocated, _) =>
        {
            if (From(relocated, Endpoint.Anchor(relocated.Anchor))) OnAnchorRelocated(relocated);
        });
        router.Handle<AnchorAdvertisement>((advertisement, _) =>
        {
            if (From(advertisement, Endpoint.Anchor(advertisement.Anchor))) Discovery.Heard(advertisement.Anchor, advertisement.Load, advertisement.Capacity);
        });
    }


    IActorRef Anchor(int anchor) => learnedAnchors.TryGetValue(anchor, out var known) ? known : run.Directory.Anchors[anchor];

    public int AnchorOf(MnIdentifier mn) => nodes.TryGetValue(mn.Index, out var e) && !e.Departed ? e.LocalAnchor : -1;

    /// <summary>A prefix kept from an earlier MAAR goes up its anchor's tunnel; the node's new one is anchored here (RFC 8885 §3.2).</summary>
    /// <remarks>
    /// Where packets are placed in model time (a mobile peer sends from where it was), one sent
    /// before the node left still goes up the tunnel it was sent into: the stays of nodes that
    /// left are kept, the last few per node.
    /// </remarks>
    public int UplinkAnchorOf(MnIdentifier mn, Prefix64 source, ModelTime at)
    {
        if (nodes.TryGetValue(mn.Index, out var e) && (!e.Departed || at < e.DepartedAt)) return AnchorOf(e, source, at);
        if (left?.TryGetValue(mn.Index, out var stays) != true) return -1;
        foreach (var (entry, until) in stays!)
            if (at < until && at >= entry.AnsweredAt) return AnchorOf(entry, source, at);
        return -1;
    }

    static int AnchorOf(NodeEntry e, Prefix64 source, ModelTime at) =>
        e.Bindings.TryGetValue(source.Bits, out var binding) ? binding.AnchorAt(at) : e.LocalAnchor;

    readonly Dictionary<int, List<(NodeEntry Entry, ModelTime Until)>>? left = run.Scenario.Traffic.InModelTime ? new() : null;

    void Left(int mn, NodeEntry entry, ModelTime until)
    {
        if (left is null) return;
        if (!left.TryGetValue(mn, out var stays)) left[mn] = stays = new(1);
        if (stays.Count == 4) stays.RemoveAt(0);
        stays.Add((entry, until));
    }

    /// <summary>The node's subscriptions, from its report, to hand on at its next move (RFC 7411 §3).</summary>
    public void RememberGroups(MnIdentifier mn, IReadOnlyList<int> groups)
    {
        if (nodes.TryGetValue(mn.Index, out var e)) e.Groups = groups;
    }

    /// <summary>A node attached: register a prefix of this router's anchor and, after a move, ask the previous router for the rest.</summary>
    public void Attach(RouterSolicitation rs, ModelTime processedAt, IActorRef node, IActorRef self)
    {
        // Every anchor around full: this router's own takes the node all the same.
        var anchor = Discovery.Select(maar) is >= 0 and var chosen ? chosen : maar;
        var entry = new NodeEntry(node, rs.Procedure, anchor)
        {
            AdvertiseFrom = NeighbourDiscovery.EarliestAdvertisement(run, rs, processedAt),
            SentTimestamp = run.Storm is null ? 0 : StormClock.Now,
        };
        nodes[rs.MnId.Index] = entry;
        var departure = processedAt;
        // RFC 5213 §5.3.2: no prefix in the PBU, so the anchor assigns one from its pool.
        SendExpectingAcknowledgement(entry.LocalAnchor, new ProxyBindingUpdate(rs.Procedure, departure, rs.MnId, Prefix64.None,
            ProxyBindingUpdate.HandoffIndicatorOn(rs.Procedure.Kind), BindingUpdateSequence.Initial(rs.Procedure), departure,
            Lifetime.ToUnits(run.Scenario.BindingLifetime), maar), 0, self);
        // After a move the node says where it came from and what it keeps, with its RS: the RA waits for that context.
        entry.ContextPending = rs.Procedure.Kind == ProcedureKind.Handover;
    }

    /// <summary>The node's word on its move: ask the router it came from for the context of the prefixes it keeps (RFC 5949 §3.2, reactive).</summary>
    void OnPrefixesInUse(PrefixesInUse shared, IActorRef self)
    {
        // Sent with every copy of the RS: the first one that finds its attachment asks, once.
        if (!nodes.TryGetValue(shared.MnId.Index, out var entry) || entry.Procedure != shared.Procedure || !entry.ContextPending || entry.ContextRequested) return;
        entry.ContextRequested = true;
        SendHandoverInitiate(new HandoverInitiate(shared.Procedure, run.Channel.Departure(shared.ArrivesAt, here), shared.MnId, maar, shared.Keep)
            { ForwardingRequested = settings.BufferPackets > 0 }, shared.PreviousRouter, 0, self);
    }

    void SendHandoverInitiate(HandoverInitiate hi, int previousRouter, int attempts, IActorRef self)
    {
        unansweredHis.Sent(hi.MnId.Index, new UnansweredHi(hi, previousRouter, attempts));
        run.Signalling.Send(run.Directory.AccessRouters[previousRouter], Endpoint.AccessRouter(previousRouter), hi, self, here);
    }

    /// <summary>The node left; its context stays until the next router asks for it (RFC 5949 §3.2).</summary>
    public void Detach(LinkDown down, IActorRef self)
    {
        if (!nodes.TryGetValue(down.MnId.Index, out var entry)) return;
        entry.Departed = true;
        entry.DepartedAt = down.At;
    }

    /// <summary>
    /// The next router asks for the node's context: hand over the prefixes it keeps, refreshed
    /// up to the move, and release the rest at the moment the node left.
    /// </summary>
    void OnHandoverInitiate(HandoverInitiate hi, IActorRef newRouter, IActorRef self)
    {
        var arrival = hi.ArrivesAt;
        var contexts = new List<MobilityContext>();
        IReadOnlyList<int> groups = [];
        if (nodes.Remove(hi.MnId.Index, out var entry))
        {
            Left(hi.MnId.Index, entry, entry.Departed ? entry.DepartedAt : arrival);
            groups = entry.Groups;
            var keep = hi.KeepPrefixes.ToDictionary(k => k.Prefix.Bits, k => k.Sessions);
            var leftAt = entry.Departed ? entry.DepartedAt : arrival;
            foreach (var binding in entry.Bindings.Values)
            {
                Refresh(hi.MnId, entry, binding, leftAt, self);
                // The anchor as it stood when the HI arrived, in model time, not as relocation news happened to reach this actor.
                if (keep.TryGetValue(binding.Prefix.Bits, out var sessions))
                    contexts.Add(new MobilityContext(binding.Prefix, binding.AnchorAt(arrival), binding.SequenceNumber, binding.RegisteredAt,
                        binding.GrantedLifetime, binding.RegisteredAt, sessions));
                else Release(hi.MnId, binding, new ProcedureRef(hi.MnId, hi.Procedure.Number, ProcedureKind.Handover), leftAt, self);
            }
        }
        // RFC 7411 §3: the subscriptions go with the context, where the scenario has that extension.
        if (!settings.MulticastContext) groups = [];
        var departure = run.Channel.Departure(arrival, here);
        // RFC 5949 §4.2 (d)-(e): asked to, the previous router forwards what it held since the node left, and what still comes.
        if (hi.ForwardingRequested) Forwarding.Tunnel(hi.MnId, hi.Procedure.Number, hi.NewAccessRouter, departure, departure + settings.ForwardingLifetime);
        else Forwarding.NoTunnel(hi.MnId, hi.Procedure.Number);
        run.Signalling.Send(newRouter, Endpoint.AccessRouter(hi.NewAccessRouter),
            new HandoverAcknowledge(hi.Procedure, departure, hi.MnId, maar, contexts, groups) { Forwarding = hi.ForwardingRequested }, self, here);
    }


    /// <summary>
    /// The previous router's context: re-register each kept prefix with its anchor, pointing it
    /// here. Returns when the context arrived, or null if it answers no handover in progress.
    /// </summary>
    ModelTime? OnHandoverAcknowledge(HandoverAcknowledge hack, IActorRef self)
    {
        if (!nodes.TryGetValue(hack.MnId.Index, out var entry) || entry.Procedure != hack.Procedure || !entry.ContextPending) return null;
        entry.ContextPending = false;
        unansweredHis.Answered(hack.MnId.Index);
        if (entry.Groups.Count == 0) entry.Groups = hack.Groups;
        var arrival = hack.ArrivesAt;
        var local = Prefix64.Delegated(entry.LocalAnchor, hack.MnId.Index);
        var departure = run.Channel.Departure(arrival, here);
        (entry.AnsweredAt, entry.ReadyAt) = (ModelTime.Max(entry.AnsweredAt, arrival), ModelTime.Max(entry.ReadyAt, departure));
        foreach (var context in hack.Contexts)
        {
            // The node's prefix from this router's own anchor is registered by the attach already.
            if (context.Prefix == local) continue;
            var binding = new PrefixBinding(context.Prefix, context.Anchor)
            {
                SequenceNumber = (ushort)(context.SequenceNumber + 1),
                Sessions = context.Sessions,
            };
            entry.Pending[context.Prefix.Bits] = binding;
            SendExpectingAcknowledgement(binding.Anchor, new ProxyBindingUpdate(hack.Procedure, departure, hack.MnId, context.Prefix,
                HandoffIndicator.HandoffBetweenMagsSameInterface, binding.SequenceNumber, departure,
                Lifetime.ToUnits(run.Scenario.BindingLifetime), maar) { Sessions = context.Sessions, Groups = entry.Groups }, 0, self);
        }
        AdvertiseIfReady(hack.MnId, entry, self);
        return arrival;
    }

    public void OnAcknowledgement(ProxyBindingAcknowledgement pba, IActorRef anchor, IActorRef self)
    {
        if (!retransmission.Answered(pba)) return;
        if (pba.Procedure.Kind is ProcedureKind.Refresh)
        {
            if (pba.Status != BindingStatus.Accepted && nodes.TryGetValue(pba.MnId.Index, out var here) && !here.Departed)
                run.Recorder.RegistrationFailed(pba.Status);
            Refreshes.Acknowledged();
            return;
        }
        if (pba.IsDeregistration) return; // RFC 5213 §6.9.1.2: nothing to do for a de-registration's PBA.
        var sent = Answered(pba);
        if (!nodes.TryGetValue(pba.MnId.Index, out var entry) || entry.Procedure != pba.Procedure) return;
        if (pba.Status == BindingStatus.InsufficientResources && sent is not null && BackOff(sent)) return;
        learnedAnchors[pba.Lma] = anchor;
        var processed = run.Channel.Departure(pba.ArrivesAt, here);
        // A refusal names no prefix: the PBU it answers says which kept prefix it was.
        var asked = sent is { Pbu.HomeNetworkPrefix.IsNone: false } ? sent.Pbu.HomeNetworkPrefix : pba.HomeNetworkPrefix;
        if (entry.Pending.Remove(asked.Bits, out var kept))
        {
            // A kept prefix the anchor refused is lost to its sessions; the node carries on without it.
            if (pba.Status != BindingStatus.Accepted) run.Recorder.RegistrationFailed(pba.Status);
            else Bound(entry, kept, pba, processed);
        }
        else if (entry.LocalPending)
        {
            entry.LocalPending = false;
            if (pba.Status != BindingStatus.Accepted)
            {
                nodes.Remove(pba.MnId.Index);
                run.Recorder.RegistrationFailed(pba.Status);
                entry.Node.Tell(new RegistrationRejected(pba.Procedure, pba.Status));
                return;
            }
            entry.Preferred = pba.HomeNetworkPrefix;
            var binding = entry.Bindings.TryGetValue(pba.HomeNetworkPrefix.Bits, out var known) ? known : new PrefixBinding(pba.HomeNetworkPrefix, pba.Lma);
            binding.SequenceNumber = pba.SequenceNumber;
            Bound(entry, binding, pba, processed);
        }
        else return;
        AdvertiseIfReady(pba.MnId, entry, self);
    }

    void Bound(NodeEntry entry, PrefixBinding binding, ProxyBindingAcknowledgement pba, ModelTime processed)
    {
        binding.Anchor = pba.Lma;
        binding.RegisteredAt = pba.Timestamp;
        binding.GrantedLifetime = Lifetime.FromUnits(pba.LifetimeUnits);
        entry.Bindings[binding.Prefix.Bits] = binding;
        (entry.AnsweredAt, entry.ReadyAt) = (ModelTime.Max(entry.AnsweredAt, pba.ArrivesAt), ModelTime.Max(entry.ReadyAt, processed));
    }

    /// <summary>Once every registration is answered: the RA with the new prefix preferred and the kept ones deprecated.</summary>
    void AdvertiseIfReady(MnIdentifier mn, NodeEntry entry, IActorRef self)
    {
        if (entry.Advertised || entry.LocalPending || entry.ContextPending || entry.Pending.Count > 0) return;
        entry.Advertised = true;
        run.Storm?.Record(StormStep.Acknowledgement, entry.SentTimestamp, StormClock.Now);
        var deprecated = entry.Bindings.Values.Where(b => b.Prefix != entry.Preferred).Select(b => b.Prefix).ToArray();
        var advertisedAt = ModelTime.Max(entry.ReadyAt, entry.AdvertiseFrom);
        // The tunnels as the move's registrations left them (model time, as the last answer arrived):
        // a relocation one of them set off is later news, whenever it happens to reach this actor.
        run.Recorder.TunnelsAfterMove(entry.Bindings.Values.Count(b => b.AnchorAt(entry.AnsweredAt) != maar));
        run.Signalling.Send(entry.Node, Endpoint.MobileNode(mn, maar), new RouterAdvertisement(entry.Procedure, advertisedAt, maar, entry.Preferred)
        {
            Deprecated = deprecated,
        }, self, here);
    }

    /// <summary>The node says no session uses the prefix any more: release it and its tunnel (RFC 8818 §3.1), from when that reached here.</summary>
    void OnPrefixRelease(PrefixRelease ended, IActorRef self)
    {
        if (!nodes.TryGetValue(ended.MnId.Index, out var entry) || ended.Prefix == entry.Preferred
            || !entry.Bindings.TryGetValue(ended.Prefix.Bits, out var binding)) return;
        var at = ended.ArrivesAt;
        Refresh(ended.MnId, entry, binding, at, self);
        Release(ended.MnId, binding, ended.Procedure, at, self);
        entry.Bindings.Remove(ended.Prefix.Bits);
    }

    /// <summary>The prefix's binding moved to another anchor, which now takes the node's refreshes and releases.</summary>
    void OnAnchorRelocated(AnchorRelocated relocated)
    {
        if (!nodes.TryGetValue(relocated.MnId.Index, out var entry)) return;
        if (entry.Bindings.TryGetValue(relocated.Prefix.Bits, out var binding)) binding.Moved(relocated.Anchor, relocated.ArrivesAt);
        if (entry.Pending.TryGetValue(relocated.Prefix.Bits, out var pending)) pending.Anchor = relocated.Anchor;
    }

    /// <summary>RFC 5213 §5.3.5: a PBU with lifetime 0 removes the binding and the tunnel for the prefix.</summary>
    void Release(MnIdentifier mn, PrefixBinding binding, ProcedureRef procedure, ModelTime at, IActorRef self)
    {
        var departure = run.Channel.Departure(at, here);
        run.Recorder.Counters.Add(Counter.PrefixesReleased);
        Send(binding.Anchor, new ProxyBindingUpdate(procedure, departure, mn, binding.Prefix, HandoffIndicator.HandoffStateUnknown,
            ++binding.SequenceNumber, departure, 0, maar), self);
    }

    public void Extend(ModelTime until, IActorRef self)
    {
        foreach (var (mn, entry) in nodes)
            if (!entry.Departed)
                foreach (var binding in entry.Bindings.Values) Refresh(new MnIdentifier(mn), entry, binding, until, self);
    }

    /// <summary>RFC 5213 §6.9.1.3, for each prefix: extend the binding before it lapses.</summary>
    void Refresh(MnIdentifier mn, NodeEntry entry, PrefixBinding binding, ModelTime until, IActorRef self)
    {
        var procedure = new ProcedureRef(mn, entry.Procedure.Number, ProcedureKind.Refresh);
        binding.RegisteredAt = Refreshes.SendDue(new RefreshSchedule(binding.GrantedLifetime, run.Scenario.RefreshRatio), binding.RegisteredAt, until,
            at => SendExpectingAcknowledgement(binding.Anchor, new ProxyBindingUpdate(procedure, at, mn, binding.Prefix,
                HandoffIndicator.HandoffStateNotChanged, ++binding.SequenceNumber, at, Lifetime.ToUnits(run.Scenario.BindingLifetime), maar)
            {
                Sessions = binding.Sessions,
            }, 0, self));
    }

    void Send(int anchor, ProxyBindingUpdate pbu, IActorRef self) => run.Signalling.Send(Anchor(anchor), Endpoint.Anchor(anchor), pbu, self, here);

    void SendExpectingAcknowledgement(int anchor, ProxyBindingUpdate pbu, int attempts, IActorRef self, int backoffs = 0)
    {
        retransmission.Sent(pbu, anchor, attempts);
        if (pbu.Procedure.Kind != ProcedureKind.Refresh && !pbu.IsDeregistration)
            registrations[KeyOf(pbu)] = new SentRegistration(pbu, anchor, backoffs);
        Send(anchor, pbu, self);
    }

    /// <summary>
    /// An anchor short of resources refused a registration of the move (130): it goes again
    /// after RFC 5213 §6.9.4's intervals between PBUs, jittered as a MAG's (ProxyLocationClient),
    /// and the node's RA waits for it.
    /// </summary>
    bool BackOff(SentRegistration refused)
    {
        if (scheduleToSelf is null || refused.Backoffs >= MaxBackoffs) return false;
        var pbu = refused.Pbu;
        if (refused.Backoffs == 0) run.Recorder.Counters.Add(Counter.ProceduresDelayedByBackoff);
        var interval = RetransmissionBackoff.ProxyBindingUpdate.AfterRefusal(run.Scenario.Seed, 0x3AA2UL, pbu.MnId.Index, pbu.Procedure.Number, refused.Backoffs);
        registrations[KeyOf(pbu)] = refused with { Interval = interval };
        scheduleToSelf(TimeSpan.FromMicroseconds(interval.Microseconds), new RegistrationBackoff(pbu.MnId.Index, pbu.Procedure.Number, pbu.SequenceNumber)
        {
            Prefix = pbu.HomeNetworkPrefix,
        });
        return true;
    }

    void OnBackoffOver(RegistrationBackoff backoff, IActorRef self)
    {
        if (!registrations.Remove((backoff.MobileNode, backoff.Prefix.Bits, backoff.Sequence), out var refused)) return;
        // The node may have moved on, or the prefix be no longer its, while the registration waited.
        if (!nodes.TryGetValue(backoff.MobileNode, out var entry) || entry.Procedure.Number != backoff.Procedure
            || NextSequence(entry, refused.Pbu) is not { } sequence) return;
        var at = refused.Pbu.SentAt + refused.Interval;
        run.Recorder.Counters.Add(Counter.RegistrationsBackedOff);
        SendExpectingAcknowledgement(refused.Anchor, refused.Pbu with { SentAt = at, Timestamp = at, SequenceNumber = sequence }, 0, self, refused.Backoffs + 1);
    }

    /// <summary>
    /// RFC 5213 §6.9.4, for each prefix: a registration or refresh with no PBA in time goes again
    /// with a new sequence number and timestamp, to the anchor's address in the directory (its
    /// cluster node may be gone; an anchor that handed the prefix on sends it on).
    /// </summary>
    public void RetransmitOverdue(IActorRef self)
    {
        RetransmitOverdueHandoverInitiates(self);
        foreach (var u in retransmission.Overdue())
        {
            learnedAnchors.Remove(u.Anchor);
            registrations.Remove(KeyOf(u.Pbu), out var sent);
            var refresh = u.Pbu.Procedure.Kind == ProcedureKind.Refresh;
            if (!nodes.TryGetValue(u.Pbu.MnId.Index, out var entry) || entry.Procedure.Number != u.Pbu.Procedure.Number
                || NextSequence(entry, u.Pbu) is not { } sequence)
            {
                // The node has moved on, or the prefix is no longer its: nothing to register here.
                if (refresh) Refreshes.Acknowledged();
                continue;
            }
            var at = PbuRetransmission.NextAttempt(u);
            if (refresh && entry.Bindings.TryGetValue(u.Pbu.HomeNetworkPrefix.Bits, out var bound)) bound.RegisteredAt = at;
            run.Recorder.Retransmitted();
            SendExpectingAcknowledgement(u.Anchor, u.Pbu with { SentAt = at, Timestamp = at, SequenceNumber = sequence }, u.Attempts + 1, self, sent?.Backoffs ?? 0);
        }
    }

    /// <summary>
    /// RFC 5949: the new MAAR waits for the previous one's HAck before it advertises the kept
    /// prefixes; an HI lost with the previous router's cluster member goes again to the router's
    /// address in the directory, which reaches it wherever its shard came back. RFC 5949 leaves
    /// the timer to the implementation; the back-off is the PBU's (RFC 5213 §6.9.4).
    /// </summary>
    void RetransmitOverdueHandoverInitiates(IActorRef self)
    {
        foreach (var u in unansweredHis.TakeOverdue())
        {
            // The node has moved on, or its context came after all.
            if (!nodes.TryGetValue(u.Hi.MnId.Index, out var entry) || entry.Procedure != u.Hi.Procedure || !entry.ContextPending) continue;
            run.Recorder.Counters.Add(Counter.HandoverInitiatesRetransmitted);
            var at = RetransmissionBackoff.ProxyBindingUpdate.After(u.Hi.SentAt, u.Attempts);
            SendHandoverInitiate(u.Hi with { SentAt = at }, u.PreviousRouter, u.Attempts + 1, self);
        }
    }

    /// <summary>The sequence number for sending a PBU again, or null if what it registers is no longer awaited.</summary>
    static ushort? NextSequence(NodeEntry entry, ProxyBindingUpdate pbu)
    {
        if (pbu.HomeNetworkPrefix.IsNone) return entry.LocalPending ? (ushort)(pbu.SequenceNumber + 1) : null;
        if (entry.Pending.TryGetValue(pbu.HomeNetworkPrefix.Bits, out var kept)) return ++kept.SequenceNumber;
        return entry.Bindings.TryGetValue(pbu.HomeNetworkPrefix.Bits, out var bound) ? ++bound.SequenceNumber : null;
    }

}
