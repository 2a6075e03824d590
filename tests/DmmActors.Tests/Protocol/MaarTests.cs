using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Metrics;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Protocol;

/// <summary>
/// The access router of the distributed practice (a MAAR, RFC 8885 §3) with probes for its
/// peers: a new prefix from its own anchor, the kept ones fetched from the previous router
/// (HI/HAck, RFC 5949) and re-registered, the RA with the old prefixes deprecated, and the
/// release of a prefix once its last session ends.
/// </summary>
[Collection("actors")]
public class MaarTests : TestKit
{
    static readonly MnIdentifier Mn = new(0);
    const int Previous = 3, Here = 4, OldAnchor = 3;
    static readonly Prefix64 Old = Prefix64.Delegated(OldAnchor, Mn.Index), New = Prefix64.Delegated(Here, Mn.Index);
    static readonly ProcedureRef Handover = new(Mn, 2, ProcedureKind.Handover);

    readonly RunContext run = TestRuns.Context(TestRuns.Scenario("dmm-anchor-relocation", sessions: 2));
    readonly TestProbe mn, previousRouter, oldAnchor, localAnchor;
    readonly IActorRef maar;

    public MaarTests() : base(TestRuns.InMemoryJournal)
    {
        for (int r = 0; r < run.Directory.AccessRouters.Length; r++) run.Directory.AccessRouters[r] = CreateTestProbe($"ar-{r}").Ref;
        for (int a = 0; a < run.Directory.Anchors.Length; a++) run.Directory.Anchors[a] = CreateTestProbe($"anchor-{a}").Ref;
        mn = CreateTestProbe("mn");
        previousRouter = CreateTestProbe("ar-3-probe");
        oldAnchor = CreateTestProbe("anchor-3-probe");
        localAnchor = CreateTestProbe("anchor-4-probe");
        run.Directory.MobileNodes[0] = mn.Ref;
        run.Directory.AccessRouters[Previous] = previousRouter.Ref;
        run.Directory.Anchors[OldAnchor] = oldAnchor.Ref;
        run.Directory.Anchors[Here] = localAnchor.Ref;
        maar = Sys.ActorOf(AccessRouterActor.Props(run, Here), "ar-4");
        run.Directory.AccessRouters[Here] = maar;
    }

    ProxyBindingAcknowledgement Pba(ProxyBindingUpdate pbu, Prefix64 prefix, int anchor) =>
        new ProxyBindingAcknowledgement(pbu.Procedure, pbu.SentAt + ModelTime.FromMilliseconds(2), BindingStatus.Accepted, Mn, prefix,
            pbu.SequenceNumber, pbu.Timestamp, pbu.LifetimeUnits, anchor).Over(run, Endpoint.Anchor(anchor), Endpoint.AccessRouter(Here));

    static readonly Endpoint OnLink = Endpoint.MobileNode(Mn, Here), AtHere = Endpoint.AccessRouter(Here);

