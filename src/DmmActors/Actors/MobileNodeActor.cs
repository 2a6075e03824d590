using Akka.Actor;
using Akka.Event;
using DmmActors.Addressing;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Metrics;
using DmmActors.Mobility;
using DmmActors.Practices;
using DmmActors.Protocol;
using DmmActors.Topology;
using DmmActors.Traffic;

namespace DmmActors.Actors;

/// <summary>
/// A mobile node. It walks between access routers; where the practice places the location
/// client on the host (MIPv6), it hosts a <see cref="HostLocationClient"/> and registers with
/// its home agent itself. Its own procedures never overlap: the next move starts only once
/// the last one, and the probe packets that follow it, are done.
/// </summary>
public sealed class MobileNodeActor : UntypedActor, IMobileNodeHost
{
    readonly RunContext run;
    readonly MnIdentifier id;
    readonly IHostLocationClient? locationClient;
    readonly IConnectionManager connectionManager;
    /// <summary>Where the practice's routers act on the link layer's reports of a move, how long before the link goes down they hear of it; negative where they do not.</summary>
    readonly ModelTime reportLead;
    readonly SessionTable sessions;
    RandomWalk walk;
    IActorRef driver = ActorRefs.Nobody;
    /// <summary>The current access router's own reference, learned from its RA.</summary>
    IActorRef? routerRef;
    int router = -1, previousRouter = -1;
    int procedureNumber, handoversDone, probesOutstanding, flowOutstanding;
    /// <summary>With flows: the packets of the sessions' flows between handovers, each way, not yet delivered or lost; the walk ends once none is.</summary>
    int downlinkOutstanding, uplinkOutstanding;
    /// <summary>With flows: each session as the old link went down (its correspondent or peer, and prefix), until the move completes.</summary>
    Session[]? flowing;
    /// <summary>With sessions between mobile nodes: where this node was, for the peers it sends to; null otherwise.</summary>
    readonly PeerStays<SessionProbe>? peerStays;
    /// <summary>In a storm, the wall-clock time (StormClock) the current procedure was due to start.</summary>
    long scheduled;
    ProcedureRef procedure;
    ModelTime startedAt, now;
    /// <summary>The prefix of the node's sessions: its home prefix, or where the node is a mobile router, the prefix of the network behind it.</summary>
    Prefix64 homePrefix;
    /// <summary>The prefix the last RA preferred: a link that advertises it again is taken for the same link.</summary>
    Prefix64 linkPrefix;
    /// <summary>The prefix of the node's PDN connection at a local gateway, which its offloadable sessions take (RouterAdvertisement.Local); none elsewhere.</summary>
    Prefix64 localPrefix;
    /// <summary>The RS whose RA has not come yet; null while the node holds an address.</summary>
    RouterSolicitation? pendingRs;
    /// <summary>
    /// The answer to the last General Query, held until the node knows it is still on that link
    /// when its delay is up (an answer due after it left would go to a router it is no longer
    /// on), and the router that asked.
    /// </summary>
    MldReport? pendingReport;
    IActorRef? reportTo;
    int reportRouter;
    /// <summary>The General Query the router sent as the node arrived on this link: the periodic ones follow it (RFC 3810 §7.1).</summary>
    MldQuery? stayQuery;
    /// <summary>
    /// Stays the node left whose periodic queries have not all come: its router sends them once it
    /// knows the stay's end. Null where there are none, as on most nodes.
    /// </summary>
    List<LeftStay>? leftStays;

    /// <summary>A stay on a link the node left at <see cref="LeftAt"/>, with <see cref="Due"/> of its periodic queries still to come.</summary>
    sealed class LeftStay(int procedure, ModelTime leftAt, int due)
    {
        public int Procedure { get; } = procedure;
        public ModelTime LeftAt { get; } = leftAt;
        public int Due { get; set; } = due;
    }
    /// <summary>The prefixes the pending move keeps, as the connection manager saw them at link-down.</summary>
    IReadOnlyList<PrefixInUse> keeping = [];
    /// <summary>In a cluster run, since when (StormClock) the node has had no usable address because something was lost on the way; 0 otherwise.</summary>
    long lostSince;
    ReattachCause reattachCause;
    /// <summary>The kind of the walk's procedure a re-attach interrupted, and whether the walk goes on once it is done.</summary>
    ProcedureKind interruptedKind;
    bool continueAfterReattach, registering, finishing;

    public static Props Props(RunContext run, MnIdentifier id) => ActorProps.Of(() => new MobileNodeActor(run, id)).WithMailbox(CompactMailbox.ConfigPath);

    public MobileNodeActor(RunContext run, MnIdentifier id)
    {
        this.run = run;
        this.id = id;
        walk = new RandomWalk(run.Scenario.Seed, id.Index, run.Scenario.Dwell);
        sessions = new SessionTable(run.Scenario, id, run.Topology.Correspondents);
        var parts = run.Services.Get<INodeComposition>().Compose(this);
        (locationClient, connectionManager, reportLead) = (parts.LocationClient, parts.ConnectionManager, parts.LinkLayerReportLead ?? new ModelTime(-1));
        if (locationClient is not null) homePrefix = locationClient.SessionPrefix;
        if (run.Scenario.Traffic.MnToMnShare > 0) peerStays = new PeerStays<SessionProbe>(waitForHorizon: run.Storm is null);
    }

    /// <summary>Where the node stands: on its access router's link.</summary>
    Endpoint Here => Endpoint.MobileNode(id, router);

    /// <summary>Started, restored or restarted: the node knows whom it reports to.</summary>
    bool Started => !ReferenceEquals(driver, ActorRefs.Nobody);

