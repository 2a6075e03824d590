using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Persistence;
using DmmActors.Practices;
using DmmActors.Protocol;
using DmmActors.Topology;

namespace DmmActors.Actors;

/// <summary>
/// A mobility anchor: LMA in PMIPv6, HA in MIPv6, an anchor on an access router in a
/// distributed practice. It hosts the anchoring and location server functions (the binding
/// cache, with who may register), forwarding (<see cref="TunnelForwarding"/> over the cache's
/// routes) and whatever components its practice adds (<see cref="IAnchorComponent"/>: relocation,
/// an HMIPv6 MAP's tunnels), which register their own messages. Its binding cache is
/// event-sourced; an acknowledgement leaves only once the event behind it is durable. Updates
/// that arrive while a write is in flight are coalesced into the next write.
/// </summary>
public sealed class AnchorActor : ReceivePersistentActor, IAnchorHost
{
    sealed record FlushBindings
    {
        public static readonly FlushBindings Instance = new();
    }

    readonly RunContext run;
    readonly int index;
    readonly BindingCache cache;
    readonly RegistrationAuthorization authorization;
    /// <summary>What the practice adds to this anchor, in the order it gave them.</summary>
    readonly IAnchorComponent[] components;
    readonly TunnelForwarding forwarding;
    /// <summary>Where this anchor's clients back off from a 130 (the MAGs of RFC 5213), its overload control; null elsewhere or unlimited.</summary>
    readonly AdmissionControl? admission;
    /// <summary>PBUs of unknown handoff state waiting for the previous MAG's de-registration (RFC 5213 §5.4.1.3).</summary>
    readonly UnknownHandoffHold unknownHandoffs = new();
    /// <summary>The tag sets of this anchor's events, one per event kind, built once: they go on every event.</summary>
    readonly Dictionary<string, System.Collections.Immutable.IImmutableSet<string>> tagsByKind;
    readonly Queue<Action> awaitingDurability = new();
    List<object> pending = new();
    bool flushScheduled;


    public static Props Props(RunContext run, int index) => ActorProps.Of(() => new AnchorActor(run, index));

    public override string PersistenceId { get; }

    Endpoint Here => Endpoint.Anchor(index);

    /// <summary>A command that arrives during recovery is stashed and comes round again after it: counted then, once.</summary>
    protected override bool AroundReceive(Receive receive, object message)
    {
        if (!IsRecovering) run.Signalling.Arrived(message, Sender);
        return base.AroundReceive(receive, message);
    }