    /// <summary>The node arrives from router 3 and asks to keep the prefix one session still uses.</summary>
    RouterAdvertisement HandOver()
    {
        var linkUp = ModelTime.FromSeconds(30);
        maar.Tell(new RouterSolicitation(Handover, linkUp, Mn).Over(run, OnLink, AtHere), mn.Ref);
        // The node's word on the move, after its RS (issue 24, item 1): the HI waits for it.
        previousRouter.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        var shared = new PrefixesInUse(Handover, linkUp, Mn, Previous, [new PrefixInUse(Old, 1)]).Over(run, OnLink, AtHere);
        maar.Tell(shared, mn.Ref);
        maar.Tell(new PrefixesInUse(Handover, linkUp, Mn, Previous, [new PrefixInUse(Old, 1)]).Over(run, OnLink, AtHere), mn.Ref); // a copy sent with a copy of the RS

        var local = localAnchor.ExpectMsg<ProxyBindingUpdate>();
        Assert.True(local.HomeNetworkPrefix.IsNone, "a new prefix from this router's own anchor");
        Assert.Equal(Here, local.ProxyCareOf);
        var hi = previousRouter.ExpectMsg<HandoverInitiate>();
        Assert.Equal((Mn, Here), (hi.MnId, hi.NewAccessRouter));
        Assert.Equal([new PrefixInUse(Old, 1)], hi.KeepPrefixes);
        Assert.Equal(shared.ArrivesAt + run.Scenario.ServiceTime, hi.SentAt);

        maar.Tell(Pba(local, New, Here), localAnchor.Ref);
        mn.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // the old prefix is not re-registered yet
        maar.Tell(new HandoverAcknowledge(Handover, hi.SentAt + ModelTime.FromMilliseconds(2.5), Mn, Previous,
            [new MobilityContext(Old, OldAnchor, 7, ModelTime.FromSeconds(1), ModelTime.FromSeconds(3600), ModelTime.FromSeconds(1), 1)], []).Over(run, Endpoint.AccessRouter(Previous), AtHere),
            previousRouter.Ref);
        var kept = oldAnchor.ExpectMsg<ProxyBindingUpdate>();
        Assert.Equal(Old, kept.HomeNetworkPrefix);
        Assert.Equal((ushort)8, kept.SequenceNumber);
        Assert.Equal(HandoffIndicator.HandoffBetweenMagsSameInterface, kept.HandoffIndicator);
        Assert.Equal(1, kept.Sessions);
        maar.Tell(Pba(kept, Old, OldAnchor), oldAnchor.Ref);
        return mn.ExpectMsg<RouterAdvertisement>();
    }

    [Fact]
    public void The_RA_prefers_the_new_prefix_and_deprecates_the_kept_one()
    {
        var ra = HandOver();
        Assert.Equal(New, ra.Prefix);
        Assert.Equal([Old], ra.Deprecated);
        Assert.Equal(Handover, ra.Procedure);
        // One tunnel, from the old anchor to here; the new prefix is anchored on this router.
        Assert.Equal(1, run.Recorder.Counters[Counter.Tunnels]);
        Assert.Equal(1, run.Recorder.Counters[Counter.TunnelSamples]);
    }

    [Fact]
    public void The_old_prefix_is_released_when_its_last_session_ends_and_not_before()
    {
        HandOver();
        var ended = ModelTime.FromSeconds(75);
        var releasing = new ProcedureRef(Mn, Handover.Number, ProcedureKind.Release);
        maar.Tell(new PrefixRelease(releasing, ended, Mn, New).Over(run, OnLink, AtHere)); // the preferred prefix is never released this way
        localAnchor.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        // The node's notice crosses its radio link before the router acts on it (issue 24, item 2).
        var notice = new PrefixRelease(releasing, ended, Mn, Old).Over(run, OnLink, AtHere);
        Assert.Equal(ended + run.Scenario.RadioDelay, notice.ArrivesAt);
        maar.Tell(notice);
        var release = oldAnchor.ExpectMsg<ProxyBindingUpdate>();
        Assert.True(release.IsDeregistration, "RFC 5213 §5.3.5: lifetime 0 releases the prefix and its tunnel");
        Assert.Equal(Old, release.HomeNetworkPrefix);
        Assert.Equal(notice.ArrivesAt + run.Scenario.ServiceTime, release.SentAt);
        Assert.Equal(ProcedureKind.Release, release.Procedure.Kind);
        Assert.Equal(1, run.Recorder.Counters[Counter.PrefixesReleased]);
    }

