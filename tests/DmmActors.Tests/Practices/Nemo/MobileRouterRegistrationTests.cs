using Akka.Actor;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Practices.Nemo;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Practices.Nemo;

/// <summary>A mobile router's home registration (RFC 3963 §5, §6): the R flag and the Mobile Network Prefix option, and the home agent's answers.</summary>
[Collection("actors")]
public class MobileRouterRegistrationTests() : TestKit(TestRuns.InMemoryJournal)
{
    const int Router = 4, CareOf = 3;

    (RunContext Run, IActorRef HomeAgent, int Index) Setup(string practice, string extra = "")
    {
        var run = TestRuns.Context(TestRuns.Scenario(practice, mobileNodes: 10, extra: extra));
        for (int r = 0; r < run.Directory.AccessRouters.Length; r++) run.Directory.AccessRouters[r] = CreateTestProbe($"ar-{r}").Ref;
        for (int m = 0; m < run.Directory.MobileNodes.Length; m++) run.Directory.MobileNodes[m] = CreateTestProbe($"mn-{m}").Ref;
        var ha = run.Policy.AnchorOf(new MnIdentifier(Router));
        return (run, Sys.ActorOf(AnchorActor.Props(run, ha), $"ha-{ha}"), ha);
    }

    static BindingUpdate Bu(RunContext run, Prefix64 mobileNetworkPrefix)
    {
        var mr = new MnIdentifier(Router);
        return new BindingUpdate(new ProcedureRef(mr, 1, ProcedureKind.Attach), ModelTime.Zero, mr, run.Policy.HomePrefixOf(mr), 1, 900, CareOf)
        {
            MobileNetworkPrefix = mobileNetworkPrefix,
        };
    }

    BindingAcknowledgement Register(RunContext run, IActorRef ha, int index, Prefix64 mobileNetworkPrefix)
    {
        var router = CreateTestProbe();
        ha.Tell(Bu(run, mobileNetworkPrefix).Over(run, Endpoint.MobileNode(new MnIdentifier(Router), CareOf), Endpoint.Anchor(index)), router.Ref);
        return router.ExpectMsg<BindingAcknowledgement>();
    }

    [Fact]
    public void The_router_s_own_prefix_is_accepted_with_the_R_flag_and_the_network_s_packets_go_through_its_tunnel()
    {
        var (run, ha, index) = Setup("nemo", "traffic.flow-rate = 1");
        var prefix = MobileNetworkPrefixes.Of(index, new MnIdentifier(Router));

        var ba = Register(run, ha, index, prefix);
        Assert.Equal((BindingStatus.Accepted, true), (ba.Status, ba.MobileRouter));

        // RFC 3963 §6.2: a packet for an address on the prefix goes down the tunnel to the router's care-of address.
        var onLink = CreateTestProbe("ar-care-of");
        run.Directory.AccessRouters[CareOf] = onLink.Ref;
        ha.Tell(new DataPacket(0, new MnIdentifier(Router), prefix, 0, ModelTime.FromSeconds(1), ModelTime.Zero, 0, 0));
        Assert.Equal(1, onLink.ExpectMsg<DataPacket>().Tunnels);
        // And one from the network, up the router's reverse tunnel from that care-of address, goes on to its correspondent.
        var cn = CreateTestProbe("cn");
        run.Directory.Correspondents[0] = cn.Ref;
        ha.Tell(new DataPacket(0, new MnIdentifier(Router), prefix, 0, ModelTime.FromSeconds(1), ModelTime.Zero, 0, 1)
        {
            Traffic = DataTraffic.Uplink, TunnelledFrom = CareOf,
        });
        Assert.True(cn.ExpectMsg<DataPacket>().Uplink);
    }

    [Fact]
    public void Another_router_s_prefix_is_refused_with_142()
    {
        var (run, ha, index) = Setup("nemo");
        var ba = Register(run, ha, index, MobileNetworkPrefixes.Of(index, new MnIdentifier(Router + 1)));
        Assert.Equal((BindingStatus.NotAuthorizedForPrefix, false), (ba.Status, ba.MobileRouter));
        Assert.Equal(0, TestRuns.CacheSize(ha));
    }

    [Fact]
    public void A_prefix_the_home_agent_never_delegated_to_a_mobile_network_is_refused_with_141()
    {
        var (run, ha, index) = Setup("nemo");
        // A home prefix is no mobile network prefix, and another home agent's pool is not this one's.
        Assert.Equal(BindingStatus.InvalidPrefix, Register(run, ha, index, run.Policy.HomePrefixOf(new MnIdentifier(Router + 1))).Status);
        Assert.Equal(BindingStatus.InvalidPrefix, Register(run, ha, index, MobileNetworkPrefixes.Of(index + 1, new MnIdentifier(Router))).Status);
        Assert.Equal(0, TestRuns.CacheSize(ha));
    }

    [Fact]
    public void A_home_agent_that_serves_no_mobile_routers_refuses_the_R_flag_with_140()
    {
        var (run, ha, index) = Setup("mipv6-bt");
        var ba = Register(run, ha, index, MobileNetworkPrefixes.Of(index, new MnIdentifier(Router)));
        Assert.Equal((BindingStatus.MobileRouterOperationNotPermitted, false), (ba.Status, ba.MobileRouter));
        Assert.Equal(0, TestRuns.CacheSize(ha));
    }
}
