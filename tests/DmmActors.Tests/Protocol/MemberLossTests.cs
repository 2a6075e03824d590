using Akka.Actor;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Bootstrap;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Metrics;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Protocol;

/// <summary>
/// A PMIPv6 node of a cluster run (signalling timeout set) with probes for its router: the
/// router's address (its shard, wherever it lives) and the router incarnations that answer.
/// </summary>
[Collection("actors")]
public class MemberLossTests : TestKit
{
    static readonly MnIdentifier Id = new(0);
    readonly RunContext run;
    readonly Akka.TestKit.TestProbe routerAddress;

    public MemberLossTests() : base(TestRuns.InMemoryJournal)
    {
        run = RunBootstrap.NewContext(TestRuns.Scenario("pmipv6", handovers: 0), "test-run", TimeSpan.FromMilliseconds(300), driver: TestActor);
        routerAddress = CreateTestProbe("ar-shard");
        Array.Fill(run.Directory.AccessRouters, routerAddress.Ref);
    }

    IActorRef Node(string name = "mn-0") => run.Directory.MobileNodes[0] = Sys.ActorOf(MobileNodeActor.Props(run, Id), name);

    RouterAdvertisement Answer(RouterSolicitation rs) =>
        new RouterAdvertisement(rs.Procedure, rs.SentAt + ModelTime.FromMilliseconds(5), 0, Prefix64.Delegated(0, Id.Index))
            .Over(run, Endpoint.AccessRouter(0), Endpoint.MobileNode(Id, 0));

    [Fact]
    public void A_node_whose_router_is_lost_with_its_member_solicits_again_where_it_stands()
    {
        var mn = Node();
        mn.Tell(StartMobility.Instance, TestActor);
        var rs = routerAddress.ExpectMsg<RouterSolicitation>();
        var first = CreateTestProbe("ar-incarnation-1");
        mn.Tell(Answer(rs), first.Ref);
        ExpectMsg<MobilityFinished>(); // no handovers: the walk is over at once

        Sys.Stop(first.Ref);
        // RFC 4861 §7.3 / §6.3.7: the router is gone; the node solicits where it stands, its walk unchanged.
        var again = routerAddress.ExpectMsg<RouterSolicitation>();
        Assert.Equal(new ProcedureRef(Id, 1, ProcedureKind.Reattach), again.Procedure);
        // It stands where its first address became usable: probed (RFC 4862 §5.4) after the RA came.
        var usable = rs.SentAt + ModelTime.FromMilliseconds(5) + run.Topology.RadioDelay + run.Channel.ServiceTime + run.Scenario.NeighbourDiscovery.DadWait;
        Assert.Equal(usable, again.SentAt);
        var second = CreateTestProbe("ar-incarnation-2");
        mn.Tell(Answer(again), second.Ref);

        AwaitCondition(() => run.Recorder.Reattachments.Count == 1);
        var reattached = run.Recorder.Reattachments.Single();
        Assert.Equal(ReattachCause.RouterLost, reattached.Cause);
        Assert.True(reattached.Unreachable > TimeSpan.Zero);
        // A re-attach is no procedure of the walk, and the walk does not report twice.
        Assert.Single(run.Recorder.Procedures);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        // The node watches the router it is on now.
        Sys.Stop(second.Ref);
        Assert.Equal(ProcedureKind.Reattach, routerAddress.ExpectMsg<RouterSolicitation>().Procedure.Kind);
    }

    [Fact]
    public void An_unanswered_router_solicitation_is_sent_again_backed_off_as_RFC_7559_says()
    {
        var mn = Node();
        mn.Tell(StartMobility.Instance, TestActor);
        var first = routerAddress.ExpectMsg<RouterSolicitation>();
        var second = routerAddress.ExpectMsg<RouterSolicitation>(TimeSpan.FromSeconds(3));
        var third = routerAddress.ExpectMsg<RouterSolicitation>(TimeSpan.FromSeconds(3));
        Assert.Equal(first.SentAt + ModelTime.FromSeconds(4), second.SentAt);
        Assert.Equal(second.SentAt + ModelTime.FromSeconds(8), third.SentAt);
        Assert.Equal(first.Procedure, third.Procedure);

        // The answer to the first comes late and is taken; the later ones' answers find nothing pending.
        mn.Tell(Answer(first), routerAddress.Ref);
        ExpectMsg<MobilityFinished>();
        mn.Tell(Answer(third), routerAddress.Ref);
        ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        Assert.Equal(ReattachCause.Resolicited, run.Recorder.Reattachments.Single().Cause);
        Assert.True(run.Recorder.Counters[Counter.RouterSolicitationsRetransmitted] >= 2);
    }

