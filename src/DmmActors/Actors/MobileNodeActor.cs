using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Metrics;
using DmmActors.Mobility;
using DmmActors.Practices;
using DmmActors.Protocol;
using DmmActors.Run;

namespace DmmActors.Actors;

/// <summary>
/// A mobile node. It walks between access routers and, where the practice places the
/// location client on the host (MIPv6), registers with its home agent itself. Its own
/// procedures never overlap: the next move starts only once the last one, and the probe
/// packets that follow it, are done.
/// </summary>
public sealed class MobileNodeActor : ReceiveActor
{
    readonly RunContext run;
    readonly MnIdentifier id;
    RandomWalk walk;
    IActorRef driver = ActorRefs.Nobody;
    int router = -1, previousRouter = -1;
    int procedureNumber, handoversDone, probesOutstanding;
    ProcedureRef procedure;
    ModelTime startedAt, now;
    Prefix64 homePrefix;
    ushort bindingSequence;
    ModelTime registeredAt, grantedLifetime;
    readonly RefreshBarrier refreshes = new();

    public static Props Props(RunContext run, MnIdentifier id) => Akka.Actor.Props.Create(() => new MobileNodeActor(run, id));

    public MobileNodeActor(RunContext run, MnIdentifier id)
    {
        this.run = run;
        this.id = id;
        walk = new RandomWalk(run.Scenario.Seed, id.Index, run.Scenario.Dwell);

        Receive<StartMobility>(_ => Start());
        Receive<RouterAdvertisement>(OnRouterAdvertisement);
        Receive<BindingAcknowledgement>(OnBindingAcknowledgement);
        Receive<RegistrationRejected>(_ => Continue(now));
        Receive<DataPacket>(OnProbe);
        Receive<ProbeLost>(_ => ProbeDone());
        Receive<ExtendBindings>(extend =>
        {
            Refresh(extend.Until);
            refreshes.Requested(Sender);
        });
    }

    void Start()
    {
        driver = Sender;
        router = walk.FirstRouter(run.Topology);
        startedAt = walk.FirstAttach();
        if (run.Practice.Signalling == Signalling.HostBased) homePrefix = run.Policy.HomePrefixOf(id);
        procedure = new ProcedureRef(id, ++procedureNumber, ProcedureKind.Attach);
        Solicit(startedAt);
    }

    void Solicit(ModelTime linkUp) =>
        run.Send(run.Directory.AccessRouters[router], new RouterSolicitation(procedure, linkUp, id), Self);

    void OnRouterAdvertisement(RouterAdvertisement ra)
    {
        var arrival = ra.SentAt + run.Topology.RadioDelay;
        if (run.Practice.Signalling == Signalling.NetworkBased)
        {
            // RFC 5213 §6.7: the MAG advertises the home network prefix, so the node's
            // address survives the move and it is usable as soon as the RA arrives.
            homePrefix = ra.Prefix;
            Complete(arrival);
            return;
        }
        // RFC 6275 §11.5.1 / §11.7.1: a new prefix means movement; form a care-of address on
        // it and register it with the home agent.
        registeredAt = arrival + run.Scenario.ProcessingDelay;
        SendBindingUpdate(procedure, registeredAt);
    }

    void SendBindingUpdate(ProcedureRef p, ModelTime at) =>
        run.Send(run.Directory.Anchors[run.Policy.AnchorOf(id)],
            new BindingUpdate(p, at, id, homePrefix, ++bindingSequence, Lifetime.ToUnits(run.Scenario.BindingLifetime), router), Self);

    /// <summary>RFC 6275 §11.7.1: the node itself refreshes its home registration before it lapses.</summary>
    void Refresh(ModelTime until)
    {
        if (run.Practice.Signalling != Signalling.HostBased || grantedLifetime == ModelTime.Zero) return;
        foreach (var at in new RefreshSchedule(grantedLifetime, run.Scenario.RefreshRatio).Due(registeredAt, until))
        {
            SendBindingUpdate(new ProcedureRef(id, procedureNumber, ProcedureKind.Refresh), at);
            registeredAt = at;
            refreshes.Sent();
        }
    }

    void OnBindingAcknowledgement(BindingAcknowledgement ba)
    {
        if (ba.Procedure.Kind == ProcedureKind.Refresh)
        {
            if (ba.Status != BindingStatus.Accepted) run.Recorder.RegistrationFailed();
            refreshes.Acknowledged();
            return;
        }
        var arrival = ba.SentAt + run.Topology.AnchorToRouter(ba.HomeAgent, router).Delay + run.Topology.RadioDelay;
        if (ba.Status != BindingStatus.Accepted)
        {
            run.Recorder.RegistrationFailed();
            Continue(arrival);
            return;
        }
        grantedLifetime = Lifetime.FromUnits(ba.LifetimeUnits);
        Complete(arrival);
    }

    void Complete(ModelTime at)
    {
        now = at;
        run.Recorder.Procedure(new ProcedureRecord(id, procedure.Number, procedure.Kind, previousRouter, router,
            run.Policy.AnchorOf(id), startedAt, at));
        probesOutstanding = run.Scenario.SessionsPerNode;
        for (int session = 0; session < probesOutstanding; session++)
            run.Directory.Correspondents[CorrespondentOf(session)].Tell(new SessionProbe(session, id, homePrefix, at));
        if (probesOutstanding == 0) Continue(at);
    }

    void OnProbe(DataPacket packet)
    {
        var shortest = run.Topology.CorrespondentToRouter(packet.Correspondent, router) + run.Topology.Radio;
        run.Recorder.Path(new PathRecord(id, packet.Correspondent, packet.PathDelay, packet.PathHops,
            shortest.Delay, shortest.Hops, packet.Tunnels));
        ProbeDone();
    }

    void ProbeDone()
    {
        if (--probesOutstanding == 0) Continue(now);
    }

    void Continue(ModelTime at)
    {
        if (handoversDone == run.Scenario.HandoversPerNode)
        {
            driver.Tell(new MobilityFinished(id));
            return;
        }
        handoversDone++;
        var linkDown = at + walk.Dwell();
        Refresh(linkDown);
        previousRouter = router;
        router = walk.NextRouter(run.Topology, router);
        startedAt = linkDown;
        procedure = new ProcedureRef(id, ++procedureNumber, ProcedureKind.Handover);
        // Break before make: the old link goes down, the new one comes up after the L2 handover.
        run.Directory.AccessRouters[previousRouter].Tell(new LinkDown(procedure, linkDown, id));
        Solicit(linkDown + run.Scenario.L2HandoverDelay);
    }

    int CorrespondentOf(int session) =>
        (int)(SplitMix64.Mix(run.Scenario.Seed ^ 0x5E55_1011UL, id.Index * 64 + session) % (ulong)run.Topology.Correspondents);
}