    [Fact]
    public void The_previous_router_hands_over_what_is_kept_and_releases_the_rest()
    {
        // This router held the node before: a prefix of its own anchor, and none is kept by the move.
        var attach = new ProcedureRef(Mn, 1, ProcedureKind.Attach);
        maar.Tell(new RouterSolicitation(attach, ModelTime.FromSeconds(1), Mn).Over(run, OnLink, AtHere), mn.Ref);
        var pbu = localAnchor.ExpectMsg<ProxyBindingUpdate>();
        maar.Tell(Pba(pbu, New, Here), localAnchor.Ref);
        mn.ExpectMsg<RouterAdvertisement>();
        var left = ModelTime.FromSeconds(20);
        maar.Tell(new LinkDown(Handover, left, Mn));
        localAnchor.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // kept until the next router asks

        var next = CreateTestProbe("next-router");
        maar.Tell(new HandoverInitiate(Handover, left + ModelTime.FromMilliseconds(25), Mn, 5, []).Over(run, Endpoint.AccessRouter(5), AtHere), next.Ref);
        var release = localAnchor.ExpectMsg<ProxyBindingUpdate>();
        Assert.True(release.IsDeregistration);
        Assert.Equal(left + run.Scenario.ServiceTime, release.SentAt);
        var hack = next.ExpectMsg<HandoverAcknowledge>();
        Assert.Empty(hack.Contexts);
        Assert.Equal(Here, hack.PreviousAccessRouter);
    }

    [Fact]
    public void The_previous_router_holds_what_reaches_it_after_the_node_left_and_forwards_it_when_the_next_router_asks()
    {
        var attach = new ProcedureRef(Mn, 1, ProcedureKind.Attach);
        maar.Tell(new RouterSolicitation(attach, ModelTime.FromSeconds(1), Mn).Over(run, OnLink, AtHere), mn.Ref);
        maar.Tell(Pba(localAnchor.ExpectMsg<ProxyBindingUpdate>(), New, Here), localAnchor.Ref);
        mn.ExpectMsg<RouterAdvertisement>();
        var left = ModelTime.FromSeconds(20);
        maar.Tell(new LinkDown(Handover, left, Mn));
        // The anchor's packet for the node's prefix, sent before the binding moved: it reaches this router after the node left.
        maar.Tell(new DataPacket(0, Mn, New, 0, left, ModelTime.FromMilliseconds(5), 2, 0) { Traffic = DataTraffic.HandoverFlow, Handover = Handover.Number });
        mn.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        // RFC 5949 §4.2 (c)-(e): the next router's HI asks for forwarding; the HAck echoes F and the packet goes through the tunnel.
        var next = CreateTestProbe("next-router");
        run.Directory.AccessRouters[5] = next.Ref;
        var asked = new HandoverInitiate(Handover, left + ModelTime.FromMilliseconds(25), Mn, 5, []) { ForwardingRequested = true }.Over(run, Endpoint.AccessRouter(5), AtHere);
        maar.Tell(asked, next.Ref);
        var received = new List<object> { next.ExpectMsg<object>(), next.ExpectMsg<object>() };
        Assert.True(received.OfType<HandoverAcknowledge>().Single().Forwarding);
        var packet = received.OfType<DataPacket>().Single();
        Assert.Equal((1, 40), (packet.Tunnels, packet.TunnelBytes));
        Assert.Equal(asked.ArrivesAt + run.Scenario.ServiceTime - (left + ModelTime.FromMilliseconds(5)), packet.BufferedFor);
    }

    /// <summary>
    /// This MAAR in a run where messages can be lost (a cluster run), the node arriving from
    /// router 3 and keeping the prefix one session uses; every other router is the previous one's probe.
    /// </summary>
    (RunContext Lossy, IActorRef Router) LossyRouterWithANodeArriving(string name)
    {
        var lossy = TestRuns.Context(TestRuns.Scenario("dmm-anchor-relocation", sessions: 2), signallingTimeout: TimeSpan.FromMilliseconds(300));
        for (int r = 0; r < lossy.Directory.AccessRouters.Length; r++) lossy.Directory.AccessRouters[r] = previousRouter.Ref;
        for (int a = 0; a < lossy.Directory.Anchors.Length; a++) lossy.Directory.Anchors[a] = a == OldAnchor ? oldAnchor.Ref : localAnchor.Ref;
        var router = Sys.ActorOf(AccessRouterActor.Props(lossy, Here), name);
        lossy.Directory.AccessRouters[Here] = router;
        router.Tell(new RouterSolicitation(Handover, ModelTime.FromSeconds(30), Mn).Over(run, OnLink, AtHere), mn.Ref);
        router.Tell(new PrefixesInUse(Handover, ModelTime.FromSeconds(30), Mn, Previous, [new PrefixInUse(Old, 1)]).Over(run, OnLink, AtHere), mn.Ref);
        return (lossy, router);
    }