    protected override bool AroundReceive(Receive receive, object message)
    {
        run.Signalling.Arrived(message, Sender);
        return base.AroundReceive(receive, message);
    }

    // A plain switch rather than ReceiveActor's per-instance handler tables: a million of
    // these actors must fit in a few kilobytes each.
    protected override void OnReceive(object message)
    {
        // A peer's request is taken at any time: it waits for the node to get where its packets leave from.
        if (message is SessionProbe asked)
        {
            peerStays?.Request(asked, new PacketTrain(asked.At, asked.Interval, Math.Max(1, asked.Count)), SendAsPeer);
            return;
        }
        if (message is SendPeerPackets)
        {
            OnSendPeerPackets();
            return;
        }
        // A new incarnation on the member that took over a lost member's shard is created by
        // whatever reaches it first; until it is started or restarted, it is not on any link.
        if (!Started && message is not (StartMobility or RestoreNode or RestartNode)) return;
        switch (message)
        {
            case StartMobility: Start(); break;
            case TriggerHandover trigger: OnTrigger(trigger); break;
            case RestoreNode restore: OnRestore(restore.State); break;
            case RouterAdvertisement ra: OnRouterAdvertisement(ra); break;
            case BindingAcknowledgement ba when locationClient is not null: OnBindingAcknowledgement(ba, locationClient); break;
            case RegistrationRejected:
                (pendingRs, registering) = (null, false);
                Continue(now);
                break;
            case DataPacket packet: OnProbe(packet); break;
            case MldQuery query: OnMldQuery(query); break;
            case ProbeLost lost: OnLost(lost); break;
            case UplinkDelivered delivered: OnUplinkDelivered(delivered); break;
            case FlowDeadline deadline: LoseSessionPackets(deadline); break;
            case ProbeDeadline deadline: OnProbeDeadline(deadline); break;
            case BindingUpdateListEntry.Deadline deadline when locationClient is not null: locationClient.OnDeadline(deadline, Self); break;
            case ExtendBindings extend: OnExtendBindings(extend); break;
            case SolicitationDeadline deadline: OnSolicitationDeadline(deadline); break;
            case Terminated terminated: OnRouterTerminated(terminated); break;
            case RestartNode restart: OnRestart(restart); break;
            default:
                if (handlers is not null && handlers.TryGetValue(message.GetType(), out var handler)) handler(message, Sender);
                else Unhandled(message);
                break;
        }
    }

    /// <summary>The messages its components registered (IMessageRegistry); null where they registered none, as on most of a million nodes.</summary>
    Dictionary<Type, Action<object, IActorRef>>? handlers;

    public void Handle<T>(Action<T, IActorRef> handler) => (handlers ??= new())[typeof(T)] = (message, sender) => handler((T)message, sender);

    RunContext IMobileNodeHost.Run => run;
    MnIdentifier IMobileNodeHost.Id => id;
    Action<TimeSpan, object>? IMobileNodeHost.ScheduleToSelf => ScheduleToSelf;
    Endpoint IMobileNodeHost.Here => Here;
    IActorRef IMobileNodeHost.Self => Self;

    public IEnumerable<int> Correspondents => sessions.Sessions.Where(s => !s.WithMobilePeer).Select(s => s.Correspondent).Distinct();
    public bool SessionsNeedContinuity => sessions.Sessions.Any(s => s.NeedsContinuity);
    public bool NeedsContinuityOn(Prefix64 prefix) => sessions.Sessions.Any(s => s.NeedsContinuity && s.Prefix == prefix);

    void OnBindingAcknowledgement(BindingAcknowledgement ba, IHostLocationClient client)
    {
        // RFC 6275 §5.1, RFC 4285 §5: a BA its home agent's (or MAP's) association does not authenticate is discarded.
        if (!run.Signalling.Authentic(ba, Endpoint.Anchor(ba.HomeAgent), Endpoint.MobileNode(id, router)) || !client.Awaits(ba)) return;
        var step = client.OnAcknowledgement(ba, Sender, Self);
        if (ba.Procedure.Kind == ProcedureKind.Refresh || step.GoesOn) return;
        Registered(step.UsableAt);
    }

    /// <summary>The move's registration is over: the node holds a usable address from <paramref name="usableAt"/>, or none where it was refused.</summary>
    public void Registered(ModelTime? usableAt)
    {
        registering = false;
        if (usableAt is { } at)
        {
            run.Recorder.TunnelsAfterMove(locationClient!.TunnelsToNode);
            Usable(at, locationClient.HeldPrefixes);
        }
        else Continue(now);
    }

    void OnExtendBindings(ExtendBindings extend)
    {
        if (locationClient is null)
        {
            Sender.Tell(BindingsExtended.Instance);
            return;
        }
        locationClient.Refresh(procedureNumber, extend.Until, router, Self);
        locationClient.Refreshes.Requested(Sender);
    }

    void Start()
    {
        if (Started) return; // a start sent again after a member was lost
        driver = Sender;
        if (run.Storm is not null) scheduled = StormClock.Now;
        (router, startedAt) = walk.Start(run.Topology);
        procedure = new ProcedureRef(id, ++procedureNumber, ProcedureKind.Attach);
        Solicit(startedAt);
    }

    void Solicit(ModelTime linkUp, IReadOnlyList<PrefixInUse>? keep = null)
    {
        pendingRs = new RouterSolicitation(procedure, linkUp, id);
        keeping = keep ?? [];
        SendSolicitation(attempts: 0);
    }

