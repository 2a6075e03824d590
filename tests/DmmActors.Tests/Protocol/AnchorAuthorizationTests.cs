using Akka.Actor;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Protocol;

/// <summary>Forged and misdirected registrations reach an anchor; none changes its binding cache.</summary>
[Collection("actors")]
public class AnchorAuthorizationTests() : TestKit(TestRuns.InMemoryJournal)
{
    static ProxyBindingUpdate Pbu(int mn, int proxyCareOf) => TestRuns.AttachPbu(mn, proxyCareOf);

    (RunContext Run, IActorRef Anchor) Setup(string practice, int anchor = 0)
    {
        var run = TestRuns.Context(TestRuns.Scenario(practice, mobileNodes: 40));
        for (int r = 0; r < run.Directory.AccessRouters.Length; r++) run.Directory.AccessRouters[r] = CreateTestProbe($"ar-{r}").Ref;
        for (int m = 0; m < run.Directory.MobileNodes.Length; m++) run.Directory.MobileNodes[m] = CreateTestProbe($"mn-{m}").Ref;
        return (run, Sys.ActorOf(AnchorActor.Props(run, anchor), $"anchor-{anchor}"));
    }

    static int CacheSize(IActorRef anchor) => TestRuns.CacheSize(anchor);

    [Fact]
    public void A_PBU_signed_by_another_MAG_than_the_one_it_names_is_refused_with_154()
    {
        var (run, lma) = Setup("pmipv6");
        var forger = CreateTestProbe("forger");

        // MAG 7 holds a security association of its own with the LMA, and claims MAG 3's proxy care-of address.
        lma.Tell(Pbu(0, proxyCareOf: 3).Over(run, Endpoint.AccessRouter(7), Endpoint.Anchor(0)), forger.Ref);

        Assert.Equal(BindingStatus.MagNotAuthorizedForProxyReg, forger.ExpectMsg<ProxyBindingAcknowledgement>().Status);
        Assert.Equal(0, CacheSize(lma));
        Assert.Equal(1, run.Recorder.UnauthorisedSignalling);
    }

    [Fact]
    public void A_PBU_for_a_node_whose_policy_names_another_LMA_is_refused_with_152()
    {
        var (run, lma) = Setup("pmipv6-multi-lma", anchor: 0);
        var elsewhere = Enumerable.Range(0, 40).First(mn => run.Policy.AnchorOf(new MnIdentifier(mn)) != 0);
        var mag = CreateTestProbe("mag");
        run.Directory.AccessRouters[2] = mag.Ref;

        lma.Tell(Pbu(elsewhere, proxyCareOf: 2).Over(run, Endpoint.AccessRouter(2), Endpoint.Anchor(0)), mag.Ref);

        Assert.Equal(BindingStatus.NotLmaForThisMobileNode, mag.ExpectMsg<ProxyBindingAcknowledgement>().Status);
        Assert.Equal(0, CacheSize(lma));
    }

    [Fact]
    public void The_MAG_it_names_is_served()
    {
        var (run, lma) = Setup("pmipv6");
        var mag = CreateTestProbe("mag");
        run.Directory.AccessRouters[2] = mag.Ref;

        lma.Tell(Pbu(5, proxyCareOf: 2).Over(run, Endpoint.AccessRouter(2), Endpoint.Anchor(0)), mag.Ref);

        Assert.Equal(BindingStatus.Accepted, mag.ExpectMsg<ProxyBindingAcknowledgement>().Status);
        Assert.Equal(1, CacheSize(lma));
        Assert.Equal(0, run.Recorder.UnauthorisedSignalling);
    }

    [Fact]
    public void A_BU_sent_on_behalf_of_another_node_is_silently_discarded()
    {
        var (run, ha) = Setup("mipv6-bt", anchor: HomeAgentOfNodeZero());
        var forger = CreateTestProbe("forger");
        var victim = new MnIdentifier(0);

        // Node 1 signs under its own association with the home agent, for node 0's home address.
        ha.Tell(new BindingUpdate(new ProcedureRef(victim, 1, ProcedureKind.Handover), ModelTime.Zero, victim,
            run.Policy.HomePrefixOf(victim), 1, 900, 4).Over(run, Endpoint.MobileNode(new MnIdentifier(1), 4), Endpoint.Anchor(HomeAgentOfNodeZero())), forger.Ref);

        forger.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(0, CacheSize(ha));
        Assert.Equal(1, run.Recorder.UnauthorisedSignalling);
    }

    static int HomeAgentOfNodeZero()
    {
        var run = TestRuns.Context(TestRuns.Scenario("mipv6-bt", mobileNodes: 40));
        return run.Policy.AnchorOf(new MnIdentifier(0));
    }
}
