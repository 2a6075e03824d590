using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Emulation;
using DmmActors.Metrics;
using DmmActors.Protocol;
using DmmActors.Topology;

namespace DmmActors.Functions;

/// <summary>
/// One entry of a node's binding update list (RFC 6275 §11.1): its registrations with one
/// peer, a home agent or (HMIPv6) a MAP; the sequence numbers of its BUs, the lifetime granted,
/// the refreshes due and, where messages can be lost (a cluster run), the BUs still unanswered,
/// sent again with back-off (§11.8). The node hosting it passes how to schedule a deadline to itself.
/// </summary>
/// <param name="mapRegistration">Its BUs are local BUs to a MAP (the M flag, RFC 5380 §4).</param>
/// <param name="refreshes">Counts its refreshes with those of the node's other entries.</param>
public sealed class BindingUpdateListEntry(RunContext run, MnIdentifier id, bool mapRegistration, RefreshBarrier refreshes,
    Action<TimeSpan, object>? scheduleToSelf)
{
    /// <summary>
    /// Tells the node to check whether BU <see cref="Sequence"/> of the entry the flag names is
    /// still unanswered or, where <see cref="BackedOff"/>, that the back-off after a 130 for it is over.
    /// </summary>
    public sealed record Deadline(bool MapRegistration, ushort Sequence, bool BackedOff = false);

    /// <summary>What a BA answered.</summary>
    public enum Answer { Registered, Refreshed, Released, Refused, Resynchronised, BackingOff }

    /// <summary>Registrations refused with 130 sent again before the node gives up on the move, as the MAG does (ProxyLocationClient).</summary>
    const int MaxBackoffs = 6;
    int backoffs;
    ModelTime backoffInterval;

    /// <summary>A BU in flight, where it went, and through which MAP if it was tunnelled.</summary>
    sealed record Unanswered(BindingUpdate Bu, int Peer, int? Via, int FromRouter, int Attempts);

    /// <summary>RFC 6275 §13 (InitialBindackTimeoutFirstReg), §12 (INITIAL_BINDACK_TIMEOUT, MAX_BINDACK_TIMEOUT).</summary>
    static readonly RetransmissionBackoff FirstRegistration = new(ModelTime.FromMilliseconds(1500), ModelTime.FromSeconds(32)),
        Registration = new(ModelTime.FromSeconds(1), ModelTime.FromSeconds(32));

    readonly Dictionary<ushort, Unanswered>? unanswered = run.Loss.SignallingTimeout is null ? null : new();
    /// <summary>Sequence numbers of the de-registrations sent, until answered: their BAs belong to no registration.</summary>
    readonly HashSet<ushort> releases = new();

    ushort sequence;
    /// <summary>The peer's own reference, learned from its first BA; a reference learned through a tunnel is the far end's.</summary>
    IActorRef? peerRef;
    ModelTime registeredAt, grantedLifetime;
    /// <summary>Wall clock (StormClock) when the last registration left, for a storm's acknowledgement step.</summary>
    long registrationSent;
    /// <summary>The last registration or refresh sent and where it went: sent again after a 135 (RFC 6275 §11.7.1).</summary>
    Unanswered? lastSent;
    /// <summary>Whether <see cref="lastSent"/> is already a resynchronised BU: a second 135 for it is a refusal, not a loop.</summary>
    bool resynchronised;

    /// <summary>The anchor registered with, and the address bound there (a home prefix, or a regional care-of address on a MAP's link).</summary>
    public int Peer { get; private set; } = -1;
    public Prefix64 Prefix { get; private set; }

    /// <summary>The MAP its BUs are tunnelled through (RFC 5380 §6.1), or none where they go straight to the peer.</summary>
    public int? Via { get; private set; }

    /// <summary>The care-of address last registered, which its refreshes carry on.</summary>
    public int CareOf { get; private set; }

    public bool Registered => grantedLifetime > ModelTime.Zero;

    /// <summary>
    /// The prefix of the network behind the node where it is a mobile router: its home
    /// registrations carry the R flag and this prefix (RFC 3963 §5.1, explicit mode). None for a host.
    /// </summary>
    public Prefix64 MobileNetworkPrefix { get; init; }

    /// <summary>What the node's practice adds to each BU it sends (RFC 5555 §3.1's IPv4 options and the way the BU travels); nothing where none is set.</summary>
    public Func<BindingUpdate, BindingUpdate>? Extend { get; init; }

    /// <summary>Points the entry at a peer; the sequence numbers go on, so a peer met again never sees an old one.</summary>
    public void Target(int peer, Prefix64 prefix, int? via = null)
    {
        if (peer != Peer) peerRef = null;
        (Peer, Prefix, Via) = (peer, prefix, via);
    }

    /// <summary>
    /// Back where the peer's last accepted registration of a resumed run left the node: its
    /// sequence numbers go on from that BU's (RFC 6275 §9.5.1), its refreshes from when it was sent.
    /// </summary>
    public void Restore(BindingRegistered binding)
    {
        sequence = binding.SequenceNumber;
        registeredAt = binding.RequestSentAt ?? throw new InvalidOperationException(
            $"{id}: the registration to put back records no send time (BindingRegistered.v1); ResumePoint refuses such a journal");
        grantedLifetime = binding.Lifetime;
        CareOf = binding.CareOf;
    }

    /// <summary>
    /// Releases a binding this entry made at another peer than its own, one a move the stop cut
    /// short left there: the BU goes above the number that peer last accepted (RFC 6275 §9.5.1).
    /// </summary>
    public void ReleaseLeftBehind(BindingRegistered left, ProcedureRef procedure, ModelTime at, int peer, int fromRouter, IActorRef self)
    {
        if (BindingRules.SequenceNewer(left.SequenceNumber, sequence)) sequence = left.SequenceNumber;
        Deregister(procedure, at, peer, left.Prefix, left.CareOf, fromRouter, self);
    }

    /// <summary>Registers <paramref name="careOf"/> with the peer, from the node on <paramref name="fromRouter"/>.</summary>
    public void Register(ProcedureRef procedure, ModelTime at, int careOf, int fromRouter, IActorRef self)
    {
        registeredAt = at;
        backoffs = 0;
        CareOf = careOf;
        if (run.Storm is not null) registrationSent = StormClock.Now;
        Send(procedure, at, careOf, fromRouter, run.Scenario.BindingLifetime, self);
    }

    /// <summary>
    /// A BU with lifetime zero to a peer the entry pointed at before (RFC 6275 §6.1.7): it
    /// deletes the binding of <paramref name="prefix"/> there. Its sequence number follows the entry's.
    /// </summary>
    public void Deregister(ProcedureRef procedure, ModelTime at, int peer, Prefix64 prefix, int careOf, int fromRouter, IActorRef self)
    {
        releases.Add(++sequence);
        Send(Bu(procedure, at, prefix, sequence, 0, careOf), peer, null, fromRouter, 0, self);
    }

    /// <summary>Whether BU <paramref name="sequence"/> of this entry was a de-registration still unanswered.</summary>
    public bool Releases(ushort sequence) => releases.Contains(sequence);

    /// <summary>
    /// Whether a BA answers a BU of this entry still awaited; one for a BU already sent again is not.
    /// A 135 carries the peer's last accepted number, not ours (RFC 6275 §9.5.1): it answers the last BU sent.
    /// </summary>
    public bool Awaits(BindingAcknowledgement ba) => ba.Status == BindingStatus.SequenceNumberOutOfWindow
        ? lastSent is not null && ba.HomeAgent == lastSent.Peer
        : unanswered is null || unanswered.ContainsKey(ba.SequenceNumber);

    /// <summary>
    /// Takes the peer's acknowledgement. An accepted registration (not a refresh or a
    /// de-registration) leaves the binding usable once the BA is in.
    /// </summary>
    public Answer OnAcknowledgement(BindingAcknowledgement ba, IActorRef sender, IActorRef self)
    {
        if (ba.Status == BindingStatus.SequenceNumberOutOfWindow && lastSent is { } stale && !resynchronised)
        {
            // RFC 6275 §11.7.1: take the number the peer last accepted and send the BU again above it.
            unanswered?.Remove(stale.Bu.SequenceNumber);
            sequence = ba.SequenceNumber;
            run.Recorder.Retransmitted();
            Send(stale.Bu with { SentAt = run.Channel.Departure(ba.ArrivesAt, Endpoint.MobileNode(id, stale.FromRouter)), SequenceNumber = ++sequence }, stale.Peer, stale.Via,
                stale.FromRouter, stale.Attempts, self);
            resynchronised = true;
            return Answer.Resynchronised;
        }
        unanswered?.Remove(ba.SequenceNumber);
        if (ba.Status == BindingStatus.InsufficientResources && BackOff(ba)) return Answer.BackingOff;
        if (ba.Status != BindingStatus.Accepted) run.Recorder.RegistrationFailed(ba.Status);
        if (releases.Remove(ba.SequenceNumber)) return Answer.Released;
        if (ba.Procedure.Kind == ProcedureKind.Refresh)
        {
            refreshes.Acknowledged();
            return Answer.Refreshed;
        }
        if (ba.Status != BindingStatus.Accepted || ba.HomeAgent != Peer) return Answer.Refused;
        // RFC 3963 §5.3: an accepted BA without the R flag is from a home agent that will not forward the network's packets.
        if (!MobileNetworkPrefix.IsNone && !ba.MobileRouter)
        {
            run.Recorder.RegistrationFailed(BindingStatus.MobileRouterOperationNotPermitted);
            return Answer.Refused;
        }
        if (Via is null) peerRef = sender;
        backoffs = 0;
        run.Storm?.Record(StormStep.Acknowledgement, registrationSent, StormClock.Now);
        grantedLifetime = Lifetime.FromUnits(ba.LifetimeUnits);
        return Answer.Registered;
    }

    /// <summary>Refreshes the registration before it lapses, up to <paramref name="until"/>.</summary>
    public void Refresh(int procedureNumber, ModelTime until, int fromRouter, IActorRef self)
    {
        if (!Registered) return;
        var procedure = new ProcedureRef(id, procedureNumber, ProcedureKind.Refresh);
        registeredAt = refreshes.SendDue(new RefreshSchedule(grantedLifetime, run.Scenario.RefreshRatio), registeredAt, until,
            at => Send(procedure, at, CareOf, fromRouter, run.Scenario.BindingLifetime, self));
    }

    void Send(ProcedureRef procedure, ModelTime at, int careOf, int fromRouter, ModelTime lifetime, IActorRef self) =>
        Send(Bu(procedure, at, Prefix, ++sequence, Lifetime.ToUnits(lifetime), careOf), Peer, Via, fromRouter, 0, self);

    BindingUpdate Bu(ProcedureRef procedure, ModelTime at, Prefix64 prefix, ushort number, ushort lifetimeUnits, int careOf)
    {
        var bu = new BindingUpdate(procedure, at, id, prefix, number, lifetimeUnits, careOf) { MapRegistration = mapRegistration, MobileNetworkPrefix = MobileNetworkPrefix };
        return Extend is { } extend ? extend(bu) : bu;
    }

    void Send(BindingUpdate bu, int peer, int? via, int fromRouter, int attempts, IActorRef self)
    {
        if (bu.LifetimeUnits > 0)
        {
            lastSent = new Unanswered(bu, peer, via, fromRouter, attempts);
            resynchronised = false;
        }
        if (unanswered is not null && run.Loss.SignallingTimeout is { } timeout)
        {
            unanswered[bu.SequenceNumber] = new Unanswered(bu, peer, via, fromRouter, attempts);
            scheduleToSelf?.Invoke(timeout, new Deadline(mapRegistration, bu.SequenceNumber));
        }
        var from = Endpoint.MobileNode(id, fromRouter);
        // RFC 5380 §6.1: the BU to the home agent goes through the MAP's tunnel, which sends it on.
        if (via is { } map) run.Signalling.Send(run.Directory.Anchors[map], Endpoint.Anchor(map), bu, self, from);
        else run.Signalling.Send(peer == Peer && peerRef is not null ? peerRef : run.Directory.Anchors[peer], Endpoint.Anchor(peer), bu, self, from);
    }

    /// <summary>
    /// A peer short of resources refused the registration (130). RFC 6275 §11.7.3 lets the node
    /// send it again with a new sequence number, subject to §11.8's rate limiting; the wait used
    /// is stricter than that limit, §11.8's schedule for an unanswered BU (from
    /// INITIAL_BINDACK_TIMEOUT, doubling to MAX_BINDACK_TIMEOUT), drawn between one and two times
    /// it so that the nodes an anchor shed together do not come back together. Waited in
    /// wall-clock time as well as model time, so the anchor's load falls.
    /// </summary>
    bool BackOff(BindingAcknowledgement ba)
    {
        if (scheduleToSelf is null || lastSent is not { } refused || refused.Bu.SequenceNumber != ba.SequenceNumber
            || ba.HomeAgent != refused.Peer || backoffs >= MaxBackoffs) return false;
        if (backoffs == 0) run.Recorder.Counters.Add(Counter.ProceduresDelayedByBackoff);
        backoffInterval = Registration.AfterRefusal(run.Scenario.Seed, 0xBA130UL, id.Index, refused.Bu.Procedure.Number, backoffs++);
        backingOff = ba.SequenceNumber;
        scheduleToSelf(TimeSpan.FromMicroseconds(backoffInterval.Microseconds), new Deadline(mapRegistration, ba.SequenceNumber, BackedOff: true));
        return true;
    }

    /// <summary>The BU whose back-off this entry waits out: a node with two entries for one peer kind routes the deadline to both.</summary>
    ushort? backingOff;

    void OnBackoffOver(Deadline deadline, IActorRef self)
    {
        if (backingOff != deadline.Sequence) return;
        backingOff = null;
        // Another BU left since (the node moved on): the refused one is not sent again.
        if (lastSent is not { } refused || refused.Bu.SequenceNumber != deadline.Sequence) return;
        var at = refused.Bu.SentAt + backoffInterval;
        if (refused.Bu.Procedure.Kind != ProcedureKind.Refresh && refused.Peer == Peer) registeredAt = at;
        run.Recorder.Counters.Add(Counter.RegistrationsBackedOff);
        Send(refused.Bu with { SentAt = at, SequenceNumber = ++sequence }, refused.Peer, refused.Via, refused.FromRouter, refused.Attempts, self);
    }

    /// <summary>
    /// RFC 6275 §11.8: no BA in time, so the BU goes again with a new sequence number, the
    /// model-time timeout doubling up to MAX_BINDACK_TIMEOUT, to the peer's address: the
    /// reference learned may be of a peer whose cluster node is gone. Or a back-off is over.
    /// </summary>
    public void OnDeadline(Deadline deadline, IActorRef self)
    {
        if (deadline.BackedOff)
        {
            OnBackoffOver(deadline, self);
            return;
        }
        if (unanswered is null || !unanswered.Remove(deadline.Sequence, out var u)) return;
        peerRef = null;
        var at = (u.Bu.Procedure.Kind == ProcedureKind.Attach ? FirstRegistration : Registration).After(u.Bu.SentAt, u.Attempts);
        if (u.Bu.Procedure.Kind != ProcedureKind.Refresh && u.Peer == Peer) registeredAt = at;
        run.Recorder.Retransmitted();
        if (releases.Remove(deadline.Sequence)) releases.Add((ushort)(sequence + 1));
        Send(u.Bu with { SentAt = at, SequenceNumber = ++sequence }, u.Peer, u.Via, u.FromRouter, u.Attempts + 1, self);
    }
}