    /// <summary>
    /// A journal whose events cannot be read back is most often a damaged file, a user's input:
    /// its cause goes in one line, where Akka.Persistence's own handler logs a stack trace. The
    /// anchor stops as before, and whoever watches it names it.
    /// </summary>
    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        var causes = new List<string>();
        for (var e = reason; e is not null; e = e.InnerException)
            causes.Add(string.Join(' ', e.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
        Context.GetLogger().Error("{0}: its events could not be read back from the journal ({1})", PersistenceId, string.Join(": ", causes.Distinct()));
    }

    public AnchorActor(RunContext run, int index)
    {
        this.run = run;
        this.index = index;
        cache = new BindingCache(index, run.BindingRules, routeHistory: run.Scenario.Traffic.InModelTime,
            expected: run.Scenario.MobileNodes / Math.Max(1, run.Topology.Anchors));
        var parts = run.Services.Get<INodeComposition>().Compose(this);
        authorization = new RegistrationAuthorization(run, index, parts.PolicyNamesTheAnchor);
        PersistenceId = PersistenceIds.Anchor(run.RunId, index);
        JournalPluginId = Persistence.JournalPartitions.PluginId(Persistence.JournalPartitions.Of(PersistenceId, run.JournalPartitions));
        forwarding = new TunnelForwarding(run, index, cache);
        admission = parts.Admission;
        tagsByKind = BindingEventKind.All.ToDictionary(kind => kind,
            kind => (System.Collections.Immutable.IImmutableSet<string>)System.Collections.Immutable.ImmutableHashSet.Create(
                $"practice:{run.Scenario.PracticeName}", $"anchor:{index}", $"event:{kind}"));

        Recover<IBindingEvent>(cache.Apply);
        Command<ProxyBindingUpdate>(OnProxyBindingUpdate);
        Command<UnknownHandoffHold.Expired>(OnUnknownHandoffExpired);
        Command<BindingUpdate>(OnBindingUpdate);
        Command<DataPacket>(OnDataPacket);
        Command<FlushBindings>(_ => Flush());
        Command<GetBindingCache>(_ => Snapshot(Sender));
        if (run.Multicast is { Settings.Mode: Scenarios.MulticastMode.Proxy })
        {
            // RFC 6224 §4.1: the LMA is the multicast router at the far end of the MAGs' tunnels.
            var router = new Multicast.MulticastRouter(index, Here, run.Channel);
            Command<MldProxyReport>(report => Multicast.MulticastForwarding.Member(run, router, report));
            Command<MulticastPacket>(packet => Multicast.MulticastForwarding.Replicate(run, router, packet, Self));
        }
        components = parts.Components().ToArray();
    }

    RunContext IAnchorHost.Run => run;
    int IAnchorHost.Index => index;
    IActorRef IAnchorHost.Self => Self;
    BindingCache IAnchorHost.Cache => cache;
    TunnelForwarding IAnchorHost.Forwarding => forwarding;
    RegistrationAuthorization IAnchorHost.Authorization => authorization;

    public void Handle<T>(Action<T, IActorRef> handler) => Command<T>(message => handler(message, Sender));

#pragma warning disable AK1004 // one-shot: a timer left behind by a stopped anchor only goes to dead letters
    void IAnchorHost.ScheduleToSelf(TimeSpan delay, object message) => Context.System.Scheduler.ScheduleTellOnce(delay, Self, message, Self);
#pragma warning restore AK1004

    /// <summary>Whether a component takes a message for <paramref name="prefix"/> out of the location server's hands.</summary>
    bool Redirected(Addressing.Prefix64 prefix, object message, IActorRef sender)
    {
        foreach (var component in components)
            if (component.Redirected(prefix, message, sender)) return true;
        return false;
    }

    /// <summary>What became of a PBU of unknown handoff state that waited for the previous MAG (RFC 5213 §5.4.1.3).</summary>
    enum Waited { No, DeregistrationCame, NoDeregistrationCame }

    void OnProxyBindingUpdate(ProxyBindingUpdate pbu)
    {
        // The de-registration a held PBU waited for: the PBU is a handoff, decided first, when both
        // have arrived; the de-registration then finds the binding moved on and changes nothing (§5.3.5).
        if (unknownHandoffs.TryReleaseBy(pbu, out var held))
            Decide(held.Pbu, held.Mag, ModelTime.Max(held.Pbu.ArrivesAt, pbu.ArrivesAt), held.Authentic, Waited.DeregistrationCame);
        // RFC 5213 §4, RFC 4285 §5: the MAG the PBU names must have computed its authentication, or
        // the LMA that relays it for that MAG (RFC 6463 §3: the two LMAs' own trust relationship).
        Decide(pbu, Sender, pbu.ArrivesAt, run.Signalling.Authentic(pbu, pbu.Sender(), Here), Waited.No);
    }

    void OnUnknownHandoffExpired(UnknownHandoffHold.Expired expired)
    {
        // RFC 5213 §5.4.1.3: no de-registration within MaxDelayBeforeNewBCEAssign; decided then, in model time.
        if (unknownHandoffs.TryExpire(expired, out var held))
            Decide(held.Pbu, held.Mag, ModelTime.Max(held.Since + UnknownHandoffHold.MaxDelayBeforeNewBceAssign, held.Pbu.ArrivesAt),
                held.Authentic, Waited.NoDeregistrationCame);
    }

    /// <summary>
    /// Decides a PBU that arrived, or, held, is decided, at <paramref name="decidedAt"/>, and answers
    /// <paramref name="mag"/>. Its timestamp is judged against the time it arrived (§5.5).
    /// </summary>
    void Decide(ProxyBindingUpdate pbu, IActorRef mag, ModelTime decidedAt, bool authentic, Waited waited)
    {
        var key = pbu.HomeNetworkPrefix.IsNone ? cache.DelegatedTo(pbu.MnId) : pbu.HomeNetworkPrefix;
        // Sent on, a PBU that let this anchor pick the prefix must name it: the next anchor's pool is another.
        // The copy that names it is a new message; it arrives when the PBU did, which the channel stamps on it.
        var named = pbu.HomeNetworkPrefix.IsNone ? run.Channel.Carry(pbu with { HomeNetworkPrefix = key }, Endpoint.AccessRouter(pbu.ProxyCareOf), Here) : pbu;
        // An unauthenticated PBU is answered here, never held or sent on.
        if (authentic && Redirected(key, named, mag)) return;
        var refusal = authorization.RefuseProxy(pbu, authentic, pbu.ArrivesAt, out var fresh) ?? Shed(pbu.IsDeregistration, key, pbu.ProxyCareOf);
        var programming = ModelTime.Zero;
        foreach (var component in components) programming += component.ProgrammingDelay(pbu);
        var request = new BindingRequest(pbu.MnId, pbu.HomeNetworkPrefix, pbu.ProxyCareOf,
            pbu.SequenceNumber, pbu.Timestamp, pbu.Lifetime, decidedAt + programming)
        {
            Handoff = pbu.HandoffIndicator, SentAt = pbu.SentAt, NoDeregistrationCame = waited == Waited.NoDeregistrationCame,
        };
        if (refusal is null && waited == Waited.No && cache.AwaitsDeregistration(request, out var previousMag))
        {
#pragma warning disable AK1004 // one-shot: a wait left behind by a stopped anchor only goes to dead letters
            if (unknownHandoffs.Hold(pbu, mag, previousMag, authentic) is { } timer)
                Context.System.Scheduler.ScheduleTellOnce(UnknownHandoffHold.WallClockWait, Self, timer, Self);
#pragma warning restore AK1004
            return;
        }
        var arrival = decidedAt;
        var decision = refusal is { } status ? BindingDecision.Refused(status) : cache.Decide(request);
        // A relayed PBU's sender is the relaying LMA, not the MAG the tunnel goes to.
        if (decision.Accepted && pbu.RelayedBy < 0) forwarding.Learned(pbu.ProxyCareOf, mag);
        // RFC 6275 §6.1.8 leaves the lifetime of a rejection undefined; echoing the request's
        // keeps a rejected registration distinguishable from a de-registration.
        var lifetime = decision.Accepted ? Lifetime.ToUnits(decision.GrantedLifetime) : pbu.LifetimeUnits;
        var pba = new ProxyBindingAcknowledgement(pbu.Procedure, run.Channel.Departure(arrival, Here) + programming, decision.Status,
            pbu.MnId, decision.Prefix, pbu.SequenceNumber, fresh ? pbu.Timestamp : arrival, lifetime, index)
        {
            HandoffIndicator = pbu.HandoffIndicator,
            AccessTechnologyType = pbu.AccessTechnologyType,
        };
        Action? afterwards = null;
        foreach (var component in components)
        {
            pba = component.Acknowledging(pbu, decision, pba);
            if (decision.Event is not null && component.Decided(decision, pbu, pba.SentAt) is { } then) afterwards += then;
        }
        Respond(decision, mag, pbu.Sender(), pba, afterwards);
    }

    /// <summary>
    /// 130 for a new registration past the overload limits, a PBU's (RFC 5213 §8.9) or a BU's
    /// (RFC 6275 §6.1.8) alike. De-registrations, and re-registrations from the care-of the
    /// binding already names, are always taken: they hold nothing new.
    /// </summary>
    BindingStatus? Shed(bool deregistration, Addressing.Prefix64 key, int careOf)
    {
        run.Recorder.AnchorBacklog(awaitingDurability.Count, ((ActorCell)Context).Mailbox.MessageQueue.Count);
        if (admission is null || deregistration) return null;
        if (cache.TryGet(key, out var bound) && bound.State == BindingState.Active && bound.CareOf == careOf) return null;
        if (admission.Admits(awaitingDurability.Count)) return null;
        run.Recorder.Counters.Add(Metrics.Counter.RegistrationsShed);
        return BindingStatus.InsufficientResources;
    }

    void OnBindingUpdate(BindingUpdate bu)
    {
        foreach (var component in components)
            if (component.Intercepts(bu, Sender)) return;
        // RFC 6275 §9.5.1: a BU its node's security association does not protect is silently discarded.
        if (!authorization.KnownNode(bu) || !run.Signalling.Authentic(bu, Endpoint.MobileNode(bu.MnId, bu.CareOfRouter), Here))
        {
            // Checking it took the anchor its service time all the same: a flood costs it that much.
            run.Channel.Departure(bu.ArrivesAt, Here);
            run.Recorder.Unauthorised();
            return;
        }
        var arrival = bu.ArrivesAt;
        var decision = (authorization.RefuseHome(bu) ?? MobileRouterRefusal(bu) ?? Shed(bu.LifetimeUnits == 0, bu.HomePrefix, bu.CareOfRouter)) is { } refusal
            ? BindingDecision.Refused(refusal)
            : cache.Decide(new BindingRequest(bu.MnId, bu.HomePrefix, bu.CareOfRouter,
                bu.SequenceNumber, Addressing.ModelTime.Zero, bu.Lifetime, arrival) { SentAt = bu.SentAt }); // MIPv6 orders by sequence number alone.
        var lifetime = decision.Accepted ? Lifetime.ToUnits(decision.GrantedLifetime) : bu.LifetimeUnits;
        var ba = new BindingAcknowledgement(bu.Procedure, run.Channel.Departure(arrival, Here), decision.Status,
            decision.AcknowledgedSequence(bu.SequenceNumber), lifetime, index) { HomePrefix = bu.HomePrefix, MobileRouter = bu.MobileRouter && decision.Accepted };
        Action? afterwards = null;
        foreach (var component in components)
        {
            ba = component.Acknowledging(bu, decision, ba);
            if (component.Decided(decision, bu, Sender, ba.SentAt) is { } then) afterwards += then;
        }
        // A BA to a regional care-of address goes to the MAP whose link it is on, which tunnels it on (RFC 5380 §6.2).
        if (forwarding.ThroughMap(bu.CareOfRouter, out var mapRef, out var mapAt)) Respond(decision, mapRef, mapAt, ba, afterwards);
        else Respond(decision, Sender, Endpoint.MobileNode(bu.MnId, bu.CareOfRouter), ba, afterwards);
    }

    /// <summary>RFC 3963 §6.1: a BU with the R flag is taken only where a component serves mobile routers, and as it says.</summary>
    BindingStatus? MobileRouterRefusal(BindingUpdate bu)
    {
        if (!bu.MobileRouter) return null;
        foreach (var component in components)
            if (component.ServesMobileRouters) return component.Refuses(bu);
        return BindingStatus.MobileRouterOperationNotPermitted;
    }

    void Respond(BindingDecision decision, IActorRef peer, Endpoint peerAt, Signal ack, Action? afterwards = null)
    {
        if (decision.Event is null)
        {
            run.Signalling.Send(peer, peerAt, ack, Self, Here);
            return;
        }
        PersistThen(decision.Event, () =>
        {
            run.Signalling.Send(peer, peerAt, ack, Self, Here);
            afterwards?.Invoke();
        });
    }

    public void PersistThen(IBindingEvent e, Action whenDurable)
    {
        cache.Apply(e);
        pending.Add(new Tagged(e, tagsByKind[BindingEventKind.Of(e)]));
        awaitingDurability.Enqueue(whenDurable);
        if (flushScheduled) return;
        flushScheduled = true;
        Self.Tell(FlushBindings.Instance);
    }

    void Flush()
    {
        flushScheduled = false;
        if (pending.Count == 0) return;
        var batch = pending;
        pending = new List<object>();
        PersistAllAsync(batch, _ =>
        {
            awaitingDurability.Dequeue()();
            if (awaitingDurability.Count == 0 && snapshotWaiters is { } waiting)
            {
                snapshotWaiters = null;
                foreach (var asker in waiting) Snapshot(asker);
            }
        });
    }

    /// <summary>Who asked for the cache while a write was in flight: they are answered once the acknowledgements behind it have left.</summary>
    List<IActorRef>? snapshotWaiters;

    /// <summary>
    /// The cache as the run ends with it: once every write in flight is durable and what waited on it
    /// has been sent (an acknowledgement, an SGW's Delete Session Response), so that it is counted in the run's signalling.
    /// </summary>
    void Snapshot(IActorRef asker)
    {
        if (awaitingDurability.Count > 0)
        {
            (snapshotWaiters ??= new()).Add(asker);
            return;
        }
        asker.Tell(new BindingCacheSnapshot(index, cache.Entries.ToArray()));
    }

    void OnDataPacket(DataPacket packet)
    {
        if (packet.Uplink)
        {
            foreach (var component in components)
                if (component.TakesUplink(packet)) return;
            forwarding.Reverse(packet);
        }
        else if (!Redirected(packet.DestinationPrefix, packet, Sender)) forwarding.Forward(packet);
    }
}
