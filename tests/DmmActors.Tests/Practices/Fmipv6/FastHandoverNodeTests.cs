using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Practices.Fmipv6;

/// <summary>
/// The node's side of RFC 5568's Figures 2 and 3: a real mobile node, one probe for every access
/// router and one for its home agent. Predictive, it prepares the move from the old link and on
/// the new one sends its UNA and BU with no RS; reactive, it leaves without an FBU and sends it
/// from the new link after its UNA, and its BU once the FBack confirms the NCoA.
/// </summary>
[Collection("actors")]
public class FastHandoverNodeTests() : TestKit(TestRuns.InMemoryJournal)
{
    static readonly MnIdentifier Id = new(0);

    (RunContext Run, IActorRef Node, TestProbe Routers, TestProbe HomeAgent, int First) Attached(string mode)
    {
        var run = TestRuns.Context(TestRuns.Scenario("fmipv6", handovers: 1, extra: $"fast-handover.mode = {mode}"));
        var routers = CreateTestProbe("ar");
        routers.IgnoreMessages(m => m is NeighborSolicitation);
        Array.Fill(run.Directory.AccessRouters, routers.Ref);
        var ha = CreateTestProbe("ha");
        Array.Fill(run.Directory.Anchors, ha.Ref);
        var node = run.Directory.MobileNodes[0] = Sys.ActorOf(MobileNodeActor.Props(run, Id), "mn-0");
        var first = run.Policy.FirstRouters[0];
        node.Tell(StartMobility.Instance, TestActor);
        var rs = routers.ExpectMsg<RouterSolicitation>();
        routers.Reply(new RouterAdvertisement(rs.Procedure, rs.SentAt + ModelTime.FromMilliseconds(5), first, Prefix64.AccessLink(first))
            .Over(run, Endpoint.AccessRouter(first), Endpoint.MobileNode(Id, first)));
        Acknowledge(run, node, ha, ha.ExpectMsg<BindingUpdate>());
        return (run, node, routers, ha, first);
    }

    static void Acknowledge(RunContext run, IActorRef node, TestProbe ha, BindingUpdate bu) =>
        node.Tell(new BindingAcknowledgement(bu.Procedure, bu.ArrivesAt + ModelTime.FromMilliseconds(1), BindingStatus.Accepted, bu.SequenceNumber,
            bu.LifetimeUnits, run.Policy.AnchorOf(Id)) { HomePrefix = bu.HomePrefix }
            .Over(run, Endpoint.Anchor(run.Policy.AnchorOf(Id)), Endpoint.MobileNode(Id, bu.CareOfRouter)), ha.Ref);

    /// <summary>The RtSolPr from the old link, answered with the router behind the AP it names.</summary>
    static RouterSolicitationForProxyAdvertisement Solicited(RunContext run, TestProbe routers, int first)
    {
        var rs = routers.ExpectMsg<RouterSolicitationForProxyAdvertisement>();
        Assert.Equal(first, rs.PreviousAccessRouter);
        Assert.Contains(rs.NewAccessPoint, run.Topology.NeighboursOf(first));
        routers.Reply(new ProxyRouterAdvertisement(rs.Procedure, rs.ArrivesAt + ModelTime.FromMilliseconds(1), Id, first, rs.NewAccessPoint, rs.NewAccessPoint)
            .Over(run, Endpoint.AccessRouter(first), Endpoint.MobileNode(Id, first)));
        return rs;
    }

    [Fact]
    public void Predictive_the_node_prepares_the_move_on_the_old_link_and_registers_from_the_NCoA_with_no_RS()
    {
        var (run, node, routers, ha, first) = Attached("predictive");
        var rs = Solicited(run, routers, first);
        var nar = rs.NewAccessPoint;

        // Figure 2: the FBU from the PCoA, naming the NCoA on the NAR's prefix; the node stays until the FBack.
        var fbu = routers.ExpectMsg<FastBindingUpdate>();
        Assert.False(fbu.FromNewLink);
        Assert.Equal((first, nar), (fbu.PreviousAccessRouter, fbu.NewCareOf));
        routers.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        node.Tell(new FastBindingAcknowledgement(fbu.Procedure, fbu.ArrivesAt + ModelTime.FromMilliseconds(2), FastBindingStatus.Accepted, Id, first, nar,
            fbu.SequenceNumber, fbu.LifetimeUnits).Over(run, Endpoint.AccessRouter(first), Endpoint.MobileNode(Id, first)), routers.Ref);

        var down = routers.ExpectMsg<LinkDown>();
        Assert.Equal(rs.SentAt + DmmActors.Scenarios.FastHandoverSettings.Of(run.Scenario).Anticipation, down.At);
        var una = routers.ExpectMsg<UnsolicitedNeighborAdvertisement>();
        Assert.Equal((nar, down.At + run.Scenario.L2HandoverDelay), (una.NewAccessRouter, una.SentAt));
        var bu = ha.ExpectMsg<BindingUpdate>();
        Assert.Equal(nar, bu.CareOfRouter);
        routers.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // no RS: the NAR confirmed the NCoA
        Acknowledge(run, node, ha, bu);
        ExpectMsg<MobilityFinished>(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Reactive_the_node_leaves_without_an_FBU_sends_it_from_the_new_link_and_registers_once_the_FBack_comes()
    {
        var (run, node, routers, ha, first) = Attached("reactive");
        var nar = Solicited(run, routers, first).NewAccessPoint;

        var down = routers.ExpectMsg<LinkDown>();
        var una = routers.ExpectMsg<UnsolicitedNeighborAdvertisement>();
        // Figure 3: the FBU from the NCoA, by way of the NAR.
        var fbu = routers.ExpectMsg<FastBindingUpdate>();
        Assert.True(fbu.FromNewLink);
        Assert.Equal((first, nar, una.SentAt), (fbu.PreviousAccessRouter, fbu.NewCareOf, fbu.SentAt));
        ha.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // the NCoA is not confirmed yet
        var fback = new FastBindingAcknowledgement(fbu.Procedure, fbu.ArrivesAt + ModelTime.FromMilliseconds(1), FastBindingStatus.Accepted, Id, first, nar,
            fbu.SequenceNumber, fbu.LifetimeUnits) { ToNewCareOf = true }.Over(run, Endpoint.AccessRouter(first), Endpoint.MobileNode(Id, nar));
        node.Tell(fback, routers.Ref);
        var bu = ha.ExpectMsg<BindingUpdate>();
        Assert.Equal((nar, fback.ArrivesAt + run.Scenario.ServiceTime), (bu.CareOfRouter, bu.SentAt));
        Assert.True(down.At < una.SentAt);
        Acknowledge(run, node, ha, bu);
        ExpectMsg<MobilityFinished>(TimeSpan.FromSeconds(5));
    }
}
