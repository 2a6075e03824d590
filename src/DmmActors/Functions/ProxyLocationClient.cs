using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Metrics;
using DmmActors.Protocol;
using DmmActors.Randomness;
using DmmActors.Topology;

namespace DmmActors.Functions;

/// <summary>
/// The location client placed on an access router, which makes it a mobile access gateway
/// (RFC 5213 §6): it registers attached nodes with the LMA from their policy profile, sets up
/// the tunnel, advertises the home network prefix, refreshes, and de-registers on detach.
/// The first PBU to an LMA goes to its address in the directory; the LMA's own reference,
/// learned from its PBA, carries the rest.
/// </summary>
public sealed class ProxyLocationClient(RunContext run, int mag, Action<TimeSpan, object>? scheduleToSelf = null) : INetworkLocationClient
{
    /// <summary>A binding update list entry (RFC 5213 §6.1).</summary>
    sealed class MagBindingUpdateListEntry(IActorRef node, int lma, ProcedureRef procedure)
    {
        public IActorRef Node { get; } = node;
        /// <summary>The LMA the registration goes to; -1 until it is found. A redirect moves it to the assigned LMA (RFC 6463 §5.2).</summary>
        public int Lma { get; set; } = lma;
        /// <summary>Whether the registration offered the Redirect-Capability option (RFC 6463 §5.2), so a Redirect in its PBA counts.</summary>
        public bool RedirectOffered { get; set; }
        public ProcedureRef Procedure { get; } = procedure;
        public ushort SequenceNumber { get; set; }
        public Prefix64 HomeNetworkPrefix { get; set; }
        /// <summary>Send time of the last registration or refresh, and the lifetime granted to it.</summary>
        public ModelTime RegisteredAt { get; set; }
        public ModelTime GrantedLifetime { get; set; }
        /// <summary>Wall clock (StormClock) when the registration left, for a storm's acknowledgement step.</summary>
        public long SentTimestamp { get; init; }
        /// <summary>The registration last sent for the node's attachment until it is accepted, and how often an anchor's 130 sent it back.</summary>
        public ProxyBindingUpdate? Registration { get; set; }
        public int Backoffs { get; set; }
        /// <summary>The earliest the RA may leave (RFC 4861 §6.2.6).</summary>
        public ModelTime AdvertiseFrom { get; init; }
        public ModelTime BackoffInterval { get; set; }
    }

    /// <summary>Sends stop after this many back-offs: the interval has doubled up to MaxDelayBetweenPBUs (32 s).</summary>
    const int MaxBackoffs = 6;

    readonly Dictionary<int, MagBindingUpdateListEntry> list = new();
    readonly Dictionary<int, IActorRef> learnedLmas = new();
    readonly PbuRetransmission retransmission = new(run);
    /// <summary>By node, the latest timestamp a registration of it carried from here (NodeLost); kept only where nodes can be lost.</summary>
    readonly Dictionary<int, ModelTime>? lastTimestamps = run.Loss.SignallingTimeout is null ? null : new();

    public RefreshBarrier Refreshes { get; } = new();

    /// <summary>How the MAG finds a node's LMA and what its first PBU asks (RFC 6097, RFC 6463); null for the policy profile's LMA (RFC 5213 §6.2).</summary>
    public ILmaSelection? Selection { get; init; }

    public void Register(IAccessRouterHost router)
    {
        router.Handle<RegistrationBackoff>((backoff, _) => OnBackoffOver(backoff, router.Self));
        Selection?.Register(router);
    }

    readonly Endpoint here = Endpoint.AccessRouter(mag);

