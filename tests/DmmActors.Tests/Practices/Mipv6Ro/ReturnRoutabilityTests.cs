using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Control;
using DmmActors.Persistence;
using DmmActors.Practices.Mipv6Ro;
using DmmActors.Protocol;
using DmmActors.Run;
using Xunit;

namespace DmmActors.Tests.Practices.Mipv6Ro;

/// <summary>
/// A correspondent of mipv6-ro (RFC 6275 §9) with probes for the node, its home agent and the
/// routers: it answers the tests with tokens, binds only a BU that Kbm authorises, and then
/// sends to the care-of address; and whole runs, against mipv6-bt.
/// </summary>
[Collection("actors")]
public class ReturnRoutabilityTests() : TestKit(TestRuns.InMemoryJournal)
{
    static readonly MnIdentifier Mn = new(0);
    const int Cn = 1, CareOf = 4;

    [Fact]
    public void A_correspondent_binds_only_what_the_tokens_it_sent_authorise_and_then_sends_to_the_care_of_address()
    {
        var run = TestRuns.Context(TestRuns.Scenario("mipv6-ro", handovers: 0));
        var (node, homeAgent, router) = (CreateTestProbe("mn"), CreateTestProbe("ha"), CreateTestProbe("ar"));
        Array.Fill(run.Directory.MobileNodes, node.Ref);
        Array.Fill(run.Directory.Anchors, homeAgent.Ref);
        Array.Fill(run.Directory.AccessRouters, router.Ref);
        var cn = run.Directory.Correspondents[Cn] = Sys.ActorOf(CorrespondentActor.Props(run, Cn), "cn");
        var home = run.Policy.HomePrefixOf(Mn);
        var ha = home.PoolAnchor;
        var procedure = new ProcedureRef(Mn, 2, ProcedureKind.Handover);
        var at = ModelTime.FromSeconds(10);
        var here = Endpoint.MobileNode(Mn, CareOf);

        // The HoT goes to the home address, so to the home agent; the CoT straight to the care-of address.
        cn.Tell(new HomeTestInit(procedure, at, Mn, home, Cn, 11).Over(run, Endpoint.Anchor(ha), Endpoint.Correspondent(Cn)), homeAgent.Ref);
        var hot = homeAgent.ExpectMsg<HomeTest>();
        cn.Tell(new CareOfTestInit(procedure, at, Mn, CareOf, Cn, 12).Over(run, here, Endpoint.Correspondent(Cn)), node.Ref);
        var cot = node.ExpectMsg<CareOfTest>();
        Assert.Equal((11UL, 12UL), (hot.Cookie, cot.Cookie));
        var kcn = ReturnRoutabilityKeys.SecretOf(run.Scenario.Seed, Cn);
        Assert.Equal(ReturnRoutabilityKeys.KeygenToken(kcn, NodeAddresses.OnPrefix(home, Mn), hot.HomeNonceIndex, 0), hot.HomeKeygenToken);
        Assert.NotEqual(hot.HomeKeygenToken, cot.CareOfKeygenToken);

        var careOf = NodeAddresses.CareOf(CareOf, Mn, run.Topology.AccessRouters);
        var cnAddress = NodeAddresses.Infrastructure(NodeKind.Correspondent, Cn);
        CorrespondentBindingUpdate Bu(ushort sequence, byte[] kbm, ushort homeNonce, ushort careOfNonce) => new(procedure, at, Mn, home, CareOf, Cn,
            sequence, 105, homeNonce, careOfNonce, ReturnRoutabilityKeys.Authorize(kbm, careOf, cnAddress, 5, sequence, 105, homeNonce, careOfNonce));
        var kbm = ReturnRoutabilityKeys.BindingKey(hot.HomeKeygenToken, cot.CareOfKeygenToken);

        // §9.5.1: one that Kbm does not authorise (a forger who saw only the CoT) is discarded without an answer.
        cn.Tell(Bu(1, ReturnRoutabilityKeys.BindingKey(0, cot.CareOfKeygenToken), hot.HomeNonceIndex, cot.CareOfNonceIndex).Over(run, here, Endpoint.Correspondent(Cn)), node.Ref);
        node.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(1, run.Recorder.UnauthorisedSignalling);

        cn.Tell(Bu(1, kbm, hot.HomeNonceIndex, cot.CareOfNonceIndex).Over(run, here, Endpoint.Correspondent(Cn)), node.Ref);
        var ba = node.ExpectMsg<CorrespondentBindingAcknowledgement>();
        Assert.Equal(BindingStatus.Accepted, ba.Status);
        Assert.Equal(ReturnRoutabilityKeys.Authorize(kbm, careOf, cnAddress, 6, 1, ba.LifetimeUnits, 0, 0), ba.Authorizer);
        cn.Tell(Bu(1, kbm, hot.HomeNonceIndex, cot.CareOfNonceIndex).Over(run, here, Endpoint.Correspondent(Cn)), node.Ref);
        Assert.Equal(BindingStatus.SequenceNumberOutOfWindow, node.ExpectMsg<CorrespondentBindingAcknowledgement>().Status);

        // Bound: the correspondent's packets go to the care-of address's router, no anchor on the way (§9.3.2).
        cn.Tell(new SessionProbe(0, Mn, home, at + ModelTime.FromSeconds(1)), node.Ref);
        var packet = router.ExpectMsg<DataPacket>();
        Assert.Equal(CareOf, packet.RoutedToCareOf);
        Assert.Equal(run.Topology.CorrespondentToRouter(Cn, CareOf), new PathLength(packet.PathDelay, packet.PathHops));
        Assert.Equal(0, packet.Tunnels);
        homeAgent.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        // Past MAX_RR_BINDING_LIFETIME the binding is gone, and the packet goes to the home prefix's anchor again.
        cn.Tell(new SessionProbe(0, Mn, home, at + ModelTime.FromSeconds(500)), node.Ref);
        Assert.Equal(-1, homeAgent.ExpectMsg<DataPacket>().RoutedToCareOf);
    }