    /// <summary>
    /// Sends the pending RS to the router's address; in a cluster run, where it may be lost, it
    /// is sent again if unanswered. <paramref name="firstSent"/> is when the first RS of the
    /// procedure left (StormClock); the first one's is read here, and only in a cluster run.
    /// </summary>
    void SendSolicitation(int attempts, long firstSent = 0)
    {
        var (to, toAt) = (run.Directory.AccessRouters[router], Endpoint.AccessRouter(router));
        run.Signalling.Send(to, toAt, pendingRs!, Self, Here);
        // Sent with every copy of the RS: the router acts on the first that reaches it.
        if (connectionManager.OnNewLink(pendingRs!.Procedure, pendingRs.SentAt, id, previousRouter, keeping) is { } shared)
            run.Signalling.Send(to, toAt, shared, Self, Here);
        if (run.Loss.SignallingTimeout is { } timeout)
            ScheduleToSelf(timeout, new SolicitationDeadline(pendingRs!, attempts == 0 ? StormClock.Now : firstSent, attempts));
    }

    /// <summary>An RS, when the first one for its procedure left (StormClock), and how many were sent before it.</summary>
    sealed record SolicitationDeadline(RouterSolicitation Rs, long FirstSent, int Attempts);

    /// <summary>Every this many unanswered RSs of one procedure, the member logs it.</summary>
    const int UnansweredSolicitationsLogged = 6;

    /// <summary>RFC 4861 §10: RTR_SOLICITATION_INTERVAL; RFC 7559 §2: MAX_RTR_SOLICITATION_INTERVAL.</summary>
    static readonly RetransmissionBackoff Solicitation = new(ModelTime.FromSeconds(4), ModelTime.FromSeconds(3600));

    /// <summary>
    /// No RA within the signalling timeout: the RS or its router was lost with a cluster member.
    /// RFC 7559 §2: the host keeps soliciting, the interval doubling from RTR_SOLICITATION_INTERVAL
    /// up to MAX_RTR_SOLICITATION_INTERVAL, rather than stopping after MAX_RTR_SOLICITATIONS (RFC 4861 §6.3.7).
    /// </summary>
    void OnSolicitationDeadline(SolicitationDeadline deadline)
    {
        if (!ReferenceEquals(deadline.Rs, pendingRs)) return;
        if (lostSince == 0) (lostSince, reattachCause) = (deadline.FirstSent, ReattachCause.Resolicited);
        pendingRs = pendingRs with { SentAt = Solicitation.After(pendingRs.SentAt, deadline.Attempts) };
        run.Recorder.Counters.Add(Counter.RouterSolicitationsRetransmitted);
        // A router that stays silent this long is a fault of the emulator's cluster, not of the model: say so on the member.
        if ((deadline.Attempts + 1) % UnansweredSolicitationsLogged == 0)
            Context.GetLogger().Warning("{0}: {1} RSs for procedure {2} to ar-{3} unanswered", id, deadline.Attempts + 1, procedure.Number, router);
        SendSolicitation(deadline.Attempts + 1, deadline.FirstSent);
    }

    void OnRouterAdvertisement(RouterAdvertisement ra)
    {
        // An RA for an RS that was sent again after its first answer came.
        if (pendingRs is null || ra.Procedure != pendingRs.Procedure) return;
        pendingRs = null;
        OnLinkOf(Sender);
        var arrival = ra.ArrivesAt;
        var formed = run.Channel.Departure(arrival, Here);
        // RFC 4862 §5.4: an address on a prefix the last link did not advertise is tentative until
        // DAD ends. One the last link advertised too is kept without a probe: the node detects the
        // same link (RFC 6059 §5.8). So is one the node kept across the move, its address in use all
        // along (a DMM node back at the router whose anchor delegated it a prefix it still holds).
        var held = ra.Prefix.IsNone || ra.Prefix == linkPrefix || keeping.Any(k => k.Prefix == ra.Prefix);
        var addressReady = held ? formed : NeighbourDiscovery.ProbeAddress(this, Sender, router, procedure, ra.Prefix, formed);
        linkPrefix = ra.Prefix;
        if (locationClient is null)
        {
            // RFC 5213 §6.7: the MAG advertises the home network prefix, so the node's
            // address survives the move and it is usable as soon as the RA arrives. In a
            // distributed practice it is the new router's own prefix, and earlier ones still
            // anchored come deprecated (RFC 8818 §3.1): their addresses carry the node's sessions
            // at once, while the new one is probed.
            homePrefix = ra.Prefix;
            localPrefix = ra.Local;
            var usable = ra.Deprecated.Count > 0 || addressReady == formed ? arrival : addressReady;
            Usable(usable, [homePrefix, .. ra.Local.IsNone ? [] : new[] { ra.Local }, .. ra.Deprecated]);
            return;
        }
        // The RA's prefix is the router's own: the care-of address is formed on it, and the
        // binding update leaves from it once it may be used (RFC 6275 §11.5.3, RFC 4862 §5.4).
        registering = true;
        locationClient.Register(procedure, addressReady, ra, Self);
    }

    /// <summary>
    /// The node is on <paramref name="routerActor"/>'s link. In a cluster run it watches the
    /// router, as neighbour unreachability detection would (RFC 4861 §7.3): a router lost with
    /// its member is noticed, not waited for.
    /// </summary>
    void OnLinkOf(IActorRef routerActor)
    {
        if (!routerActor.Equals(routerRef))
        {
            if (routerRef is not null) Context.Unwatch(routerRef);
            if (run.Loss.Watches(routerActor)) Context.Watch(routerActor);
        }
        routerRef = routerActor;
    }

    void OffLink()
    {
        if (routerRef is not null) Context.Unwatch(routerRef);
        routerRef = null;
    }

