using Akka.TestKit;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Practices.Mipv6HaSwitch;

/// <summary>Home agent switch (RFC 5142): a home agent's Home Agent Switch, and a node that takes it up at its next move.</summary>
[Collection("actors")]
public class HomeAgentSwitchTests() : TestKit(TestRuns.InMemoryJournal)
{
    static readonly MnIdentifier Id = new(0);

    (RunContext Run, Akka.Actor.IActorRef HomeAgent) Anchor(int index, string extra = "")
    {
        var run = TestRuns.Context(TestRuns.Scenario("mipv6-ha-switch", mobileNodes: 40, handovers: 0, anchors: 4, extra: extra));
        for (int r = 0; r < run.Directory.AccessRouters.Length; r++) run.Directory.AccessRouters[r] = CreateTestProbe($"ar-{r}").Ref;
        return (run, Sys.ActorOf(AnchorActor.Props(run, index), $"ha-{index}"));
    }

    static int Distance(RunContext run, int router, int anchor) => (int)run.Channel.Path(Endpoint.AccessRouter(router), Endpoint.Anchor(anchor)).Delay.Microseconds;

    BindingUpdate Bu(int mn, int ha, int careOf, int sequence = 1) =>
        new(new ProcedureRef(new MnIdentifier(mn), 2, ProcedureKind.Handover), ModelTime.FromSeconds(1), new MnIdentifier(mn), Prefix64.Delegated(ha, mn),
            (ushort)sequence, 900, careOf);

