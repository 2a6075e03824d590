using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Protocol;
using DmmActors.Run;
using Xunit;

namespace DmmActors.Tests.Protocol;

/// <summary>The MAG on its own, with probes for the mobile node and the LMA.</summary>
[Collection("actors")]
public class MobileAccessGatewayTests : TestKit
{
    static readonly MnIdentifier Id = new(0);
    static readonly ProcedureRef AttachProcedure = new(Id, 1, ProcedureKind.Attach);
    static readonly Prefix64 Hnp = Prefix64.Delegated(0, 0);

    readonly RunContext run = TestRuns.Context(TestRuns.Scenario("pmipv6"));
    readonly TestProbe lma, mn;
    readonly IActorRef mag;

    public MobileAccessGatewayTests() : base(TestRuns.InMemoryJournal)
    {
        lma = CreateTestProbe("lma");
        mn = CreateTestProbe("mn");
        run.Directory.Anchors[0] = lma.Ref;
        run.Directory.MobileNodes[0] = mn.Ref;
        mag = Sys.ActorOf(AccessRouterActor.Props(run, 4), "ar-4");
    }

    ProxyBindingUpdate Solicit(ModelTime at)
    {
        mag.Tell(new RouterSolicitation(AttachProcedure, at, Id), mn.Ref);
        return lma.ExpectMsg<ProxyBindingUpdate>();
    }

    void Acknowledge(ProxyBindingUpdate pbu, BindingStatus status, ushort lifetimeUnits) =>
        mag.Tell(new ProxyBindingAcknowledgement(AttachProcedure, pbu.SentAt + ModelTime.FromMilliseconds(10), status, Id,
            status == BindingStatus.Accepted ? Hnp : Prefix64.None, pbu.SequenceNumber, pbu.Timestamp, lifetimeUnits, 0), lma.Ref);

    [Fact]
    public void Attach_registers_with_the_LMA_and_advertises_the_HNP_then_detach_deregisters()
    {
        var t0 = ModelTime.FromSeconds(1);
        var pbu = Solicit(t0);

        Assert.Equal(Id, pbu.MnId);
        Assert.True(pbu.HomeNetworkPrefix.IsNone, "RFC 5213 §6.9.1.1: the first PBU asks the LMA for a prefix");
        Assert.Equal(HandoffIndicator.AttachmentOverNewInterface, pbu.HandoffIndicator);
        Assert.Equal(4, pbu.ProxyCareOf);
        Assert.False(pbu.IsDeregistration);
        Assert.Equal(t0 + run.Scenario.RadioDelay + run.Scenario.ProcessingDelay, pbu.SentAt);
        Assert.Equal(pbu.SentAt, pbu.Timestamp);

        Acknowledge(pbu, BindingStatus.Accepted, pbu.LifetimeUnits);
        var ra = mn.ExpectMsg<RouterAdvertisement>();
        Assert.Equal(Hnp, ra.Prefix);
        Assert.Equal(AttachProcedure, ra.Procedure);

        var handover = new ProcedureRef(Id, 2, ProcedureKind.Handover);
        mag.Tell(new LinkDown(handover, pbu.Timestamp + ModelTime.FromSeconds(30), Id));
        var dereg = lma.ExpectMsg<ProxyBindingUpdate>();
        Assert.True(dereg.IsDeregistration);
        Assert.Equal(Hnp, dereg.HomeNetworkPrefix);
        Assert.Equal(handover, dereg.Procedure);
        mn.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void The_MAG_refreshes_the_binding_before_it_lapses_for_as_long_as_the_node_stays()
    {
        var pbu = Solicit(ModelTime.Zero);
        Acknowledge(pbu, BindingStatus.Accepted, Lifetime.ToUnits(ModelTime.FromSeconds(40)));
        mn.ExpectMsg<RouterAdvertisement>();

        // The node stays 100 s: with 40 s granted and refresh-ratio 0.8, refreshes go at +32 s, +64 s, +96 s.
        mag.Tell(new LinkDown(new ProcedureRef(Id, 2, ProcedureKind.Handover), pbu.Timestamp + ModelTime.FromSeconds(100), Id));
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
        var pbu = Solicit(ModelTime.Zero);
        Acknowledge(pbu, BindingStatus.NotLmaForThisMobileNode, pbu.LifetimeUnits);

        var rejected = mn.ExpectMsg<RegistrationRejected>();
        Assert.Equal(BindingStatus.NotLmaForThisMobileNode, rejected.Status);
        Assert.Equal(1, run.Recorder.FailedRegistrations);
    }
}
