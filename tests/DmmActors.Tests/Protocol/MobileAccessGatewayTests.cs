using Akka.Actor;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Protocol;
using DmmActors.Run;
using Xunit;

namespace DmmActors.Tests.Protocol;

/// <summary>The MAG on its own, with probes for the mobile node and the LMA.</summary>
[Collection("actors")]
public class MobileAccessGatewayTests() : TestKit(TestRuns.InMemoryJournal)
{
    [Fact]
    public void Attach_registers_with_the_LMA_and_advertises_the_HNP_then_detach_deregisters()
    {
        var scenario = TestRuns.Scenario("pmipv6");
        var run = TestRuns.Context(scenario);
        var lma = CreateTestProbe("lma");
        var mn = CreateTestProbe("mn");
        run.Directory.Anchors[0] = lma.Ref;
        run.Directory.MobileNodes[0] = mn.Ref;
        var mag = Sys.ActorOf(AccessRouterActor.Props(run, 4), "ar-4");
        var id = new MnIdentifier(0);
        var attach = new ProcedureRef(id, 1, ProcedureKind.Attach);
        var t0 = ModelTime.FromSeconds(1);

        mag.Tell(new RouterSolicitation(attach, t0, id), mn.Ref);

        var pbu = lma.ExpectMsg<ProxyBindingUpdate>();
        Assert.Equal(id, pbu.MnId);
        Assert.True(pbu.HomeNetworkPrefix.IsNone, "RFC 5213 §6.9.1.1: the first PBU asks the LMA for a prefix");
        Assert.Equal(HandoffIndicator.AttachmentOverNewInterface, pbu.HandoffIndicator);
        Assert.Equal(4, pbu.ProxyCareOf);
        Assert.False(pbu.IsDeregistration);
        Assert.Equal(t0 + scenario.RadioDelay + scenario.ProcessingDelay, pbu.SentAt);
        Assert.Equal(pbu.SentAt, pbu.Timestamp);

        var hnp = Prefix64.Delegated(0, 0);
        mag.Tell(new ProxyBindingAcknowledgement(attach, pbu.SentAt + ModelTime.FromMilliseconds(10), BindingStatus.Accepted,
            id, hnp, pbu.SequenceNumber, pbu.Timestamp, pbu.LifetimeUnits, 0), lma.Ref);

        var ra = mn.ExpectMsg<RouterAdvertisement>();
        Assert.Equal(hnp, ra.Prefix);
        Assert.Equal(attach, ra.Procedure);

        var handover = new ProcedureRef(id, 2, ProcedureKind.Handover);
        mag.Tell(new LinkDown(handover, ModelTime.FromSeconds(30), id));
        var dereg = lma.ExpectMsg<ProxyBindingUpdate>();
        Assert.True(dereg.IsDeregistration);
        Assert.Equal(hnp, dereg.HomeNetworkPrefix);
        Assert.Equal(handover, dereg.Procedure);
        mn.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void The_MAG_refreshes_the_binding_before_it_lapses_for_as_long_as_the_node_stays()
    {
        var run = TestRuns.Context(TestRuns.Scenario("pmipv6"));
        var lma = CreateTestProbe("lma");
        var mn = CreateTestProbe("mn");
        run.Directory.Anchors[0] = lma.Ref;
        var mag = Sys.ActorOf(AccessRouterActor.Props(run, 2), "ar-2");
        var id = new MnIdentifier(0);
        var attach = new ProcedureRef(id, 1, ProcedureKind.Attach);

        mag.Tell(new RouterSolicitation(attach, ModelTime.Zero, id), mn.Ref);
        var pbu = lma.ExpectMsg<ProxyBindingUpdate>();
        var granted = Lifetime.ToUnits(ModelTime.FromSeconds(40));
        mag.Tell(new ProxyBindingAcknowledgement(attach, pbu.SentAt, BindingStatus.Accepted, id, Prefix64.Delegated(0, 0),
            pbu.SequenceNumber, pbu.Timestamp, granted, 0), lma.Ref);
        mn.ExpectMsg<RouterAdvertisement>();

        // The node stays 100 s: with 40 s granted and refresh-ratio 0.8, refreshes go at +32 s, +64 s, +96 s.
        mag.Tell(new LinkDown(new ProcedureRef(id, 2, ProcedureKind.Handover), pbu.Timestamp + ModelTime.FromSeconds(100), id));
        var refreshes = Enumerable.Range(0, 3).Select(_ => lma.ExpectMsg<ProxyBindingUpdate>()).ToArray();
        Assert.All(refreshes, r =>
        {
            Assert.Equal(ProcedureKind.Refresh, r.Procedure.Kind);
            Assert.Equal(HandoffIndicator.HandoffStateNotChanged, r.HandoffIndicator);
            Assert.False(r.IsDeregistration);
        });
        Assert.Equal([32.0, 64.0, 96.0], refreshes.Select(r => Math.Round((r.Timestamp - pbu.Timestamp).Seconds, 3)));
        Assert.Equal([2, 3, 4], refreshes.Select(r => (int)r.SequenceNumber));
        Assert.True(lma.ExpectMsg<ProxyBindingUpdate>().IsDeregistration);
    }

    [Fact]
    public void A_rejected_registration_gives_the_node_no_prefix()
    {
        var run = TestRuns.Context(TestRuns.Scenario("pmipv6"));
        var lma = CreateTestProbe("lma");
        var mn = CreateTestProbe("mn");
        run.Directory.Anchors[0] = lma.Ref;
        var mag = Sys.ActorOf(AccessRouterActor.Props(run, 0), "ar-0");
        var id = new MnIdentifier(0);
        var attach = new ProcedureRef(id, 1, ProcedureKind.Attach);

        mag.Tell(new RouterSolicitation(attach, ModelTime.Zero, id), mn.Ref);
        var pbu = lma.ExpectMsg<ProxyBindingUpdate>();
        mag.Tell(new ProxyBindingAcknowledgement(attach, pbu.SentAt, BindingStatus.NotLmaForThisMobileNode,
            id, Prefix64.None, pbu.SequenceNumber, pbu.Timestamp, pbu.LifetimeUnits, 0), lma.Ref);

        var rejected = mn.ExpectMsg<RegistrationRejected>();
        Assert.Equal(BindingStatus.NotLmaForThisMobileNode, rejected.Status);
        Assert.Equal(1, run.Recorder.FailedRegistrations);
    }
}
