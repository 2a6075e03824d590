using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Protocol;
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
        mag.Tell(new RouterSolicitation(AttachProcedure, at, Id).Over(run, OnLink, AtMag), mn.Ref);
        return lma.ExpectMsg<ProxyBindingUpdate>();
    }

    void Acknowledge(ProxyBindingUpdate pbu, BindingStatus status, ushort lifetimeUnits) =>
        mag.Tell(new ProxyBindingAcknowledgement(AttachProcedure, pbu.SentAt + ModelTime.FromMilliseconds(10), status, Id,
            status == BindingStatus.Accepted ? Hnp : Prefix64.None, pbu.SequenceNumber, pbu.Timestamp, lifetimeUnits, 0).Over(run, Endpoint.Anchor(0), AtMag), lma.Ref);

    [Fact]
    public void Without_a_signalling_timeout_nothing_is_retransmitted()
    {
        var pbu = Solicit(ModelTime.Zero);
        lma.ExpectNoMsg(TimeSpan.FromSeconds(1));
        Acknowledge(pbu, BindingStatus.Accepted, pbu.LifetimeUnits);
        mn.ExpectMsg<RouterAdvertisement>();
        Assert.Equal(0, run.Recorder.Retransmissions);
    }

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
        Assert.Equal(t0 + run.Scenario.RadioDelay + run.Scenario.ServiceTime, pbu.SentAt);
        // RFC 5213 §8.8: the MAG's clock as the Timestamp option holds it, to 1/65536 s.
        Assert.Equal(TimestampOption.Representable(pbu.SentAt), pbu.Timestamp);
        Assert.InRange((pbu.SentAt - pbu.Timestamp).Microseconds, 0, 15);

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
        Assert.Equal([pbu.SequenceNumber + 1, pbu.SequenceNumber + 2, pbu.SequenceNumber + 3], refreshes.Select(r => (int)r.SequenceNumber));
        Assert.True(lma.ExpectMsg<ProxyBindingUpdate>().IsDeregistration);
    }

    [Fact]
    public void The_PBU_is_signed_for_its_LMA_and_a_PBA_without_the_LMA_s_authentication_is_discarded()
    {
        var pbu = Solicit(ModelTime.FromSeconds(1));
        Assert.True(run.Signalling.Authenticator!.Verifies(pbu, AtMag, Endpoint.Anchor(0)), "RFC 5213 §4: the MAG signs its PBU under its association with the LMA");

        // A PBA that no LMA signed: the node gets no prefix from it, and it is counted.
        mag.Tell(new ProxyBindingAcknowledgement(AttachProcedure, pbu.SentAt + ModelTime.FromMilliseconds(10), BindingStatus.Accepted, Id,
            Hnp, pbu.SequenceNumber, pbu.Timestamp, pbu.LifetimeUnits, 0).Unsigned(run, Endpoint.Anchor(0), AtMag), lma.Ref);
        mn.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(1, run.Recorder.Counters[DmmActors.Metrics.Counter.AuthenticationFailures]);

        // The LMA's own answer is taken.
        Acknowledge(pbu, BindingStatus.Accepted, pbu.LifetimeUnits);
        Assert.Equal(Hnp, mn.ExpectMsg<RouterAdvertisement>().Prefix);
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

    /// <summary>A MAG in a run where messages can be lost (a cluster run), and a probe for its LMA's address.</summary>
    (RunContext Lossy, TestProbe Region, IActorRef Gateway) LossyGateway(string name)
    {
        var lossy = TestRuns.Context(TestRuns.Scenario("pmipv6"), signallingTimeout: TimeSpan.FromMilliseconds(300));
        var region = CreateTestProbe($"lma-region-of-{name}");
        lossy.Directory.Anchors[0] = region.Ref;
        return (lossy, region, Sys.ActorOf(AccessRouterActor.Props(lossy, 4), name));
    }

    [Fact]
    public void An_unanswered_PBU_is_sent_again_with_a_new_sequence_number_and_a_backed_off_timestamp()
    {
        var (lossy, region, gateway) = LossyGateway("ar-4-lossy");

        gateway.Tell(new RouterSolicitation(AttachProcedure, ModelTime.FromSeconds(1), Id).Over(run, OnLink, AtMag), mn.Ref);
        var first = region.ExpectMsg<ProxyBindingUpdate>();
        // RFC 5213 §6.9.4: InitMinDelayBetweenPBUs (1 s) after the first, then twice that.
        var second = region.ExpectMsg<ProxyBindingUpdate>(TimeSpan.FromSeconds(5));
        var third = region.ExpectMsg<ProxyBindingUpdate>(TimeSpan.FromSeconds(5));
        Assert.Equal([first.SequenceNumber + 1, first.SequenceNumber + 2], new[] { second.SequenceNumber, third.SequenceNumber }.Select(n => (int)n));
        Assert.Equal(first.SentAt + ModelTime.FromSeconds(1), second.SentAt);
        Assert.Equal(second.SentAt + ModelTime.FromSeconds(2), third.SentAt);
        Assert.All(new[] { first, second, third }, p => Assert.Equal(TimestampOption.Representable(p.SentAt), p.Timestamp));
        Assert.Equal(first.MnId, third.MnId);
        Assert.Equal(first.Procedure, third.Procedure);

        // The LMA answers from its own reference. A late answer to a superseded PBU is not awaited any more.
        var lmaItself = CreateTestProbe("lma-itself");
        AcknowledgeFrom(gateway, first, lmaItself);
        mn.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        AcknowledgeFrom(gateway, third, lmaItself);
        var ra = mn.ExpectMsg<RouterAdvertisement>();
        Assert.True(ra.SentAt > third.SentAt, "the RA follows the PBA of the retransmission, so the delay counts in the latency");
        Assert.Equal(2, lossy.Recorder.Retransmissions);
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(800));

        // After first contact the MAG talks to the LMA's own reference, not through the directory.
        gateway.Tell(new LinkDown(new ProcedureRef(Id, 2, ProcedureKind.Handover), third.Timestamp + ModelTime.FromSeconds(30), Id));
        Assert.True(lmaItself.ExpectMsg<ProxyBindingUpdate>().IsDeregistration);
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_node_lost_with_its_member_is_restarted_on_this_link_and_registered_again_as_a_node_not_seen_before()
    {
        var lossy = TestRuns.Context(TestRuns.Scenario("pmipv6"), signallingTimeout: TimeSpan.FromMilliseconds(300));
        var lma = CreateTestProbe("lma-of-the-restarted");
        Array.Fill(lossy.Directory.Anchors, lma.Ref);
        var shard = CreateTestProbe("mn-shard"); // the node's address: its shard, wherever that comes back
        lossy.Directory.MobileNodes[Id.Index] = shard.Ref;
        var gateway = Sys.ActorOf(AccessRouterActor.Props(lossy, 4), "ar-4-restarts");
        var doomed = CreateTestProbe("node-on-the-lost-member");
        var member = doomed.Ref.Path.Address.ToString();
        var linkUp = ModelTime.FromSeconds(1);
        gateway.Tell(new RouterSolicitation(AttachProcedure, linkUp, Id).Over(run, OnLink, AtMag), doomed.Ref);
        var pbu = lma.ExpectMsg<ProxyBindingUpdate>();
        // The same RS sent again while the registration is under way starts no second one.
        gateway.Tell(new RouterSolicitation(AttachProcedure, linkUp + ModelTime.FromSeconds(4), Id).Over(run, OnLink, AtMag), doomed.Ref);
        lma.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        AcknowledgeFrom(gateway, pbu, lma);
        doomed.ExpectMsg<RouterAdvertisement>();

        // Asked which nodes of the lost member it knew, the router answers only once it knows the
        // node on its link lost, and offers to restart it here; it does once the driver says so.
        gateway.Tell(new GetDepartures(member));
        ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        Sys.Stop(doomed.Ref);
        var answer = ExpectMsg<Departures>();
        Assert.Empty(answer.Of);
        var offered = Assert.Single(answer.OnLink);
        // From the timestamp of its registration, later than its RS: the LMA took that one (RFC 5213 §5.5).
        Assert.Equal((AttachProcedure, 4, pbu.Timestamp), (offered.Procedure, offered.Router, offered.At));
        shard.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        gateway.Tell(new RestartDecided(offered));
        var restart = shard.ExpectMsg<RestartNode>();
        Assert.Equal(offered, restart);
        // Until the node attaches again the restart goes again: the first may reach the lost member's shard.
        shard.ExpectMsg<RestartNode>(TimeSpan.FromSeconds(2));

        var reborn = CreateTestProbe("node-restarted");
        var reattach = new ProcedureRef(Id, 1, ProcedureKind.Reattach);
        gateway.Tell(new RouterSolicitation(reattach, linkUp, Id).Over(run, OnLink, AtMag), reborn.Ref);
        var again = lma.ExpectMsg<ProxyBindingUpdate>();
        // RFC 5213 §8.4: the MAG has lost what it knew of the node; numbers go on from the old entry's.
        Assert.Equal(HandoffIndicator.HandoffStateUnknown, again.HandoffIndicator);
        Assert.Equal(pbu.SequenceNumber + 1, again.SequenceNumber);
        Assert.True(again.Timestamp >= pbu.Timestamp);
        AcknowledgeFrom(gateway, again, lma);
        Assert.Equal(reattach, reborn.ExpectMsg<RouterAdvertisement>().Procedure);
        shard.ReceiveWhile(TimeSpan.FromMilliseconds(300), m => m as RestartNode);
        shard.ExpectNoMsg(TimeSpan.FromMilliseconds(600));
    }

    /// <summary>
    /// A node's registration goes to an LMA on a member that is gone, and is sent again, each time
    /// later in model time (RFC 5213 §6.9.4); the recovered LMA may take the last of them. Then the
    /// node is lost too: its restart here comes after the latest timestamp sent for it, or the LMA
    /// would refuse its new registration as older than the binding (157, §5.5), and what was being
    /// sent again for the lost node stops.
    /// </summary>
    [Fact]
    public void A_node_lost_while_its_registration_was_sent_again_is_restarted_after_the_latest_timestamp_sent()
    {
        var lossy = TestRuns.Context(TestRuns.Scenario("pmipv6"), signallingTimeout: TimeSpan.FromMilliseconds(300));
        var lma = CreateTestProbe("lma-on-a-lost-member");
        Array.Fill(lossy.Directory.Anchors, lma.Ref);
        lossy.Directory.MobileNodes[Id.Index] = CreateTestProbe("mn-shard-resent").Ref;
        var gateway = Sys.ActorOf(AccessRouterActor.Props(lossy, 4), "ar-4-resent");
        var doomed = CreateTestProbe("node-lost-while-resent");
        var linkUp = ModelTime.FromSeconds(1);
        gateway.Tell(new RouterSolicitation(AttachProcedure, linkUp, Id).Over(run, OnLink, AtMag), doomed.Ref);
        var first = lma.ExpectMsg<ProxyBindingUpdate>();
        var again = lma.ExpectMsg<ProxyBindingUpdate>(TimeSpan.FromSeconds(3));
        var latest = lma.ExpectMsg<ProxyBindingUpdate>(TimeSpan.FromSeconds(3));
        Assert.True(first.Timestamp < again.Timestamp && again.Timestamp < latest.Timestamp);

        Sys.Stop(doomed.Ref);
        gateway.Tell(new GetDepartures(doomed.Ref.Path.Address.ToString()));
        var offered = Assert.Single(ExpectMsg<Departures>().OnLink);
        Assert.True(offered.At >= latest.Timestamp, $"restart at {offered.At}, a registration sent at {latest.Timestamp}");
        lma.ExpectNoMsg(TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public void A_node_the_driver_restarts_on_a_later_link_is_let_go_here_and_not_restarted()
    {
        var lossy = TestRuns.Context(TestRuns.Scenario("pmipv6"), signallingTimeout: TimeSpan.FromMilliseconds(300));
        var lma = CreateTestProbe("lma-of-the-moved-on");
        Array.Fill(lossy.Directory.Anchors, lma.Ref);
        var shard = CreateTestProbe("mn-shard-moved-on");
        lossy.Directory.MobileNodes[Id.Index] = shard.Ref;
        var gateway = Sys.ActorOf(AccessRouterActor.Props(lossy, 4), "ar-4-moved-on");
        var doomed = CreateTestProbe("node-whose-link-down-was-lost");
        var linkUp = ModelTime.FromSeconds(1);
        gateway.Tell(new RouterSolicitation(AttachProcedure, linkUp, Id).Over(run, OnLink, AtMag), doomed.Ref);
        AcknowledgeFrom(gateway, lma.ExpectMsg<ProxyBindingUpdate>(), lma);
        doomed.ExpectMsg<RouterAdvertisement>();

        Sys.Stop(doomed.Ref);
        gateway.Tell(new GetDepartures(doomed.Ref.Path.Address.ToString()));
        Assert.Single(ExpectMsg<Departures>().OnLink);
        // Its next move's RS reached router 9, whose restart the driver chose: this router lets it
        // go as at its link-down there, its de-registration left to the LMA to weigh (RFC 5213 §5.3.5).
        var later = new RestartNode(new ProcedureRef(Id, 2, ProcedureKind.Handover), 9, linkUp + ModelTime.FromSeconds(30), 0);
        gateway.Tell(new RestartDecided(later));
        Assert.True(lma.ExpectMsg<ProxyBindingUpdate>().IsDeregistration);
        shard.ExpectNoMsg(TimeSpan.FromMilliseconds(1500)); // nor sent again on the retransmission tick
    }

    [Fact]
    public void A_router_names_the_last_departure_it_saw_of_each_node_of_a_lost_member_and_of_no_other()
    {
        var lossy = TestRuns.Context(TestRuns.Scenario("pmipv6"), signallingTimeout: TimeSpan.FromMilliseconds(300));
        var lma = CreateTestProbe("lma-of-the-departed");
        Array.Fill(lossy.Directory.Anchors, lma.Ref);
        var gateway = Sys.ActorOf(AccessRouterActor.Props(lossy, 4), "ar-4-departures");
        var node = CreateTestProbe("node-that-leaves");
        gateway.Tell(new RouterSolicitation(AttachProcedure, ModelTime.FromSeconds(1), Id).Over(run, OnLink, AtMag), node.Ref);
        AcknowledgeFrom(gateway, lma.ExpectMsg<ProxyBindingUpdate>(), lma);
        node.ExpectMsg<RouterAdvertisement>();

        var member = node.Ref.Path.Address.ToString();
        gateway.Tell(new GetDepartures(member));
        ExpectNoMsg(TimeSpan.FromMilliseconds(500)); // still on the link and not known lost: the answer waits

        var handover = new ProcedureRef(Id, 2, ProcedureKind.Handover);
        gateway.Tell(new LinkDown(handover, ModelTime.FromSeconds(40), Id), node.Ref);
        Assert.Equal(new NodeDeparture(handover, 4, ModelTime.FromSeconds(40)), ExpectMsg<Departures>().Of.Single());
        gateway.Tell(new GetDepartures(member));
        Assert.Equal(new NodeDeparture(handover, 4, ModelTime.FromSeconds(40)), ExpectMsg<Departures>().Of.Single());
        gateway.Tell(new GetDepartures("akka.tcp://dmm@127.0.0.1:1"));
        Assert.Empty(ExpectMsg<Departures>().Of);
    }

    void AcknowledgeFrom(IActorRef gateway, ProxyBindingUpdate pbu, TestProbe from) =>
        gateway.Tell(new ProxyBindingAcknowledgement(pbu.Procedure, pbu.SentAt + ModelTime.FromMilliseconds(10), BindingStatus.Accepted, Id,
            Hnp, pbu.SequenceNumber, pbu.Timestamp, pbu.LifetimeUnits, 0).Over(run, Endpoint.Anchor(0), AtMag), from.Ref);

    static readonly Endpoint OnLink = Endpoint.MobileNode(Id, 4), AtMag = Endpoint.AccessRouter(4);

    /// <summary>
    /// A node leaves and comes back before the PBA to its de-registration is in; its new
    /// registration goes unanswered and is sent again. The late PBA, refused as older than the
    /// binding the node has since made elsewhere (157), answers the old entry, not the new one:
    /// each entry's numbers start from its procedure's (issue 24; a cluster run counted it a failure).
    /// </summary>
    [Fact]
    public void A_late_answer_to_an_earlier_attachments_de_registration_does_not_pass_for_the_answer_to_the_next()
    {
        var (lossy, region, gateway) = LossyGateway("ar-4-revisited");
        var lmaItself = CreateTestProbe("lma-itself-2");

        gateway.Tell(new RouterSolicitation(AttachProcedure, ModelTime.FromSeconds(1), Id).Over(lossy, OnLink, AtMag), mn.Ref);
        var registration = region.ExpectMsg<ProxyBindingUpdate>();
        AcknowledgeFrom(gateway, registration, lmaItself);
        mn.ExpectMsg<RouterAdvertisement>();
        gateway.Tell(new LinkDown(new ProcedureRef(Id, 2, ProcedureKind.Handover), ModelTime.FromSeconds(20), Id));
        var deregistration = lmaItself.ExpectMsg<ProxyBindingUpdate>();
        Assert.True(deregistration.IsDeregistration);

        var back = new ProcedureRef(Id, 3, ProcedureKind.Handover);
        gateway.Tell(new RouterSolicitation(back, ModelTime.FromSeconds(40), Id).Over(lossy, OnLink, AtMag), mn.Ref);
        var again = region.ExpectMsg<ProxyBindingUpdate>();
        var retransmitted = region.ExpectMsg<ProxyBindingUpdate>(TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(deregistration.SequenceNumber, new[] { again.SequenceNumber, retransmitted.SequenceNumber });

        gateway.Tell(new ProxyBindingAcknowledgement(deregistration.Procedure, deregistration.SentAt + ModelTime.FromMilliseconds(10),
            BindingStatus.TimestampLowerThanPrevAccepted, Id, Hnp, deregistration.SequenceNumber, deregistration.Timestamp, 0, 0)
            .Over(lossy, Endpoint.Anchor(0), AtMag), lmaItself.Ref);
        mn.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        AcknowledgeFrom(gateway, retransmitted, lmaItself);
        Assert.Equal(back, mn.ExpectMsg<RouterAdvertisement>().Procedure);
        Assert.Equal(0, lossy.Recorder.FailedRegistrations);
    }

    [Fact]
    public void A_130_from_an_overloaded_LMA_sends_the_registration_again_after_the_jittered_back_off()
    {
        var first = Solicit(ModelTime.FromSeconds(1));
        Acknowledge(first, BindingStatus.InsufficientResources, first.LifetimeUnits);

        // RFC 5213 §6.9.4: at least InitMinDelayBetweenPBUs (1 s), here below twice it; in wall-clock time too.
        lma.ExpectNoMsg(TimeSpan.FromMilliseconds(900));
        var again = lma.ExpectMsg<ProxyBindingUpdate>(TimeSpan.FromSeconds(2));
        var waited = again.SentAt - first.SentAt;
        Assert.InRange(waited.Seconds, 1.0, 2.0);
        Assert.Equal(TimestampOption.Representable(again.SentAt), again.Timestamp);
        Assert.Equal(first.SequenceNumber + 1, again.SequenceNumber);
        Assert.Equal((first.MnId, first.HomeNetworkPrefix, first.HandoffIndicator), (again.MnId, again.HomeNetworkPrefix, again.HandoffIndicator));
        Assert.True(run.Signalling.Authenticator!.Verifies(again, AtMag, Endpoint.Anchor(0)));

        Acknowledge(again, BindingStatus.Accepted, again.LifetimeUnits);
        mn.ExpectMsg<RouterAdvertisement>();
        Assert.Equal(0, run.Recorder.FailedRegistrations);
        Assert.Equal(1, run.Recorder.Counters[DmmActors.Metrics.Counter.RegistrationsBackedOff]);
        Assert.Equal(1, run.Recorder.Counters[DmmActors.Metrics.Counter.ProceduresDelayedByBackoff]);
    }

    [Fact]
    public void A_refusal_other_than_130_is_not_sent_again()
    {
        var first = Solicit(ModelTime.FromSeconds(1));
        Acknowledge(first, BindingStatus.NotLmaForThisMobileNode, first.LifetimeUnits);

        Assert.IsType<RegistrationRejected>(mn.ExpectMsg<RegistrationRejected>());
        lma.ExpectNoMsg(TimeSpan.FromMilliseconds(1500));
        Assert.Equal(1, run.Recorder.FailedRegistrations);
    }
}