    [Fact]
    public void An_unanswered_kept_prefix_is_registered_again_with_a_new_sequence_number()
    {
        var (lossy, router) = LossyRouterWithANodeArriving("ar-4-lossy");
        var local = localAnchor.ExpectMsg<ProxyBindingUpdate>();
        var hi = previousRouter.ExpectMsg<HandoverInitiate>();
        router.Tell(Pba(local, New, Here), localAnchor.Ref);
        router.Tell(new HandoverAcknowledge(Handover, hi.SentAt + ModelTime.FromMilliseconds(2.5), Mn, Previous,
            [new MobilityContext(Old, OldAnchor, 7, ModelTime.FromSeconds(1), ModelTime.FromSeconds(3600), ModelTime.FromSeconds(1), 1)], []).Over(run, Endpoint.AccessRouter(Previous), AtHere),
            previousRouter.Ref);
        var kept = oldAnchor.ExpectMsg<ProxyBindingUpdate>();

        // The old anchor's member is gone: no PBA. RFC 5213 §6.9.4: again, 1 s later in model time, next sequence number.
        var again = oldAnchor.ExpectMsg<ProxyBindingUpdate>(TimeSpan.FromSeconds(5));
        Assert.Equal(Old, again.HomeNetworkPrefix);
        Assert.Equal((ushort)(kept.SequenceNumber + 1), again.SequenceNumber);
        Assert.Equal(kept.Timestamp + ModelTime.FromSeconds(1), again.Timestamp);
        mn.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        router.Tell(Pba(again, Old, OldAnchor), oldAnchor.Ref);
        var ra = mn.ExpectMsg<RouterAdvertisement>();
        Assert.Equal([Old], ra.Deprecated);
        Assert.Equal(1, lossy.Recorder.Retransmissions);
    }

    [Fact]
    public void An_HI_the_previous_router_never_answers_is_sent_again_until_its_HAck_comes()
    {
        var (lossy, router) = LossyRouterWithANodeArriving("ar-4-hi");
        var local = localAnchor.ExpectMsg<ProxyBindingUpdate>();
        router.Tell(Pba(local, New, Here), localAnchor.Ref);
        var hi = previousRouter.ExpectMsg<HandoverInitiate>();

        // The previous router went with its member: no HAck. The HI goes again, backed off in model time.
        var again = previousRouter.ExpectMsg<HandoverInitiate>(TimeSpan.FromSeconds(5));
        Assert.Equal((hi.Procedure, hi.KeepPrefixes.Single()), (again.Procedure, again.KeepPrefixes.Single()));
        Assert.Equal(hi.SentAt + ModelTime.FromSeconds(1), again.SentAt);
        mn.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        router.Tell(new HandoverAcknowledge(Handover, again.SentAt + ModelTime.FromMilliseconds(2.5), Mn, Previous,
            [new MobilityContext(Old, OldAnchor, 7, ModelTime.FromSeconds(1), ModelTime.FromSeconds(3600), ModelTime.FromSeconds(1), 1)], []).Over(run, Endpoint.AccessRouter(Previous), AtHere),
            previousRouter.Ref);
        var kept = oldAnchor.ExpectMsg<ProxyBindingUpdate>();
        router.Tell(Pba(kept, Old, OldAnchor), oldAnchor.Ref);
        Assert.Equal([Old], mn.ExpectMsg<RouterAdvertisement>().Deprecated);
        var sent = 2 + previousRouter.ReceiveWhile(TimeSpan.FromMilliseconds(300), m => m as HandoverInitiate).Count;
        previousRouter.ExpectNoMsg(TimeSpan.FromMilliseconds(600));
        Assert.Equal(sent - 1, lossy.Recorder.Counters[Counter.HandoverInitiatesRetransmitted]);
    }
}