    /// <summary>
    /// The router the node is attached to went with its cluster member and its shard came back
    /// on another: the node solicits again where it stands (RFC 4861 §6.3.7), and its member's
    /// new router registers it as a node it has not seen (RFC 5213 §6.9.1.1).
    /// </summary>
    void OnRouterTerminated(Terminated terminated)
    {
        if (!terminated.ActorRef.Equals(routerRef)) return;
        routerRef = null;
        // Already soliciting, or registering with a home agent that answers wherever the node is.
        if (pendingRs is not null || registering) return;
        Reattach(run.Loss.LostSince(terminated.ActorRef), ReattachCause.RouterLost, continueAfter: probesOutstanding > 0);
    }

    /// <summary>
    /// This node's member was lost; the router it was attached to restarts it on the member
    /// that now hosts its shard. Its walk is put where it was, and it attaches again there.
    /// </summary>
    void OnRestart(RestartNode restart)
    {
        if (Started) return; // started already, by an earlier copy of this message
        driver = run.Loss.Driver;
        // Procedure n is the move after the start and n - 1 moves; the router that restarts it is where it stands.
        if (restart.LeftRouter < 0)
        {
            walk = RandomWalk.AfterMoves(run.Scenario.Seed, id.Index, run.Scenario.Dwell, restart.Procedure.Number - 1);
            (router, now) = (restart.Router, restart.At);
        }
        else
        {
            // Lost between links: the last move's draws say where it went; as in MoveOn, its RS
            // names the router it left, and the link came up the L2 handover after the old one went down.
            walk = RandomWalk.AfterMoves(run.Scenario.Seed, id.Index, run.Scenario.Dwell, restart.Procedure.Number - 2);
            previousRouter = restart.LeftRouter;
            router = walk.Move(run.Topology, previousRouter).Router;
            now = restart.At + run.Scenario.L2HandoverDelay;
        }
        startedAt = restart.At;
        procedureNumber = restart.Procedure.Number;
        handoversDone = procedureNumber - 1;
        procedure = restart.Procedure;
        if (locationClient is not null) homePrefix = locationClient.SessionPrefix;
        // In a storm the generator says when the node moves next; a walk goes on by itself.
        Reattach(restart.LostSince, ReattachCause.NodeRestarted, continueAfter: run.Storm is null);
    }

    void Reattach(long since, ReattachCause cause, bool continueAfter)
    {
        (lostSince, reattachCause, continueAfterReattach) = (since, cause, continueAfter);
        // The router that asked lost its state: the one that takes the node in asks again.
        (pendingReport, reportTo, stayQuery) = (null, null, null);
        // The probes still due would have come through the lost router.
        for (; probesOutstanding > 0; probesOutstanding--) run.Recorder.PacketLost();
        LoseFlows();
        if (procedure.Kind != ProcedureKind.Reattach) interruptedKind = procedure.Kind;
        procedure = new ProcedureRef(id, procedureNumber, ProcedureKind.Reattach);
        Solicit(now);
    }

    /// <summary>The node has a usable address again: a procedure of the walk completes, or a re-attach does.</summary>
    void Usable(ModelTime at, IReadOnlyCollection<Prefix64> held)
    {
        if (lostSince != 0)
        {
            run.Recorder.Reattached(new ReattachmentRecord(id, router, reattachCause, StormClock.Elapsed(lostSince, StormClock.Now)));
            lostSince = 0;
        }
        if (procedure.Kind != ProcedureKind.Reattach)
        {
            Complete(at, held);
            return;
        }
        now = at;
        peerStays?.OnLink(at, router, homePrefix, SendAsPeer);
        if (reattachCause == ReattachCause.NodeRestarted) sessions.Open(at, homePrefix, localPrefix);
        procedure = new ProcedureRef(id, procedureNumber, interruptedKind);
        if (!continueAfterReattach)
        {
            // Its walk is over: it stays, so the new router's query is answered.
            AnswerQuery(leavingAt: null);
            return;
        }
        continueAfterReattach = false;
        Continue(at);
    }

    /// <summary>RFC 3810 §6.1: the listener's state changes as it starts listening, on its first link, and it reports that unasked.</summary>
    void ReportGroups(ModelTime at, ProcedureRef during)
    {
        if (run.Multicast?.GroupOf(id) is >= 0 and var group && routerRef is not null)
            SendReport(routerRef, router, new MldReport(during, at, id, [group]));
    }

    /// <summary>
    /// RFC 3810 §6.2: a listener answers a General Query after a random delay up to its Maximum
    /// Response Delay, drawn from the seed, the node, its procedure and the query's time; a node
    /// that listens to nothing does not answer. The answer to the query that greets it on a link is
    /// held until the node knows it is still there when the delay is up; a later query, from the
    /// router of a later procedure, takes its place. A periodic query comes once its link's stay
    /// has ended: it is answered if the node was still on that link when the answer was due.
    /// </summary>
    void OnMldQuery(MldQuery query)
    {
        Answer(query);
        // Counted once its answer, if any, is counted as sent: the drain never sees the query taken in and its answer not yet sent.
        run.Recorder.Counters.Add(Counter.MldQueriesReceived);
    }

    void Answer(MldQuery query)
    {
        if (run.Multicast?.GroupOf(id) is not (>= 0 and var group)) return;
        var at = query.ArrivesAt + NeighbourDiscovery.RandomDelay(run.Scenario.Seed ^ 0x3810UL ^ (ulong)query.SentAt.Microseconds,
            query.Procedure, query.MaximumResponseDelay);
        var report = new MldReport(query.Procedure, at, id, [group]);
        if (query.Procedure.Number != procedure.Number)
        {
            var stay = leftStays?.Find(s => s.Procedure == query.Procedure.Number);
            if (stay is null) return;
            if (at < stay.LeftAt) SendReport(Sender, query.AccessRouter, report);
            if (--stay.Due == 0) leftStays!.Remove(stay);
            return;
        }
        // The first query of a stay, or one sent again with the solicitation sent again (RFC 7559): not a periodic one.
        if (stayQuery is null || !stayQuery.IsFollowedBy(query))
        {
            stayQuery = query;
            (pendingReport, reportTo, reportRouter) = (report, Sender, query.AccessRouter);
            return;
        }
        // The walks are over and the node is still here: the router queries it up to the run's end.
        AnswerQuery(leavingAt: null);
        SendReport(Sender, query.AccessRouter, report);
    }

