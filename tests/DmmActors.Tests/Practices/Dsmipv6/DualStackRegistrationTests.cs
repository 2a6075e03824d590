using Akka.Actor;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Metrics;
using DmmActors.Practices.Dsmipv6;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Practices.Dsmipv6;

/// <summary>
/// Dual-stack MIPv6 registration (RFC 5555 §3, §4.1, §5): the node's BU from an IPv4 care-of
/// address, the home agent's IPv4 home address assignment, NAT detection and the tunnel it picks;
/// probes stand in for the routers, the home agent or the node, the correspondent.
/// </summary>
[Collection("actors")]
public class DualStackRegistrationTests() : TestKit(TestRuns.InMemoryJournal)
{
    static readonly MnIdentifier Id = new(0);
    const int CareOf = 3;

    static RunContext Run(double natShare, int sessions = 0) => TestRuns.Context(TestRuns.Scenario("dsmipv6", mobileNodes: 2, handovers: 0, sessions: sessions,
        extra: $"traffic.ipv4-share = 1, topology.nat-share = {natShare.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));

    [Fact]
    public void A_node_behind_a_NAT_asks_for_an_IPv4_home_address_in_UDP_and_runs_its_sessions_on_the_one_acknowledged()
    {
        var run = Run(natShare: 1, sessions: 1);
        var router = CreateTestProbe("ar");
        Array.Fill(run.Directory.AccessRouters, router.Ref);
        var ha = CreateTestProbe("ha");
        Array.Fill(run.Directory.Anchors, ha.Ref);
        var cn = CreateTestProbe("cn");
        Array.Fill(run.Directory.Correspondents, cn.Ref);
        var mn = run.Directory.MobileNodes[0] = Sys.ActorOf(MobileNodeActor.Props(run, Id), "mn-0");
        var first = run.Policy.FirstRouters[0];
        mn.Tell(StartMobility.Instance, TestActor);
        var rs = router.ExpectMsg<RouterSolicitation>();
        router.Reply(new RouterAdvertisement(rs.Procedure, rs.SentAt + ModelTime.FromMilliseconds(5), first, Prefix64.AccessLink(first))
            .Over(run, Endpoint.AccessRouter(first), Endpoint.MobileNode(Id, first)));

        // §3.1.1: 0.0.0.0 asks the home agent for an address; §4.1: the IPv4 Care-of Address option holds the private address,
        // the outer header as it reaches the home agent the NAT's public address and port.
        var bu = ha.ExpectMsg<BindingUpdate>();
        Assert.Equal(Ipv4Address.Unspecified, bu.Ipv4HomeAddress);
        Assert.Equal(new Ipv4Transport(NodeAddresses.Ipv4PrivateCareOf(Id), NodeAddresses.NatPublic(first), NodeAddresses.NatPort(Id)), bu.Ipv4);
        var home = NodeAddresses.Ipv4Home(Id);
        mn.Tell(new BindingAcknowledgement(bu.Procedure, bu.ArrivesAt + ModelTime.FromMilliseconds(1), BindingStatus.Accepted, bu.SequenceNumber,
            bu.LifetimeUnits, run.Policy.AnchorOf(Id))
        {
            HomePrefix = bu.HomePrefix, Ipv4 = bu.Ipv4, NatRefreshTime = DualStackHomeAgent.Natkatimeout,
            Ipv4HomeAddress = new Ipv4AddressAcknowledgement(Ipv4AddressStatus.Success, home),
        }.Over(run, Endpoint.Anchor(run.Policy.AnchorOf(Id)), Endpoint.MobileNode(Id, first)), ha.Ref);

        // The session's correspondent sends to the IPv4 home address from now on.
        Assert.True(cn.ExpectMsg<SessionProbe>().Ipv4);
        Assert.Equal(1, run.Recorder.Counters[Counter.Ipv4HomeAddressesBound]);
        Assert.Equal(1, run.Recorder.Counters[Counter.NatsDetected]);
    }

    (RunContext Run, IActorRef HomeAgent, int Index, Akka.TestKit.TestProbe Node) HomeAgent(double natShare)
    {
        var run = Run(natShare);
        for (int r = 0; r < run.Directory.AccessRouters.Length; r++) run.Directory.AccessRouters[r] = CreateTestProbe($"ar-{r}").Ref;
        var node = CreateTestProbe("mn-0");
        run.Directory.MobileNodes[0] = node.Ref;
        var index = run.Policy.AnchorOf(Id);
        return (run, Sys.ActorOf(AnchorActor.Props(run, index), $"ha-{index}"), index, node);
    }

    static BindingUpdate Bu(RunContext run, Ipv4Transport from, Ipv4Address? asks) =>
        new(new ProcedureRef(Id, 1, ProcedureKind.Attach), ModelTime.Zero, Id, run.Policy.HomePrefixOf(Id), 1, 900, CareOf) { Ipv4 = from, Ipv4HomeAddress = asks };

    BindingAcknowledgement Register(RunContext run, IActorRef ha, int index, Akka.TestKit.TestProbe node, BindingUpdate bu)
    {
        ha.Tell(bu.Over(run, Endpoint.MobileNode(Id, CareOf), Endpoint.Anchor(index)), node.Ref);
        return node.ExpectMsg<BindingAcknowledgement>();
    }

    /// <summary>A packet for the node's prefix, sent by a correspondent, as the access router of its care-of address gets it from the home agent.</summary>
    DataPacket Downlink(RunContext run, IActorRef ha)
    {
        var onLink = CreateTestProbe("ar-care-of");
        run.Directory.AccessRouters[CareOf] = onLink.Ref;
        ha.Tell(new DataPacket(0, Id, run.Policy.HomePrefixOf(Id), 0, ModelTime.FromSeconds(1), ModelTime.Zero, 0, 0) { Ipv4 = true });
        return onLink.ExpectMsg<DataPacket>();
    }

    [Fact]
    public void Behind_a_NAT_the_home_agent_assigns_the_address_says_it_found_the_NAT_and_tunnels_in_UDP()
    {
        var (run, ha, index, node) = HomeAgent(natShare: 1);
        var from = new Ipv4Transport(NodeAddresses.Ipv4PrivateCareOf(Id), NodeAddresses.NatPublic(CareOf), NodeAddresses.NatPort(Id));
        var ba = Register(run, ha, index, node, Bu(run, from, Ipv4Address.Unspecified));

        Assert.Equal(BindingStatus.Accepted, ba.Status);
        Assert.Equal(new Ipv4AddressAcknowledgement(Ipv4AddressStatus.Success, NodeAddresses.Ipv4Home(Id)), ba.Ipv4HomeAddress);
        // §4.1: the care-of address the option names is not the source the BU came from.
        Assert.Equal(DualStackHomeAgent.Natkatimeout, ba.NatRefreshTime);
        Assert.Equal(from, ba.Ipv4);
        var packet = Downlink(run, ha);
        Assert.Equal((Encapsulation.Ipv4Udp, 28), (packet.Encapsulation, packet.TunnelBytes));
        Assert.Equal(1, run.Recorder.Counters[Counter.UdpEncapsulatedPackets]);
    }

    [Fact]
    public void With_no_NAT_on_the_path_the_BA_has_no_NAT_Detection_and_the_tunnel_is_IPv4_in_IPv4()
    {
        var (run, ha, index, node) = HomeAgent(natShare: 0);
        var careOf = NodeAddresses.Ipv4CareOf(CareOf, Id);
        var ba = Register(run, ha, index, node, Bu(run, new Ipv4Transport(careOf, careOf, NodeAddresses.Dsmipv6Port), NodeAddresses.Ipv4Home(Id)));

        Assert.Equal(new Ipv4AddressAcknowledgement(Ipv4AddressStatus.Success, NodeAddresses.Ipv4Home(Id)), ba.Ipv4HomeAddress);
        Assert.Null(ba.NatRefreshTime);
        var packet = Downlink(run, ha);
        Assert.Equal((Encapsulation.Ipv4, 20), (packet.Encapsulation, packet.TunnelBytes));
    }

    [Fact]
    public void Another_node_s_IPv4_home_address_is_refused_with_130_and_the_IPv6_binding_still_made()
    {
        var (run, ha, index, node) = HomeAgent(natShare: 0);
        var careOf = NodeAddresses.Ipv4CareOf(CareOf, Id);
        var someoneElses = NodeAddresses.Ipv4Home(new MnIdentifier(1));
        var ba = Register(run, ha, index, node, Bu(run, new Ipv4Transport(careOf, careOf, NodeAddresses.Dsmipv6Port), someoneElses));

        Assert.Equal(BindingStatus.Accepted, ba.Status);
        Assert.Equal(new Ipv4AddressAcknowledgement(Ipv4AddressStatus.IncorrectIpv4HomeAddress, someoneElses), ba.Ipv4HomeAddress);
        Assert.Equal(1, TestRuns.CacheSize(ha));
    }

    [Fact]
    public void A_BU_from_an_IPv4_care_of_address_signed_by_another_node_is_discarded()
    {
        var (run, ha, index, node) = HomeAgent(natShare: 1);
        var from = new Ipv4Transport(NodeAddresses.Ipv4PrivateCareOf(Id), NodeAddresses.NatPublic(CareOf), NodeAddresses.NatPort(Id));
        // RFC 5555 §5 keeps RFC 6275 §9.5.1: a BU node 1 signs under its own association, for node 0, is silently discarded, whatever path it took.
        ha.Tell(Bu(run, from, Ipv4Address.Unspecified).Over(run, Endpoint.MobileNode(new MnIdentifier(1), CareOf), Endpoint.Anchor(index)), node.Ref);
        node.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(0, TestRuns.CacheSize(ha));
        Assert.Equal(1, run.Recorder.UnauthorisedSignalling);
    }
}