    [Fact]
    public void A_home_agent_another_is_nearer_the_care_of_address_to_sends_a_switch_after_the_BA_naming_the_others_nearest_first()
    {
        const int Ha = 0;
        var (run, ha) = Anchor(Ha);
        var far = Enumerable.Range(0, run.Topology.AccessRouters).First(r => run.Topology.NearestAnchor(r) != Ha);
        var node = CreateTestProbe("mn");
        run.Directory.MobileNodes[0] = node.Ref;

        ha.Tell(Bu(0, Ha, far).Over(run, Endpoint.MobileNode(Id, far), Endpoint.Anchor(Ha)), node.Ref);
        Assert.Equal(BindingStatus.Accepted, node.ExpectMsg<BindingAcknowledgement>().Status);
        var hs = node.ExpectMsg<HomeAgentSwitch>();
        Assert.Equal((Ha, far, Prefix64.Delegated(Ha, 0)), (hs.HomeAgent, hs.CareOfRouter, hs.HomePrefix));
        Assert.Equal(run.Topology.NearestAnchor(far), hs.HomeAgents[0]);
        Assert.DoesNotContain(Ha, hs.HomeAgents);
        Assert.Equal(hs.HomeAgents.OrderBy(a => Distance(run, far, a)).ThenBy(a => a), hs.HomeAgents);

        // Nearest to its own care-of address and not loaded: no switch.
        var near = Enumerable.Range(0, run.Topology.AccessRouters).First(r => run.Topology.NearestAnchor(r) == Ha);
        run.Directory.MobileNodes[1] = node.Ref;
        ha.Tell(Bu(1, Ha, near).Over(run, Endpoint.MobileNode(new MnIdentifier(1), near), Endpoint.Anchor(Ha)), node.Ref);
        node.ExpectMsg<BindingAcknowledgement>();
        node.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_home_agent_past_its_load_threshold_sends_a_switch_even_to_a_node_it_is_nearest_to()
    {
        const int Ha = 0;
        var (run, ha) = Anchor(Ha, "anchors.switch-load-threshold = 1");
        var near = Enumerable.Range(0, run.Topology.AccessRouters).First(r => run.Topology.NearestAnchor(r) == Ha);
        var node = CreateTestProbe("mn");
        Array.Fill(run.Directory.MobileNodes, node.Ref);

        // It binds one node, then two: only the third registration finds it past the threshold.
        foreach (var mn in new[] { 0, 1 })
        {
            ha.Tell(Bu(mn, Ha, near).Over(run, Endpoint.MobileNode(new MnIdentifier(mn), near), Endpoint.Anchor(Ha)), node.Ref);
            node.ExpectMsg<BindingAcknowledgement>();
            node.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        }
        ha.Tell(Bu(2, Ha, near).Over(run, Endpoint.MobileNode(new MnIdentifier(2), near), Endpoint.Anchor(Ha)), node.Ref);
        node.ExpectMsg<BindingAcknowledgement>();
        Assert.Equal(Ha, node.ExpectMsg<HomeAgentSwitch>().HomeAgent);
    }

    [Fact]
    public void A_node_switched_to_a_home_agent_that_refuses_it_registers_with_the_old_one_again()
    {
        var run = TestRuns.Context(TestRuns.Scenario("mipv6-ha-switch", handovers: 1, anchors: 4, sessions: 0));
        var router = CreateTestProbe("ar");
        router.IgnoreMessages(m => m is not RouterSolicitation);
        var homeAgents = Enumerable.Range(0, run.Directory.Anchors.Length).Select(a => CreateTestProbe($"ha-{a}")).ToArray();
        Array.Fill(run.Directory.AccessRouters, router.Ref);
        for (int a = 0; a < homeAgents.Length; a++) run.Directory.Anchors[a] = homeAgents[a].Ref;
        Array.Fill(run.Directory.Correspondents, CreateTestProbe("cn").Ref);
        var mn = run.Directory.MobileNodes[0] = Sys.ActorOf(MobileNodeActor.Props(run, Id), "mn-0");
        var old = run.Policy.AnchorOf(Id);
        var other = (old + 1) % homeAgents.Length;

        void Advertise()
        {
            var rs = router.ExpectMsg<RouterSolicitation>(TimeSpan.FromSeconds(5));
            var at = rs.SentAt + ModelTime.FromMilliseconds(5);
            router.Reply(new RouterAdvertisement(rs.Procedure, at, 3, Prefix64.AccessLink(3)).Over(run, Endpoint.AccessRouter(3), Endpoint.MobileNode(Id, 3)));
        }
        void Answer(TestProbe ha, BindingUpdate bu, BindingStatus status, int index) =>
            mn.Tell(new BindingAcknowledgement(bu.Procedure, bu.SentAt + ModelTime.FromMilliseconds(10), status, bu.SequenceNumber, bu.LifetimeUnits, index)
                { HomePrefix = bu.HomePrefix }.Over(run, Endpoint.Anchor(index), Endpoint.MobileNode(Id, bu.CareOfRouter)), ha.Ref);

        mn.Tell(StartMobility.Instance, TestActor);
        Advertise();
        var attach = homeAgents[old].ExpectMsg<BindingUpdate>();
        mn.Tell(new HomeAgentSwitch(attach.Procedure, attach.SentAt + ModelTime.FromMilliseconds(11), old, attach.HomePrefix, attach.CareOfRouter, [other])
            .Over(run, Endpoint.Anchor(old), Endpoint.MobileNode(Id, attach.CareOfRouter)), homeAgents[old].Ref);
        Answer(homeAgents[old], attach, BindingStatus.Accepted, old);

        // The next move: no session of its needs its address, so it takes the switch up (RFC 5142 §5.2) with a home address on the new agent's prefix.
        Advertise();
        var switched = homeAgents[other].ExpectMsg<BindingUpdate>(TimeSpan.FromSeconds(5));
        Assert.Equal(Prefix64.Delegated(other, Id.Index), switched.HomePrefix);
        Answer(homeAgents[other], switched, BindingStatus.NotHomeAgentForThisMobileNode, other);
        // Refused there: back to the old home agent, which still binds the old home address.
        var back = homeAgents[old].ExpectMsg<BindingUpdate>();
        Assert.Equal(attach.HomePrefix, back.HomePrefix);
        Assert.True(back.LifetimeUnits > 0);
        Answer(homeAgents[old], back, BindingStatus.Accepted, old);
        ExpectMsg<MobilityFinished>(TimeSpan.FromSeconds(5));
        Assert.Equal(0, run.Recorder.Counters[DmmActors.Metrics.Counter.HomeAgentSwitchesMade]);
    }
}