    /// <summary>RFC 5213 §6.9.1.1: a node attached; register it with its LMA.</summary>
    public void Attach(RouterSolicitation rs, ModelTime processedAt, IActorRef node, IActorRef self)
    {
        var entry = new MagBindingUpdateListEntry(node, Selection is null ? run.Policy.AnchorOf(rs.MnId) : -1, rs.Procedure)
        {
            // The entry is new with this attachment, so its numbers start from its procedure's. A
            // node restarted on this link after its cluster member was lost finds its old entry
            // here: numbers go on from it, so no answer to the old registration passes for one to the new.
            SequenceNumber = list.TryGetValue(rs.MnId.Index, out var previous) ? (ushort)(previous.SequenceNumber + 1) : BindingUpdateSequence.Initial(rs.Procedure),
            SentTimestamp = run.Storm is null ? 0 : StormClock.Now,
            AdvertiseFrom = NeighbourDiscovery.EarliestAdvertisement(run, rs, processedAt),
        };
        list[rs.MnId.Index] = entry;
        // The prefix option is all zeros, so the LMA assigns or looks up the HNP (§5.3.2, §5.4.1).
        var policy = new LmaChoice(entry.Lma, processedAt, Prefix64.None, ProxyBindingUpdate.HandoffIndicatorOn(rs.Procedure.Kind), RedirectCapability: false);
        if (Selection is null) SendRegistration(entry, rs.MnId, policy, self);
        else Selection.Select(rs, processedAt, choice =>
        {
            // The node may have left before its LMA was found: nothing to register then.
            if (list.TryGetValue(rs.MnId.Index, out var current) && ReferenceEquals(current, entry)) SendRegistration(entry, rs.MnId, choice, self);
        });
    }

    void SendRegistration(MagBindingUpdateListEntry entry, MnIdentifier mn, LmaChoice choice, IActorRef self)
    {
        (entry.Lma, entry.RedirectOffered) = (choice.Lma, choice.RedirectCapability);
        var pbu = new ProxyBindingUpdate(entry.Procedure, choice.SendAt, mn, choice.HomeNetworkPrefix, choice.HandoffIndicator,
            entry.SequenceNumber, choice.SendAt, Lifetime.ToUnits(run.Scenario.BindingLifetime), mag) { RedirectCapability = choice.RedirectCapability };
        entry.Registration = pbu;
        SendExpectingAcknowledgement(pbu, entry.Lma, 0, self);
    }

    /// <summary>A binding update list entry as the node's last registration left it, for a run carried on from its journal.</summary>
    public void Restore(RestoreBinding restore) =>
        list[restore.MobileNode.Index] = new MagBindingUpdateListEntry(run.Directory.MobileNodes[restore.MobileNode.Index], restore.Lma, restore.Procedure)
        {
            SequenceNumber = restore.Binding.SequenceNumber,
            HomeNetworkPrefix = restore.Binding.Prefix,
            RegisteredAt = restore.Binding.Timestamp,
            GrantedLifetime = restore.Binding.Lifetime,
        };

    public int AnchorOf(MnIdentifier mn) => list.TryGetValue(mn.Index, out var entry) ? entry.Lma : -1;

    /// <summary>
    /// Where packets are placed in model time: the stays of nodes that left, each with its LMA, prefix and end,
    /// so that one a node sent before it left still goes up the tunnel it was sent into. Null otherwise.
    /// </summary>
    readonly Dictionary<int, List<(int Lma, Prefix64 Prefix, ModelTime Until)>>? departed = run.Scenario.Traffic.InModelTime ? new() : null;

    /// <summary>Keeps a stay per node for each of its last moves: enough for what is still on its way.</summary>
    const int DepartedKept = 4;

    public int UplinkAnchorOf(MnIdentifier mn, Prefix64 source, ModelTime at)
    {
        if (list.TryGetValue(mn.Index, out var entry) && (departed is null || entry.HomeNetworkPrefix == source)) return entry.Lma;
        if (departed is null || !departed.TryGetValue(mn.Index, out var stays)) return -1;
        foreach (var stay in stays)
            if (stay.Prefix == source && at < stay.Until) return stay.Lma;
        return -1;
    }

    IActorRef Lma(int lma) => learnedLmas.TryGetValue(lma, out var known) ? known : run.Directory.Anchors[lma];

    void SendExpectingAcknowledgement(ProxyBindingUpdate pbu, int lma, int attempts, IActorRef self)
    {
        retransmission.Sent(pbu, lma, attempts);
        if (lastTimestamps is not null && pbu.Timestamp > lastTimestamps.GetValueOrDefault(pbu.MnId.Index)) lastTimestamps[pbu.MnId.Index] = pbu.Timestamp;
        run.Signalling.Send(Lma(lma), Endpoint.Anchor(lma), pbu, self, here);
    }

    public ModelTime NodeLost(MnIdentifier mn)
    {
        retransmission.Forget(mn);
        return lastTimestamps?.GetValueOrDefault(mn.Index) ?? ModelTime.Zero;
    }