    [Fact]
    public void A_new_incarnation_ignores_what_reaches_it_until_its_router_restarts_it_where_its_walk_stood()
    {
        var mn = Node();
        mn.Tell(new ProbeLost(0));
        mn.Tell(Answer(new RouterSolicitation(new ProcedureRef(Id, 3, ProcedureKind.Handover), ModelTime.FromSeconds(9), Id)), routerAddress.Ref);
        routerAddress.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        var at = ModelTime.FromSeconds(12);
        var restart = new RestartNode(new ProcedureRef(Id, 1, ProcedureKind.Attach), run.Policy.FirstRouters[0], at,
            StormClock.Now - TimeSpan.FromSeconds(2).Ticks);
        mn.Tell(restart);
        mn.Tell(restart); // sent again by the router until the node attaches: taken once
        var rs = routerAddress.ExpectMsg<RouterSolicitation>();
        Assert.Equal((new ProcedureRef(Id, 1, ProcedureKind.Reattach), at), (rs.Procedure, rs.SentAt));
        mn.Tell(Answer(rs), routerAddress.Ref);

        // Its walk was over: it reports to the run's driver, which counts each walk once.
        Assert.Equal(Id, ExpectMsg<MobilityFinished>().MobileNode);
        var reattached = run.Recorder.Reattachments.Single();
        Assert.Equal(ReattachCause.NodeRestarted, reattached.Cause);
        Assert.True(reattached.Unreachable >= TimeSpan.FromSeconds(2), reattached.Unreachable.ToString());
        // Restarted, its interface is new: it probes its address (RFC 4862 §5.4) and sends nothing more.
        Assert.Equal(Id, routerAddress.ExpectMsg<NeighborSolicitation>().MnId);
        routerAddress.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_node_lost_between_links_is_restarted_where_its_last_move_took_it_as_that_router_would_restart_it()
    {
        var walking = RunBootstrap.NewContext(TestRuns.Scenario("pmipv6", handovers: 1), "test-run-2", TimeSpan.FromMilliseconds(300), driver: TestActor);
        var walk = new DmmActors.Mobility.RandomWalk(walking.Scenario.Seed, Id.Index, walking.Scenario.Dwell);
        var (first, _) = walk.Start(walking.Topology);
        var (_, next) = walk.Move(walking.Topology, first);
        var destination = CreateTestProbe("ar-where-the-move-went");
        Array.Fill(walking.Directory.AccessRouters, routerAddress.Ref);
        walking.Directory.AccessRouters[next] = destination.Ref;
        RouterAdvertisement AnswerAt(RouterSolicitation rs, int router) =>
            new RouterAdvertisement(rs.Procedure, rs.SentAt + ModelTime.FromMilliseconds(5), router, Prefix64.Delegated(0, Id.Index))
                .Over(walking, Endpoint.AccessRouter(router), Endpoint.MobileNode(Id, router));

        // The walk as it went: attached on its first router, then the move's link-down there and its RS on the next.
        var mn = walking.Directory.MobileNodes[0] = Sys.ActorOf(MobileNodeActor.Props(walking, Id), "mn-0-walking");
        mn.Tell(StartMobility.Instance, TestActor);
        var attach = routerAddress.ExpectMsg<RouterSolicitation>();
        var left = CreateTestProbe("ar-left");
        mn.Tell(AnswerAt(attach, first), left.Ref);
        left.ExpectMsg<NeighborSolicitation>();
        var down = left.ExpectMsg<LinkDown>();
        var moved = destination.ExpectMsg<RouterSolicitation>();
        Sys.Stop(mn);

        // The RS went with the node's member: the router it left says where and when it left.
        var reborn = walking.Directory.MobileNodes[0] = Sys.ActorOf(MobileNodeActor.Props(walking, Id), "mn-0-reborn");
        reborn.Tell(RestartNode.AfterDeparture(new NodeDeparture(down.Procedure, first, down.At), StormClock.Now));
        var again = destination.ExpectMsg<RouterSolicitation>();
        Assert.Equal((new ProcedureRef(Id, moved.Procedure.Number, ProcedureKind.Reattach), moved.SentAt), (again.Procedure, again.SentAt));
        routerAddress.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        reborn.Tell(AnswerAt(again, next), destination.Ref);
        Assert.Equal(Id, ExpectMsg<MobilityFinished>().MobileNode);
        Assert.Equal(ReattachCause.NodeRestarted, walking.Recorder.Reattachments.Single().Cause);
    }
}
