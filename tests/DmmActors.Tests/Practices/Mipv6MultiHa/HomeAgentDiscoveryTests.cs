using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Practices.Mipv6MultiHa;

/// <summary>Dynamic home agent address discovery (RFC 6275 §10.5, §11.4.1), with probes for the router and the home agents.</summary>
[Collection("actors")]
public class HomeAgentDiscoveryTests() : TestKit(TestRuns.InMemoryJournal)
{
    static readonly MnIdentifier Id = new(0);
    const int Router = 4;

    /// <summary>Starts node 0 and answers its RS on its first link, a probe standing in for the router; the node and that link.</summary>
    (Akka.Actor.IActorRef Node, int Link) AttachOnItsFirstLink(RunContext run)
    {
        var router = CreateTestProbe("ar");
        Array.Fill(run.Directory.AccessRouters, router.Ref);
        var mn = run.Directory.MobileNodes[0] = Sys.ActorOf(MobileNodeActor.Props(run, Id), "mn-0");
        var first = run.Policy.FirstRouters[0];
        mn.Tell(StartMobility.Instance, TestActor);
        var rs = router.ExpectMsg<RouterSolicitation>();
        router.Reply(new RouterAdvertisement(rs.Procedure, rs.SentAt + ModelTime.FromMilliseconds(5), first, Prefix64.AccessLink(first))
            .Over(run, Endpoint.AccessRouter(first), Endpoint.MobileNode(Id, first)));
        return (mn, first);
    }

