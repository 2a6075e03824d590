using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Functions;
using DmmActors.Metrics;
using DmmActors.Mobility;
using DmmActors.Protocol;
using DmmActors.Run;
using DmmActors.Storm;
using DmmActors.Traffic;

namespace DmmActors.Actors;

/// <summary>
/// A mobile node. It walks between access routers; where the practice places the location
/// client on the host (MIPv6), it hosts a <see cref="HostLocationClient"/> and registers with
/// its home agent itself. Its own procedures never overlap: the next move starts only once
/// the last one, and the probe packets that follow it, are done.
/// </summary>
public sealed class MobileNodeActor : UntypedActor
{
    readonly RunContext run;
    readonly MnIdentifier id;
    readonly HostLocationClient? locationClient;
    readonly SessionTable sessions;
    RandomWalk walk;
    IActorRef driver = ActorRefs.Nobody;
    /// <summary>The current access router's own reference, learned from its RA.</summary>
    IActorRef? routerRef;
    int router = -1, previousRouter = -1;
    int procedureNumber, handoversDone, probesOutstanding;
    /// <summary>In a storm, the wall-clock time (StormClock) the current procedure was due to start.</summary>
    long scheduled;
    ProcedureRef procedure;
    ModelTime startedAt, now;
    Prefix64 homePrefix;

    public static Props Props(RunContext run, MnIdentifier id) => Akka.Actor.Props.Create(() => new MobileNodeActor(run, id));

    public MobileNodeActor(RunContext run, MnIdentifier id)
    {
        this.run = run;
        this.id = id;
        walk = new RandomWalk(run.Scenario.Seed, id.Index, run.Scenario.Dwell);
        sessions = new SessionTable(run.Scenario, id, run.Topology.Correspondents);
        if (run.Practice.Hosts(NodeKind.MobileNode, MobilityFunction.LocationClient))
        {
            locationClient = new HostLocationClient(run, id, run.SignallingTimeout is null ? null : ScheduleToSelf);
            homePrefix = locationClient.HomePrefix;
        }
    }

    protected override bool AroundReceive(Receive receive, object message)
    {
        run.Arrived(message, Sender);
        return base.AroundReceive(receive, message);
    }