    public void OnAcknowledgement(ProxyBindingAcknowledgement pba, IActorRef lma, IActorRef self)
    {
        if (!retransmission.Answered(pba)) return;
        if (pba.Procedure.Kind == ProcedureKind.Refresh)
        {
            // A refresh that crossed the node's next registration is refused as stale (§5.5);
            // that is a failure only while the node is still here.
            if (pba.Status != BindingStatus.Accepted && list.ContainsKey(pba.MnId.Index)) run.Recorder.RegistrationFailed(pba.Status);
            Refreshes.Acknowledged();
            return;
        }
        if (!list.TryGetValue(pba.MnId.Index, out var entry) || entry.SequenceNumber != pba.SequenceNumber)
            return; // RFC 5213 §6.9.1.2: a PBA that matches no pending PBU (a de-registration's, too) needs no action.
        // Only an answer to a PBU of ours teaches the LMA's reference, or a stray PBA could redirect the next ones.
        if (entry.Lma == pba.Lma) learnedLmas[pba.Lma] = lma;
        // RFC 6463 §5.2: a Redirect counts only in answer to a PBU that offered Redirect-Capability;
        // the binding is then at the assigned LMA, which every later PBU and the tunnel go to.
        if (pba.Redirect >= 0 && entry.RedirectOffered && pba.Status == BindingStatus.Accepted)
        {
            entry.Lma = pba.Redirect;
            run.Recorder.Counters.Add(Metrics.Counter.RuntimeAssignments);
        }
        if (pba.Status == BindingStatus.InsufficientResources && BackOff(entry, pba.MnId)) return;
        if (pba.Status != BindingStatus.Accepted)
        {
            list.Remove(pba.MnId.Index);
            run.Recorder.RegistrationFailed(pba.Status);
            entry.Node.Tell(new RegistrationRejected(pba.Procedure, pba.Status));
            return;
        }
        run.Storm?.Record(StormStep.Acknowledgement, entry.SentTimestamp, StormClock.Now);
        run.Recorder.TunnelsAfterMove(1);
        // The tunnel to the LMA is up; advertise the HNP on the emulated home link (§6.7), no
        // earlier than RFC 4861 §6.2.6 lets a router answer the solicitation.
        entry.HomeNetworkPrefix = pba.HomeNetworkPrefix;
        entry.RegisteredAt = pba.Timestamp;
        entry.GrantedLifetime = Lifetime.FromUnits(pba.LifetimeUnits);
        // Kept only to be sent again after a 130; once accepted, nothing sends it again.
        entry.Registration = null;
        run.Signalling.Send(entry.Node, Endpoint.MobileNode(pba.MnId, mag), new RouterAdvertisement(pba.Procedure, ModelTime.Max(run.Channel.Departure(pba.ArrivesAt, here), entry.AdvertiseFrom), mag,
            pba.HomeNetworkPrefix), self, here);
    }

    /// <summary>
    /// An overloaded LMA refused the registration with 130: send it again after the back-off of
    /// RFC 5213 §6.9.4 (at least InitMinDelayBetweenPBUs, doubling up to MaxDelayBetweenPBUs,
    /// jittered), waited in wall-clock time as well as model time, so the load the LMA shed does
    /// not come straight back.
    /// </summary>
    bool BackOff(MagBindingUpdateListEntry entry, MnIdentifier mn)
    {
        if (scheduleToSelf is null || entry.Registration is null || entry.Backoffs >= MaxBackoffs) return false;
        if (entry.Backoffs == 0) run.Recorder.Counters.Add(Metrics.Counter.ProceduresDelayedByBackoff);
        entry.BackoffInterval = RetransmissionBackoff.ProxyBindingUpdate.AfterRefusal(run.Scenario.Seed, 0xBAC0FFUL, mn.Index, entry.Procedure.Number, entry.Backoffs++);
        scheduleToSelf(TimeSpan.FromMicroseconds(entry.BackoffInterval.Microseconds), new RegistrationBackoff(mn.Index, entry.Procedure.Number));
        return true;
    }

    public void OnBackoffOver(RegistrationBackoff backoff, IActorRef self)
    {
        // The node may have moved on while its registration waited: then there is nothing to send.
        if (!list.TryGetValue(backoff.MobileNode, out var entry) || entry.Procedure.Number != backoff.Procedure || entry.Registration is not { } last) return;
        var at = last.SentAt + entry.BackoffInterval;
        run.Recorder.Counters.Add(Metrics.Counter.RegistrationsBackedOff);
        var again = last with { SentAt = at, Timestamp = at, SequenceNumber = ++entry.SequenceNumber };
        entry.Registration = again;
        SendExpectingAcknowledgement(again, entry.Lma, 0, self);
    }