    void SendReport(IActorRef to, int accessRouter, MldReport report)
    {
        run.Recorder.Counters.Add(Counter.MldReportsSent);
        run.Signalling.Send(to, Endpoint.AccessRouter(accessRouter), report, Self, Endpoint.MobileNode(id, accessRouter));
    }

    /// <summary>Sends the held answer if its delay is up before the node leaves at <paramref name="leavingAt"/> (never, where null); drops it otherwise.</summary>
    void AnswerQuery(ModelTime? leavingAt)
    {
        if (pendingReport is { } report && reportTo is not null && (leavingAt is not { } leaving || report.SentAt < leaving))
            SendReport(reportTo, reportRouter, report);
        (pendingReport, reportTo) = (null, null);
    }

    /// <summary>The node leaves its link at <paramref name="leavingAt"/>: it answers what it holds, and waits for the stay's periodic queries.</summary>
    void LeaveLink(ModelTime leavingAt)
    {
        AnswerQuery(leavingAt);
        if (stayQuery is { } first && first.Following(leavingAt).Count() is > 0 and var due)
            (leftStays ??= new()).Add(new LeftStay(procedure.Number, leavingAt, due));
        stayQuery = null;
    }

    /// <summary>The node holds a usable address again; <paramref name="held"/> are its prefixes, the preferred one first.</summary>
    void Complete(ModelTime at, IReadOnlyCollection<Prefix64> held)
    {
        now = at;
        // A node that found its home agent by discovery (RFC 6275 §10.5) has its home address once registered.
        if (locationClient is not null) homePrefix = locationClient.SessionPrefix;
        if (procedure.Kind == ProcedureKind.Attach) sessions.Open(at, homePrefix, localPrefix);
        else if (sessions.Moved(at, homePrefix, held, localPrefix) is > 0 and var broken) run.Recorder.Counters.Add(Counter.SessionsBroken, broken);
        peerStays?.OnLink(at, router, homePrefix, SendAsPeer);
        run.Storm?.Record(procedure.Kind == ProcedureKind.Attach ? StormStep.Attach : StormStep.Handover, scheduled, StormClock.Now);
        var record = new ProcedureRecord(id, procedure.Number, procedure.Kind, previousRouter, router, homePrefix.PoolAnchor, startedAt, at);
        run.Recorder.Procedure(record);
        run.Facts.Record(new Recording.ProcedureFact(record, walk.State));
        if (procedure.Kind == ProcedureKind.Attach) ReportGroups(at, procedure);
        // The walk's last link: the node never leaves it, so the answer goes before the probes, in before the walks end.
        if (run.Storm is null && handoversDone == run.Scenario.HandoversPerNode) AnswerQuery(leavingAt: null);
        probesOutstanding = run.Scenario.SessionsPerNode;
        for (int slot = 0; slot < probesOutstanding; slot++)
        {
            var session = sessions.Sessions[slot];
            SenderOf(session).Tell(Probe(slot, session.Prefix, at));
        }
        SendFlows(at);
        if (probesOutstanding == 0 && flowOutstanding == 0) Continue(at);
        else if (run.Loss.SignallingTimeout is { } timeout)
        {
            // A one-shot deadline rather than IWithTimers: a timer scheduler per node would cost
            // every one of a million nodes memory, and a deadline left behind by a stopped node
            // only goes to dead letters.
#pragma warning disable AK1004
            Context.System.Scheduler.ScheduleTellOnce(timeout, Self, new ProbeDeadline(procedure.Number), Self);
#pragma warning restore AK1004
        }
    }

#pragma warning disable AK1004 // one-shot, as the probe deadline below
    void ScheduleToSelf(TimeSpan delay, object message) => Context.System.Scheduler.ScheduleTellOnce(delay, Self, message, Self);
#pragma warning restore AK1004

    /// <summary>Probes still missing when the deadline passes were lost on the way, e.g. with an anchor's cluster node.</summary>
    sealed record ProbeDeadline(int Procedure);

    void OnProbeDeadline(ProbeDeadline deadline)
    {
        if (deadline.Procedure != procedure.Number || probesOutstanding + flowOutstanding == 0) return;
        for (; probesOutstanding > 0; probesOutstanding--) run.Recorder.PacketLost();
        LoseFlows();
        Continue(now);
    }

    /// <summary>
    /// With flows: each session's correspondent sends, at the flow's rate, what it sent while the
    /// node was moving, to the prefix the session had as the old link went down; the network
    /// routes each packet as it stood when the packet left (model time).
    /// </summary>
    void SendFlows(ModelTime completed)
    {
        if (flowing is not { } moving) return;
        flowing = null;
        if (procedure.Kind != ProcedureKind.Handover) return;
        var (first, count, interval) = FlowSchedule.Window(run.Scenario, run.Topology, startedAt, completed);
        if (count == 0) return;
        for (int slot = 0; slot < moving.Length; slot++)
            SenderOf(moving[slot]).Tell(Probe(slot, moving[slot].Prefix, first) with
            {
                Count = count,
                Interval = interval,
                Handover = procedure.Number,
                Traffic = DataTraffic.HandoverFlow,
            });
        flowOutstanding = moving.Length * count;
        run.Recorder.Counters.Add(Counter.HandoverPacketsSent, flowOutstanding);
    }