    // A plain switch rather than ReceiveActor's per-instance handler tables: a million of
    // these actors must fit in a few kilobytes each.
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case StartMobility: Start(); break;
            case TriggerHandover trigger: OnTrigger(trigger); break;
            case RestoreNode restore: OnRestore(restore.State); break;
            case RouterAdvertisement ra: OnRouterAdvertisement(ra); break;
            case BindingAcknowledgement ba when locationClient is not null: OnBindingAcknowledgement(ba, locationClient); break;
            case RegistrationRejected: Continue(now); break;
            case DataPacket packet: OnProbe(packet); break;
            case ProbeLost: ProbeDone(); break;
            case ProbeDeadline deadline: OnProbeDeadline(deadline); break;
            case HostLocationClient.Deadline deadline when locationClient is not null: locationClient.OnDeadline(deadline, Self); break;
            case ExtendBindings extend: OnExtendBindings(extend); break;
            default: Unhandled(message); break;
        }
    }

    void OnBindingAcknowledgement(BindingAcknowledgement ba, HostLocationClient client)
    {
        if (!client.Awaits(ba)) return;
        var usable = client.OnAcknowledgement(ba, Sender, router);
        if (ba.Procedure.Kind == ProcedureKind.Refresh) return;
        if (usable is { } at)
        {
            run.Recorder.TunnelsAfterMove(1); // RFC 6275 §10.4.1: the node's own tunnel to its home agent.
            Complete(at, [homePrefix]);
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
        driver = Sender;
        if (run.Storm is not null) scheduled = StormClock.Now;
        router = walk.FirstRouter(run.Topology);
        startedAt = walk.FirstAttach();
        procedure = new ProcedureRef(id, ++procedureNumber, ProcedureKind.Attach);
        Solicit(startedAt);
    }

    void Solicit(ModelTime linkUp, IReadOnlyList<PrefixInUse>? keep = null) =>
        run.Send(run.Directory.AccessRouters[router], run.Practice.Distributed
            ? new RouterSolicitation(procedure, linkUp, id) { PreviousRouter = previousRouter, KeepPrefixes = keep ?? [] }
            : new RouterSolicitation(procedure, linkUp, id), Self);

    void OnRouterAdvertisement(RouterAdvertisement ra)
    {
        routerRef = Sender;
        var arrival = ra.SentAt + run.Topology.RadioDelay;
        if (locationClient is null)
        {
            // RFC 5213 §6.7: the MAG advertises the home network prefix, so the node's
            // address survives the move and it is usable as soon as the RA arrives. In a
            // distributed practice it is the new router's own prefix, and earlier ones still
            // anchored come deprecated (RFC 8818 §3.1).
            homePrefix = ra.Prefix;
            Complete(arrival, ra.Deprecated.Count == 0 ? [homePrefix] : [homePrefix, .. ra.Deprecated]);
            return;
        }
        // The RA's prefix is the router's own: the care-of address is formed on it.
        locationClient.Register(procedure, arrival + run.Scenario.ProcessingDelay, router, Self);
    }

    /// <summary>The node holds a usable address again; <paramref name="held"/> are its prefixes, the preferred one first.</summary>
    void Complete(ModelTime at, IReadOnlyCollection<Prefix64> held)
    {
        now = at;
        if (procedure.Kind == ProcedureKind.Attach) sessions.Open(at, homePrefix);
        else sessions.Moved(at, homePrefix, held);
        run.Storm?.Record(procedure.Kind == ProcedureKind.Attach ? StormStep.Attach : StormStep.Handover, scheduled, StormClock.Now);
        run.Recorder.Procedure(new ProcedureRecord(id, procedure.Number, procedure.Kind, previousRouter, router,
            homePrefix.PoolAnchor, startedAt, at));
        if (run.Multicast?.GroupOf(id) is >= 0 and var group && routerRef is not null)
            // RFC 3810 §6.1: on a new link the listener reports its state, unsolicited.
            run.Send(routerRef, new MldReport(procedure, at, id, [group]), Self);
        probesOutstanding = run.Scenario.SessionsPerNode;
        for (int slot = 0; slot < probesOutstanding; slot++)
        {
            var session = sessions.Sessions[slot];
            run.Directory.Correspondents[session.Correspondent].Tell(new SessionProbe(slot, id, session.Prefix, at));
        }
        if (probesOutstanding == 0) Continue(at);
        else if (run.SignallingTimeout is { } timeout)
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
        if (deadline.Procedure != procedure.Number || probesOutstanding == 0) return;
        for (; probesOutstanding > 0; probesOutstanding--) run.Recorder.PacketLost();
        Continue(now);
    }

    void OnProbe(DataPacket packet)
    {
        // A probe of an earlier procedure, given up for lost at its deadline, that came after all.
        if (packet.SentAt != now || probesOutstanding == 0) return;
        if (run.Storm is { } storm && procedure.Kind == ProcedureKind.Handover && probesOutstanding == run.Scenario.SessionsPerNode)
            storm.Record(StormStep.DataPathRestored, scheduled, StormClock.Now);
        var shortest = run.Topology.CorrespondentToRouter(packet.Correspondent, router) + run.Topology.Radio;
        // A session that started before this procedure is long-lived: it kept its address across the move.
        var longLived = (uint)packet.Session < (uint)sessions.Sessions.Count && sessions.Sessions[packet.Session].StartedAt < now;
        run.Recorder.Path(new PathRecord(id, packet.Correspondent, packet.PathDelay, packet.PathHops,
            shortest.Delay, shortest.Hops, packet.Tunnels, longLived));
        ProbeDone();
    }

    void ProbeDone()
    {
        if (probesOutstanding > 0 && --probesOutstanding == 0) Continue(now);
    }

    void Continue(ModelTime at)
    {
        // In a storm the generator says when to move next; otherwise the walk goes on by itself.
        if (run.Storm is not null || handoversDone == run.Scenario.HandoversPerNode)
        {
            driver.Tell(new MobilityFinished(id, now));
            return;
        }
        MoveOn(at);
    }

    /// <summary>Back after the last procedure the journal holds, the walk advanced by the moves made (as Start and MoveOn draw them).</summary>
    void OnRestore(NodeResume state)
    {
        driver = Sender;
        walk = new RandomWalk(run.Scenario.Seed, id.Index, run.Scenario.Dwell);
        router = walk.FirstRouter(run.Topology);
        walk.FirstAttach();
        for (int move = 1; move < state.Last.Number; move++)
        {
            walk.Dwell();
            router = walk.NextRouter(run.Topology, router);
        }
        if (router != state.Last.ToRouter)
            throw new InvalidOperationException($"{id}: the journal has it at ar-{state.Last.ToRouter}, its walk at ar-{router}");
        previousRouter = state.Last.FromRouter;
        procedureNumber = handoversDone = state.Last.Number - 1;
        procedure = new ProcedureRef(id, ++procedureNumber, state.Last.Kind);
        startedAt = state.Last.StartedAt;
        now = state.Last.CompletedAt;
        homePrefix = Prefix64.Delegated(state.Last.Anchor, id.Index);
        if (state.Binding is { } binding) locationClient?.Restore(binding);
        sessions.Open(now, homePrefix);
    }

    void OnTrigger(TriggerHandover trigger)
    {
        scheduled = trigger.ScheduledTimestamp;
        MoveOn(now);
    }

    void MoveOn(ModelTime at)
    {
        handoversDone++;
        var linkDown = at + walk.Dwell();
        locationClient?.Refresh(procedureNumber, linkDown, router, Self);
        var currentRouter = routerRef ?? run.Directory.AccessRouters[router];
        // The connection manager's view at link-down: which earlier prefixes lost their last
        // session while the node stayed (released then), and which the move must keep.
        foreach (var unused in sessions.AdvanceTo(linkDown, homePrefix))
            if (run.Practice.Distributed) currentRouter.Tell(new SessionsEnded(id, unused.Prefix, unused.Since));
        IReadOnlyList<PrefixInUse> keep = run.Practice.Distributed ? sessions.NeedingContinuity() : [];
        previousRouter = router;
        router = walk.NextRouter(run.Topology, router);
        startedAt = linkDown;
        procedure = new ProcedureRef(id, ++procedureNumber, ProcedureKind.Handover);
        // Break before make: the old link goes down, the new one comes up after the L2 handover.
        currentRouter.Tell(new LinkDown(procedure, linkDown, id));
        routerRef = null;
        Solicit(linkDown + run.Scenario.L2HandoverDelay, keep);
    }
}