    /// <summary>
    /// Whether the MAG de-registers a node whose link went down (RFC 5213 §6.9.1.4, a SHOULD). A MAG
    /// that forwards to the node's next MAG after it left (RFC 5949 §4) does not: the LMA would drop
    /// what it still sends (§5.3.5), and the next MAG's PBU moves the binding.
    /// </summary>
    public bool DeregistersOnDetach { get; init; } = true;

    /// <summary>RFC 5213 §6.9.1.4: the node left; refresh for the time it stayed, then de-register (§5.3.5 at the LMA) where the MAG does.</summary>
    public void Detach(LinkDown down, IActorRef self)
    {
        if (!list.Remove(down.MnId.Index, out var entry) || entry.HomeNetworkPrefix.IsNone) return;
        if (departed is not null)
        {
            if (!departed.TryGetValue(down.MnId.Index, out var stays)) departed[down.MnId.Index] = stays = new(1);
            if (stays.Count == DepartedKept) stays.RemoveAt(0);
            stays.Add((entry.Lma, entry.HomeNetworkPrefix, down.At));
        }
        Refresh(down.MnId, entry, down.At, self);
        if (!DeregistersOnDetach) return;
        var departure = run.Channel.Departure(down.At, here);
        var dereg = new ProxyBindingUpdate(down.Procedure, departure, down.MnId, entry.HomeNetworkPrefix,
            HandoffIndicator.HandoffStateUnknown, ++entry.SequenceNumber, departure, 0, mag);
        // A lost de-registration costs nothing lasting: the new MAG's registration replaces the
        // binding (§5.3.5), so it is not retransmitted.
        run.Signalling.Send(Lma(entry.Lma), Endpoint.Anchor(entry.Lma), dereg, self, here);
    }

    /// <summary>Refreshes every binding held, up to the model time the run ends at.</summary>
    public void Extend(ModelTime until, IActorRef self)
    {
        foreach (var (mn, entry) in list)
            if (!entry.HomeNetworkPrefix.IsNone) Refresh(new MnIdentifier(mn), entry, until, self);
    }

    /// <summary>RFC 5213 §6.9.1.3: extend the binding before it lapses, for as long as the node stayed.</summary>
    void Refresh(MnIdentifier mn, MagBindingUpdateListEntry entry, ModelTime until, IActorRef self)
    {
        var procedure = new ProcedureRef(mn, entry.Procedure.Number, ProcedureKind.Refresh);
        entry.RegisteredAt = Refreshes.SendDue(new RefreshSchedule(entry.GrantedLifetime, run.Scenario.RefreshRatio), entry.RegisteredAt, until,
            at => SendExpectingAcknowledgement(new ProxyBindingUpdate(procedure, at, mn, entry.HomeNetworkPrefix,
                HandoffIndicator.HandoffStateNotChanged, ++entry.SequenceNumber, at,
                Lifetime.ToUnits(run.Scenario.BindingLifetime), mag), entry.Lma, 0, self));
    }

    /// <summary>
    /// RFC 5213 §6.9.4: a registration or refresh with no PBA within the timeout is sent again,
    /// with a new sequence number and timestamp, InitMinDelayBetweenPBUs after the last one in
    /// model time, the delay doubling up to MaxDelayBetweenPBUs. It goes to the LMA's address
    /// in the directory: the reference learned may be of an LMA whose cluster node is gone.
    /// </summary>
    public void RetransmitOverdue(IActorRef self)
    {
        foreach (var u in retransmission.Overdue())
        {
            learnedLmas.Remove(u.Anchor);
            if (!list.TryGetValue(u.Pbu.MnId.Index, out var entry) || entry.Procedure.Number != u.Pbu.Procedure.Number)
            {
                // The node has moved on: its registration here is moot, and a refresh of it
                // could only overtake the de-registration that followed.
                if (u.Pbu.Procedure.Kind == ProcedureKind.Refresh) Refreshes.Acknowledged();
                continue;
            }
            var at = PbuRetransmission.NextAttempt(u);
            run.Recorder.Retransmitted();
            if (u.Pbu.Procedure.Kind == ProcedureKind.Refresh) entry.RegisteredAt = at;
            SendExpectingAcknowledgement(u.Pbu with { SentAt = at, Timestamp = at, SequenceNumber = ++entry.SequenceNumber },
                u.Anchor, u.Attempts + 1, self);
        }
    }
}