    /// <summary>Flow packets still due were lost on the way, with a cluster member.</summary>
    void LoseFlows()
    {
        run.Recorder.Counters.Add(Counter.HandoverPacketsLost, flowOutstanding);
        flowOutstanding = 0;
    }

    /// <summary>
    /// A flow packet of procedure <paramref name="handover"/> was delivered or lost (<paramref name="outcome"/>);
    /// one of an earlier procedure, given up for lost at its deadline, counts for nothing more, and
    /// is answered false.
    /// </summary>
    bool FlowDone(int handover, Counter outcome)
    {
        if (handover != procedure.Number || flowOutstanding == 0) return false;
        run.Recorder.Counters.Add(outcome);
        if (--flowOutstanding == 0 && probesOutstanding == 0) Continue(now);
        return true;
    }

    /// <summary>
    /// With flows: the sessions' packets between the procedure that completed at
    /// <paramref name="completed"/> and the link going down at <paramref name="linkDown"/>, each
    /// way: the correspondents send theirs, and the node sends its own, while it still holds the
    /// address (FlowSchedule). The walk waits for every one of them before it ends.
    /// </summary>
    void SendSessionFlows(ModelTime completed, ModelTime linkDown)
    {
        var down = FlowSchedule.Between(run.Scenario, run.Topology, procedure.Kind == ProcedureKind.Handover, startedAt, completed, linkDown);
        var up = FlowSchedule.Uplink(run.Scenario, completed, linkDown);
        if (down.Count + up.Count == 0) return;
        var current = sessions.Sessions;
        var routerNow = routerRef ?? run.Directory.AccessRouters[router];
        var (downSent, upSent) = (0, 0);
        for (int slot = 0; slot < current.Count; slot++)
        {
            var session = current[slot];
            // A session that ends during the stay sends no more; the one after it on the slot starts with the next procedure.
            var downCount = Math.Min(down.Count, FlowSchedule.Before(down.First, session.EndsAt, down.Interval));
            // One way only with a mobile peer: it sends to this node; this node's packets to it are not modelled.
            var upCount = session.WithMobilePeer ? 0 : Math.Min(up.Count, FlowSchedule.Before(up.First, session.EndsAt, up.Interval));
            if (downCount > 0)
                SenderOf(session).Tell(Probe(slot, session.Prefix, down.First) with
                {
                    Count = downCount,
                    Interval = down.Interval,
                    Traffic = DataTraffic.Flow,
                });
            var packet = new DataPacket(slot, id, session.Prefix, session.Correspondent, up.First, ModelTime.Zero, 0, 0) { Traffic = DataTraffic.Uplink, Ipv4 = SessionsOverIpv4 };
            for (int k = 0; k < upCount; k++)
            {
                var sent = packet with { SentAt = up.First + up.Interval * k };
                // The node tunnels its packets itself where it registers itself; a MAG tunnels them otherwise.
                if (locationClient is not null) locationClient.SendUplink(sent, router);
                else routerNow.Tell(run.Channel.Carry(sent, Here, Endpoint.AccessRouter(router)));
            }
            (downSent, upSent) = (downSent + downCount, upSent + upCount);
        }
        downlinkOutstanding += downSent;
        uplinkOutstanding += upSent;
        run.Recorder.Counters.Add(Counter.FlowPacketsSent, downSent);
        run.Recorder.Counters.Add(Counter.UplinkPacketsSent, upSent);
    }

    void OnLost(ProbeLost lost)
    {
        switch (lost.Traffic)
        {
            case DataTraffic.HandoverFlow: _ = FlowDone(lost.Handover, Counter.HandoverPacketsLost); break;
            case DataTraffic.Flow: SessionPacketDone(uplink: false, Counter.FlowPacketsLost); break;
            case DataTraffic.Uplink: SessionPacketDone(uplink: true, Counter.UplinkPacketsLost); break;
            default: ProbeDone(); break;
        }
    }

    /// <summary>
    /// A packet of a flow between handovers was delivered or lost (<paramref name="outcome"/>, where
    /// counted here); false for one already given up at a deadline, which counts for nothing more.
    /// </summary>
    bool SessionPacketDone(bool uplink, Counter? outcome)
    {
        ref var outstanding = ref uplink ? ref uplinkOutstanding : ref downlinkOutstanding;
        if (outstanding == 0) return false;
        outstanding--;
        if (outcome is { } counter) run.Recorder.Counters.Add(counter);
        if (finishing && downlinkOutstanding + uplinkOutstanding == 0) Finish();
        return true;
    }

    bool SessionsOverIpv4 => locationClient?.SessionsOverIpv4 ?? false;

    /// <summary>Who sends the node a session's packets: its correspondent, or its mobile peer.</summary>
    IActorRef SenderOf(Session session) =>
        session.WithMobilePeer ? run.Directory.MobileNodes[session.Peer] : run.Directory.Correspondents[session.Correspondent];

    /// <summary>
    /// As a mobile peer: sends the packet a node asked for at <paramref name="at"/>, from where this
    /// node stayed then (<paramref name="stay"/>), up its own reverse tunnel as its own packets go;
    /// lost at the source where it was between links then.
    /// </summary>
    void SendAsPeer(SessionProbe asked, ModelTime at, Stay? stay)
    {
        var traffic = asked.Count == 0 ? DataTraffic.Probe : asked.Traffic;
        if (stay is not { } s)
        {
            run.Recorder.Counters.Add(Counter.PeerPacketsUnsent);
            run.Directory.MobileNodes[asked.Destination.Index].Tell(new ProbeLost(asked.Session, asked.Handover, traffic));
            return;
        }
        var packet = new DataPacket(asked.Session, asked.Destination, asked.DestinationPrefix, -1, at, ModelTime.Zero, 0, 0)
        {
            Traffic = traffic, Handover = asked.Handover, FromNode = id.Index, FromPrefix = s.Prefix, FromRouter = s.Router, Rising = true,
        };
        if ((peerOutbox ??= new()).Count == 0) Self.Tell(SendPeerPackets.Instance);
        peerOutbox.Enqueue(packet);
    }