    [Fact]
    public void A_node_asks_the_anycast_address_takes_the_first_home_agent_of_the_reply_and_registers_its_home_address_there()
    {
        var run = TestRuns.Context(TestRuns.Scenario("mipv6-multi-ha", handovers: 0, anchors: 4));
        var homeAgents = Enumerable.Range(0, run.Directory.Anchors.Length).Select(a => CreateTestProbe($"ha-{a}")).ToArray();
        for (int a = 0; a < homeAgents.Length; a++) run.Directory.Anchors[a] = homeAgents[a].Ref;
        var (mn, first) = AttachOnItsFirstLink(run);

        // RFC 2526: the network takes the anycast request to the home agent nearest the node's link.
        var nearest = run.Topology.NearestAnchor(first);
        var request = homeAgents[nearest].ExpectMsg<HomeAgentAddressDiscoveryRequest>();
        Assert.Equal((Id, first), (request.MnId, request.CareOfRouter));
        var other = (nearest + 1) % homeAgents.Length;
        mn.Tell(new HomeAgentAddressDiscoveryReply(request.Procedure, request.SentAt + ModelTime.FromMilliseconds(10), request.Identifier, nearest,
            [other, nearest], first).Over(run, Endpoint.Anchor(nearest), Endpoint.MobileNode(Id, first)), homeAgents[nearest].Ref);

        // §11.4.1: the first of the list, whoever answered; the home address is on its prefix.
        var bu = homeAgents[other].ExpectMsg<BindingUpdate>();
        Assert.Equal(Prefix64.Delegated(other, Id.Index), bu.HomePrefix);
        Assert.True(bu.SentAt >= request.SentAt + ModelTime.FromMilliseconds(10), "the BU leaves once the reply is in");
        homeAgents[nearest].ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_request_no_home_agent_answers_is_sent_again_backed_off_DHAAD_RETRIES_times_then_the_attachment_fails()
    {
        var run = TestRuns.Context(TestRuns.Scenario("mipv6-multi-ha", handovers: 0, anchors: 4), signallingTimeout: TimeSpan.FromMilliseconds(150));
        var silent = CreateTestProbe("silent-home-agents");
        Array.Fill(run.Directory.Anchors, silent.Ref);
        AttachOnItsFirstLink(run);

        var requests = Enumerable.Range(0, 5).Select(_ => silent.ExpectMsg<HomeAgentAddressDiscoveryRequest>(TimeSpan.FromSeconds(5))).ToArray();
        // RFC 6275 §12: INITIAL_DHAAD_TIMEOUT 3 s, doubled each time, DHAAD_RETRIES 4; each with a new identifier.
        var waits = requests.Zip(requests.Skip(1), (a, b) => (b.SentAt - a.SentAt).Microseconds / 1_000_000).ToArray();
        Assert.Equal([3L, 6, 12, 24], waits);
        Assert.Equal(5, requests.Select(r => r.Identifier).Distinct().Count());
        silent.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        ExpectMsg<MobilityFinished>();
        Assert.Equal(1, run.Recorder.FailedRegistrations);
        Assert.Equal(4, run.Recorder.Retransmissions);
    }

    [Fact]
    public void A_home_agent_advertises_itself_on_the_home_link_and_answers_with_itself_first_then_those_it_heard()
    {
        var run = TestRuns.Context(TestRuns.Scenario("mipv6-multi-ha", mobileNodes: 4, handovers: 0, anchors: 4));
        for (int r = 0; r < run.Directory.AccessRouters.Length; r++) run.Directory.AccessRouters[r] = CreateTestProbe($"ar-{r}").Ref;
        var others = Enumerable.Range(0, run.Directory.Anchors.Length).Select(a => CreateTestProbe($"other-ha-{a}")).ToArray();
        for (int a = 0; a < others.Length; a++) run.Directory.Anchors[a] = others[a].Ref;
        const int Ha = 2;
        var ha = Sys.ActorOf(AnchorActor.Props(run, Ha), "ha-2");
        var procedure = new ProcedureRef(Id, 1, ProcedureKind.Attach);
        foreach (var (other, preference) in new[] { (3, (ushort)5), (0, (ushort)0) })
            ha.Tell(new HomeAgentAdvertisement(new ProcedureRef(Id, 0, ProcedureKind.Refresh), ModelTime.Zero, other, preference, 1800)
                .Over(run, Endpoint.Anchor(other), Endpoint.Anchor(Ha)), others[other].Ref);
        var node = CreateTestProbe("mn");

        ha.Tell(new HomeAgentAddressDiscoveryRequest(procedure, ModelTime.FromSeconds(1), Id, 7, Router).Over(run, Endpoint.MobileNode(Id, Router), Endpoint.Anchor(Ha)), node.Ref);
        var reply = node.ExpectMsg<HomeAgentAddressDiscoveryReply>();
        Assert.Equal((7, Ha, Router), (reply.Identifier, reply.Responder, reply.CareOfRouter));
        // Itself, then the Home Agents List by preference (§10.5.1); ha-1 was never heard.
        Assert.Equal([2, 3, 0], reply.HomeAgents);
        // RFC 6275 §7.1, §7.4: its own RA with the H flag and the Home Agent Information option, to each other home agent, once.
        foreach (var other in new[] { 0, 1, 3 })
        {
            var advertisement = others[other].ExpectMsg<HomeAgentAdvertisement>();
            Assert.Equal((Ha, (ushort)0, (ushort)1800), (advertisement.HomeAgent, advertisement.Preference, advertisement.LifetimeSeconds));
        }
        ha.Tell(new HomeAgentAddressDiscoveryRequest(procedure, ModelTime.FromSeconds(2), Id, 8, Router).Over(run, Endpoint.MobileNode(Id, Router), Endpoint.Anchor(Ha)), node.Ref);
        node.ExpectMsg<HomeAgentAddressDiscoveryReply>();
        others[0].ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        BindingStatus Register(Prefix64 home)
        {
            ha.Tell(new BindingUpdate(procedure, ModelTime.FromSeconds(1), Id, home, 1, 900, Router).Over(run, Endpoint.MobileNode(Id, Router), Endpoint.Anchor(Ha)), node.Ref);
            return node.ExpectMsg<BindingAcknowledgement>().Status;
        }
        // No policy names a home agent: one serves a home address on its own pool, and no other (RFC 6275 §10.1, 133).
        Assert.Equal(BindingStatus.NotHomeAgentForThisMobileNode, Register(Prefix64.Delegated(Ha + 1, Id.Index)));
        Assert.Equal(BindingStatus.Accepted, Register(Prefix64.Delegated(Ha, Id.Index)));
    }
}