    [Fact]
    public void A_BU_whose_nonce_the_correspondent_has_forgotten_is_refused_with_136()
    {
        var run = TestRuns.Context(TestRuns.Scenario("mipv6-ro", handovers: 0));
        var node = CreateTestProbe("mn");
        Array.Fill(run.Directory.MobileNodes, node.Ref);
        var cn = Sys.ActorOf(CorrespondentActor.Props(run, Cn), "cn");
        var home = run.Policy.HomePrefixOf(Mn);
        var late = ModelTime.FromSeconds(1000);
        var stale = (ushort)(ReturnRoutabilityKeys.NonceIndexAt(late) - 2);
        var fresh = ReturnRoutabilityKeys.NonceIndexAt(late);
        var kcn = ReturnRoutabilityKeys.SecretOf(run.Scenario.Seed, Cn);
        var careOf = NodeAddresses.CareOf(CareOf, Mn, run.Topology.AccessRouters);
        var kbm = ReturnRoutabilityKeys.BindingKey(ReturnRoutabilityKeys.KeygenToken(kcn, NodeAddresses.OnPrefix(home, Mn), stale, 0),
            ReturnRoutabilityKeys.KeygenToken(kcn, careOf, fresh, 1));
        var bu = new CorrespondentBindingUpdate(new ProcedureRef(Mn, 3, ProcedureKind.Handover), late, Mn, home, CareOf, Cn, 1, 105, stale, fresh,
            ReturnRoutabilityKeys.Authorize(kbm, careOf, NodeAddresses.Infrastructure(NodeKind.Correspondent, Cn), 5, 1, 105, stale, fresh));
        cn.Tell(bu.Over(run, Endpoint.MobileNode(Mn, CareOf), Endpoint.Correspondent(Cn)), node.Ref);
        Assert.Equal(BindingStatus.ExpiredHomeNonceIndex, node.ExpectMsg<CorrespondentBindingAcknowledgement>().Status);
    }

    [Fact]
    public async Task A_run_with_route_optimisation_sends_straight_to_the_care_of_address_where_bidirectional_tunnelling_goes_through_the_home_agent()
    {
        var ro = await EmulationRun.ExecuteAsync(TestRuns.Scenario("mipv6-ro", mobileNodes: 12, handovers: 3, sessions: 2), JournalTarget.InMemory(),
            new Progress<DmmActors.Metrics.RunProgress>());
        var bt = await EmulationRun.ExecuteAsync(TestRuns.Scenario("mipv6-bt", mobileNodes: 12, handovers: 3, sessions: 2), JournalTarget.InMemory(),
            new Progress<DmmActors.Metrics.RunProgress>());
        Assert.Equal(36, ro.Handovers);
        Assert.Equal((0, 0), (ro.PacketsLost, ro.UnauthorisedSignalling));
        Assert.Equal(1.0, ro.PathStretchMean, 6);
        Assert.True(bt.PathStretchMean > 1.0, $"mipv6-bt's path stretch is {bt.PathStretchMean}");
        Assert.Equal(0, ro.TunnelsPerNode);
        // RFC 6275 §5.2.5: each move adds HoTI, CoTI, HoT and CoT with each correspondent, and a BU and BA to it.
        foreach (var test in new[] { "HoTI", "CoTI", "HoT", "CoT" }) Assert.True(ro.SignallingPerHandover[test] > 0, test);
        Assert.True(ro.SignallingPerHandoverTotal > bt.SignallingPerHandoverTotal);
        Assert.Equal(0, ro.LostBindings);
    }
}