    /// <summary>
    /// A peer's packets waiting to leave, in the order of their send times; null until the node
    /// first sends as a peer. They leave a few per turn of this actor rather than a stay's flow at
    /// once, so that what the network does meanwhile (a local route set up by the first of them,
    /// RFC 6705) is in place for the later ones, as their model times would have it.
    /// </summary>
    Queue<DataPacket>? peerOutbox;

    const int PeerPacketsPerTurn = 4;

    sealed record SendPeerPackets
    {
        public static readonly SendPeerPackets Instance = new();
    }

    void OnSendPeerPackets()
    {
        for (int k = 0; k < PeerPacketsPerTurn && peerOutbox!.TryDequeue(out var packet); k++)
        {
            if (locationClient is not null) locationClient.SendUplink(packet, packet.FromRouter);
            else run.Directory.AccessRouters[packet.FromRouter].Tell(run.Channel.Carry(packet, Endpoint.MobileNode(id, packet.FromRouter), Endpoint.AccessRouter(packet.FromRouter)));
        }
        if (peerOutbox!.Count > 0) Self.Tell(SendPeerPackets.Instance);
    }

    /// <summary>What a session's correspondent is asked to send the node, to the session's address.</summary>
    SessionProbe Probe(int slot, Prefix64 prefix, ModelTime at) => new(slot, id, prefix, at) { Ipv4 = SessionsOverIpv4 };

    void OnUplinkDelivered(UplinkDelivered delivered)
    {
        if (SessionPacketDone(uplink: true, Counter.UplinkPacketsDelivered))
            run.Recorder.Counters.Add(Counter.UplinkEncapsulationBytes, delivered.TunnelBytes);
    }

    /// <summary>To the node itself: flow packets still due when the signalling timeout passes after procedure <see cref="Procedure"/> were lost on the way, with a cluster member.</summary>
    sealed record FlowDeadline(int Procedure);

    void LoseSessionPackets(FlowDeadline deadline)
    {
        if (!finishing || deadline.Procedure != procedure.Number || downlinkOutstanding + uplinkOutstanding == 0) return;
        run.Recorder.Counters.Add(Counter.FlowPacketsLost, downlinkOutstanding);
        run.Recorder.Counters.Add(Counter.UplinkPacketsLost, uplinkOutstanding);
        (downlinkOutstanding, uplinkOutstanding) = (0, 0);
        Finish();
    }

    void OnProbe(DataPacket packet)
    {
        run.Recorder.Counters.Add(Counter.DataPacketsDelivered);
        var peerCase = packet.FromMobilePeer ? PeerCaseOf(packet) : PeerCase.None;
        if (peerCase != PeerCase.None)
        {
            var (delivered, noAnchor) = PathRecord.PacketCounters(peerCase);
            run.Recorder.Counters.Add(delivered);
            if (packet.AnchorsCrossed == 0) run.Recorder.Counters.Add(noAnchor);
        }
        run.Recorder.Counters.Add(Counter.DeliveredEncapsulationBytes, packet.TunnelBytes);
        if (packet.DuringHandover)
        {
            if (FlowDone(packet.Handover, Counter.HandoverPacketsDelivered) && packet.BufferedFor > ModelTime.Zero)
            {
                run.Recorder.Counters.Add(Counter.HandoverPacketsBuffered);
                run.Recorder.Counters.Add(Counter.HandoverPacketsBufferedMicroseconds, packet.BufferedFor.Microseconds);
            }
            return;
        }
        if (packet.Traffic == DataTraffic.Flow)
        {
            SessionPacketDone(uplink: false, outcome: null);
            return;
        }
        // A probe of an earlier procedure, given up for lost at its deadline, that came after all.
        if (packet.SentAt != now || probesOutstanding == 0) return;
        if (run.Storm is { } storm && procedure.Kind == ProcedureKind.Handover && probesOutstanding == run.Scenario.SessionsPerNode)
            storm.Record(StormStep.DataPathRestored, scheduled, StormClock.Now);
        // Path stretch is measured against the direct path the channel would give the two: from where the peer sent it, for a mobile peer's.
        var from = packet.FromMobilePeer ? Endpoint.MobileNode(new MnIdentifier(packet.FromNode), packet.FromRouter) : Endpoint.Correspondent(packet.Correspondent);
        var shortest = run.Channel.Path(from, Endpoint.MobileNode(id, router));
        // A session that started before this procedure is long-lived: it kept its address across the move.
        var longLived = (uint)packet.Session < (uint)sessions.Sessions.Count && sessions.Sessions[packet.Session].StartedAt < now;
        run.Recorder.Path(new PathRecord(id, packet.Correspondent, packet.PathDelay, packet.PathHops,
            shortest.Delay, shortest.Hops, packet.Tunnels, longLived, peerCase, packet.AnchorsCrossed)
            { Offloaded = !localPrefix.IsNone && packet.DestinationPrefix == localPrefix });
        ProbeDone();
    }

    /// <summary>
    /// Where a mobile peer's packet found the two: on one MAG or two (the peer's as it sent, this
    /// node's as it arrived, which this node may have left since), their prefixes from one anchor or two.
    /// </summary>
    PeerCase PeerCaseOf(DataPacket packet) =>
        PathRecord.CaseOf(packet.FromRouter == (peerStays?.Where(packet.ArrivesAt)?.Router ?? router), packet.FromPrefix.PoolAnchor == packet.DestinationPrefix.PoolAnchor);

    void ProbeDone()
    {
        if (probesOutstanding > 0 && --probesOutstanding == 0 && flowOutstanding == 0) Continue(now);
    }

    void Continue(ModelTime at)
    {
        // In a storm the generator says when to move next; otherwise the walk goes on by itself.
        if (run.Storm is not null || handoversDone == run.Scenario.HandoversPerNode)
        {
            // A storm's node does not know when the generator moves it next: its answer goes now,
            // even where the next move comes before the delay is up.
            AnswerQuery(leavingAt: null);
            // The walk's moves are over: the node stays where it is, whatever its peers ask of later.
            if (run.Storm is null) peerStays?.Settled(SendAsPeer);
            finishing = true;
            if (downlinkOutstanding + uplinkOutstanding == 0) Finish();
            else if (run.Loss.SignallingTimeout is { } timeout) ScheduleToSelf(timeout, new FlowDeadline(procedure.Number));
            return;
        }
        MoveOn(at);
    }

    /// <summary>The walk, or the storm's move, is over, and so is every packet of its flows.</summary>
    void Finish()
    {
        finishing = false;
        driver.Tell(new MobilityFinished(id, now));
    }

    /// <summary>Back after the last procedure it recorded, its walk in the state recorded with it.</summary>
    void OnRestore(NodeResume state)
    {
        driver = Sender;
        walk = RandomWalk.Resume(state.WalkState, run.Scenario.Dwell);
        router = state.Last.ToRouter;
        previousRouter = state.Last.FromRouter;
        procedureNumber = handoversDone = state.Last.Number - 1;
        procedure = new ProcedureRef(id, ++procedureNumber, state.Last.Kind);
        startedAt = state.Last.StartedAt;
        now = state.Now;
        if (state.Binding is { } binding) locationClient?.Restore(binding, state.RouterBinding is { } atRouter && atRouter != binding ? atRouter : null);
        locationClient?.Release(state.LeftAtRegionalAnchors, procedure, now, router, Self);
        homePrefix = locationClient?.SessionPrefix ?? Prefix64.Delegated(state.Last.Anchor, id.Index);
        sessions.Open(now, homePrefix);
    }

    /// <summary>The storm's schedule says when the node leaves; its walk still draws the dwell, so the routers it visits are the walk's.</summary>
    void OnTrigger(TriggerHandover trigger)
    {
        scheduled = trigger.ScheduledTimestamp;
        MoveOn(now, ModelTime.Max(now, trigger.At));
    }

    void MoveOn(ModelTime at, ModelTime? leaving = null)
    {
        handoversDone++;
        var (dwell, next) = walk.Move(run.Topology, router);
        var linkDown = leaving ?? at + dwell;
        // What the peers asked of this stay leaves before the link goes down.
        peerStays?.Leaves(linkDown, SendAsPeer);
        SendSessionFlows(at, linkDown);
        LeaveLink(linkDown);
        locationClient?.Refresh(procedureNumber, linkDown, router, Self);
        var currentRouter = routerRef ?? run.Directory.AccessRouters[router];
        // The connection manager's view at link-down: which earlier prefixes lost their last
        // session while the node stayed (released then), and which the move must keep.
        foreach (var unused in sessions.AdvanceTo(linkDown, homePrefix, localPrefix))
            if (connectionManager.PrefixUnused(procedure, id, unused.Prefix, unused.Since) is { } release)
                run.Signalling.Send(currentRouter, Endpoint.AccessRouter(router), release, Self, Here);
        var keep = connectionManager.KeepAcrossMove(sessions);
        if (run.Scenario.Traffic.Flows) flowing = sessions.Sessions.ToArray();
        previousRouter = router;
        router = next;
        startedAt = linkDown;
        procedure = new ProcedureRef(id, ++procedureNumber, ProcedureKind.Handover);
        if (reportLead >= ModelTime.Zero) currentRouter.Tell(new HandoverIndication(procedure, ModelTime.Max(at, linkDown - reportLead), id, router));
        if (locationClient?.BeforeLinkDown(procedure, at, linkDown, previousRouter, router, Self) == true) departing = new Departing(currentRouter, keep);
        else Depart(currentRouter, keep);
    }

    /// <summary>The old link and the prefixes the move keeps, while the location client prepares the move from the old link; null otherwise, as on most nodes.</summary>
    sealed record Departing(IActorRef Router, IReadOnlyList<PrefixInUse> Keep);

    Departing? departing;

    public void Depart()
    {
        if (departing is not { } d) return;
        departing = null;
        Depart(d.Router, d.Keep);
    }

    /// <summary>Break before make: the old link goes down, the new one comes up after the L2 handover.</summary>
    void Depart(IActorRef oldRouter, IReadOnlyList<PrefixInUse> keep)
    {
        oldRouter.Tell(new LinkDown(procedure, startedAt, id));
        OffLink();
        var linkUp = startedAt + run.Scenario.L2HandoverDelay;
        if (locationClient?.Arrived(procedure, linkUp, router, Self) == true)
        {
            // RFC 5568 §5.1: the address the new router confirmed is the node's from the first moment on the link.
            keeping = keep;
            linkPrefix = Prefix64.AccessLink(router);
            OnLinkOf(run.Directory.AccessRouters[router]);
            registering = true;
            return;
        }
        if (reportLead >= ModelTime.Zero) run.Directory.AccessRouters[router].Tell(new LinkAssociated(procedure, linkUp, id, previousRouter));
        Solicit(linkUp, keep);
    }

    void IMobileNodeHost.Solicit(ModelTime at)
    {
        registering = false;
        Solicit(at, keeping);
    }
}
