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

namespace DmmActors.Tests.Practices.Fmipv6;

/// <summary>
/// Fast handovers for MIPv6 at the access routers, at the level of RFC 5568's figures: a real PAR
/// and NAR (access router actors), a probe for the node. Predictive (Figure 2): RtSolPr/PrRtAdv,
/// FBU, HI/HAck, FBack on both links, the tunnel, buffering at the NAR until UNA. Reactive
/// (Figure 3): the PAR holds from the node's departure until its FBU from the new link. A NAR
/// that refuses the NCoA assigns another; a full buffer loses what comes past it.
/// </summary>
[Collection("actors")]
public class FastHandoverTests : TestKit
{
    static readonly MnIdentifier Mn = new(0);
    const int Par = 4, Nar = 5, Elsewhere = 0;
    static readonly ProcedureRef Attach = new(Mn, 1, ProcedureKind.Attach), Handover = new(Mn, 2, ProcedureKind.Handover);
    static readonly ModelTime LinkDown = ModelTime.FromSeconds(20);

    readonly RunContext run;
    readonly TestProbe mn;
    readonly IActorRef par, nar;

    public FastHandoverTests() : this(bufferPackets: 64) { }

    FastHandoverTests(int bufferPackets) : base(TestRuns.InMemoryJournal)
    {
        run = TestRuns.Context(TestRuns.Scenario("fmipv6", sessions: 1, extra: $"fast-handover.buffer-packets = {bufferPackets}"));
        for (int r = 0; r < run.Directory.AccessRouters.Length; r++) run.Directory.AccessRouters[r] = CreateTestProbe($"ar-{r}").Ref;
        mn = CreateTestProbe("mn");
        run.Directory.MobileNodes[0] = mn.Ref;
        par = run.Directory.AccessRouters[Par] = Sys.ActorOf(AccessRouterActor.Props(run, Par), $"ar-{Par}-real");
        nar = run.Directory.AccessRouters[Nar] = Sys.ActorOf(AccessRouterActor.Props(run, Nar), $"ar-{Nar}-real");
        // The node is on the PAR's link.
        par.Tell(new RouterSolicitation(Attach, ModelTime.FromSeconds(1), Mn).Over(run, OnPar, AtPar), mn.Ref);
        mn.ExpectMsg<RouterAdvertisement>();
    }

    static readonly Endpoint OnPar = Endpoint.MobileNode(Mn, Par), OnNar = Endpoint.MobileNode(Mn, Nar);
    static readonly Endpoint AtPar = Endpoint.AccessRouter(Par), AtNar = Endpoint.AccessRouter(Nar);

    /// <summary>A correspondent's packet for the node's PCoA, as the home agent's tunnel brings it to the PAR at <paramref name="arrives"/>.</summary>
    static DataPacket ToPreviousCareOf(ModelTime arrives, int session = 0) =>
        new(session, Mn, Prefix64.AccessLink(Par), 0, arrives - ModelTime.FromMilliseconds(10), ModelTime.FromMilliseconds(10), 4, 1)
        { Traffic = DataTraffic.HandoverFlow, Handover = Handover.Number };

    /// <summary>Figure 2 up to the FBack on the old link; the tunnel is up from the HAck on.</summary>
    FastBindingAcknowledgement Predictive()
    {
        par.Tell(new RouterSolicitationForProxyAdvertisement(Handover, LinkDown - ModelTime.FromMilliseconds(100), Mn, Par, Nar).Over(run, OnPar, AtPar), mn.Ref);
        var advertisement = mn.ExpectMsg<ProxyRouterAdvertisement>();
        Assert.Equal((Par, Nar, (byte)0), (advertisement.PreviousAccessRouter, advertisement.NewAccessRouter, advertisement.Code));

        par.Tell(new FastBindingUpdate(Handover, advertisement.ArrivesAt, Mn, Par, Nar, 1, 2).Over(run, OnPar, AtPar), mn.Ref);
        var fback = mn.ExpectMsg<FastBindingAcknowledgement>();
        Assert.False(fback.ToNewCareOf);
        Assert.Equal((FastBindingStatus.Accepted, Nar), (fback.Status, fback.NewCareOf));
        Assert.True(fback.ArrivesAt < LinkDown, "the HI/HAck round trip fits in the anticipation");
        Assert.Equal(1, run.Recorder.Counters[Counter.FastHandoversPredictive]);
        return fback;
    }

    [Fact]
    public void Predictive_the_NAR_buffers_what_the_PAR_tunnels_until_the_UNA_and_delivers_the_FBack_on_the_new_link()
    {
        Predictive();
        par.Tell(new LinkDown(Handover, LinkDown, Mn));
        var late = LinkDown + ModelTime.FromMilliseconds(10);
        par.Tell(ToPreviousCareOf(late));
        mn.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // held at the NAR: the node has not arrived

        var linkUp = LinkDown + run.Scenario.L2HandoverDelay;
        nar.Tell(new UnsolicitedNeighborAdvertisement(Handover, linkUp, Mn, Nar).Over(run, OnNar, AtNar), mn.Ref);
        var delivered = new List<object> { mn.ExpectMsg<object>(), mn.ExpectMsg<object>() };
        var packet = delivered.OfType<DataPacket>().Single();
        var copy = delivered.OfType<FastBindingAcknowledgement>().Single();
        Assert.True(copy.ToNewCareOf);
        // Through the tunnel (one more tunnel, its IPv6 header), and held until the UNA reached the NAR.
        Assert.Equal((2, 40), (packet.Tunnels, packet.TunnelBytes));
        var una = linkUp + run.Topology.RadioDelay;
        Assert.True(packet.BufferedFor > ModelTime.Zero, "held at the NAR");
        Assert.True(packet.ArrivesAt > una, "reaches the node after its UNA reached the NAR");
    }

    [Fact]
    public void Reactive_the_PAR_holds_from_the_departure_until_the_FBU_from_the_new_link_then_tunnels()
    {
        par.Tell(new LinkDown(Handover, LinkDown, Mn));
        par.Tell(ToPreviousCareOf(LinkDown + ModelTime.FromMilliseconds(5)));
        mn.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        var linkUp = LinkDown + run.Scenario.L2HandoverDelay;
        nar.Tell(new UnsolicitedNeighborAdvertisement(Handover, linkUp, Mn, Nar).Over(run, OnNar, AtNar), mn.Ref);
        // Figure 3: the FBU from the NCoA goes to the PAR by way of the NAR.
        par.Tell(new FastBindingUpdate(Handover, linkUp, Mn, Par, Nar, 1, 2) { FromNewLink = true }.Over(run, OnNar, AtPar), mn.Ref);
        var delivered = new List<object> { mn.ExpectMsg<object>(), mn.ExpectMsg<object>() };
        var packet = delivered.OfType<DataPacket>().Single();
        var fback = delivered.OfType<FastBindingAcknowledgement>().Single();
        Assert.True(fback.ToNewCareOf);
        Assert.Equal(FastBindingStatus.Accepted, fback.Status);
        Assert.True(packet.BufferedFor >= run.Scenario.L2HandoverDelay - ModelTime.FromMilliseconds(5), "held at the PAR until the FBU came");
        Assert.Equal(1, run.Recorder.Counters[Counter.FastHandoversReactive]);
    }

    [Fact]
    public void A_NAR_refuses_an_NCoA_not_on_its_prefix_and_gives_one_that_is()
    {
        var previous = CreateTestProbe("par-probe");
        var hi = new FastHandoverInitiate(Handover, LinkDown, Mn, Elsewhere, Nar, FastHandoverInitiateCode.FromPreviousCareOf, true, NewCareOf: Elsewhere);
        nar.Tell(hi.Over(run, Endpoint.AccessRouter(Elsewhere), AtNar), previous.Ref);
        var hack = previous.ExpectMsg<FastHandoverAcknowledge>();
        // RFC 5568 §6.2.1.2: code 1 (NCoA not valid), with the address the NAR gives the node on its own prefix.
        Assert.Equal((HandoverAcknowledgeCode.AcceptedNewCareOfNotValid, Nar), (hack.Code, hack.NewCareOf));
    }

    [Fact]
    public void A_HI_the_PARs_association_does_not_authenticate_gets_no_HAck()
    {
        var previous = CreateTestProbe("par-probe");
        var hi = new FastHandoverInitiate(Handover, LinkDown, Mn, Elsewhere, Nar, FastHandoverInitiateCode.FromPreviousCareOf, true, Nar);
        // Signed by router 1, claiming router 0.
        nar.Tell(hi.Over(run, Endpoint.AccessRouter(1), AtNar), previous.Ref);
        previous.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(1, run.Recorder.Counters[Counter.AuthenticationFailures]);
    }
}

/// <summary>A NAR whose buffer holds two packets per node: the third and later are lost, and the node is told.</summary>
[Collection("actors")]
public class FastHandoverBufferTests : TestKit
{
    static readonly MnIdentifier Mn = new(0);
    const int Par = 4, Nar = 5;
    static readonly ProcedureRef Attach = new(Mn, 1, ProcedureKind.Attach), Handover = new(Mn, 2, ProcedureKind.Handover);
    static readonly ModelTime LinkDown = ModelTime.FromSeconds(20);

    public FastHandoverBufferTests() : base(TestRuns.InMemoryJournal) { }

    [Fact]
    public void A_buffer_that_overflows_loses_the_packets_past_its_size()
    {
        var run = TestRuns.Context(TestRuns.Scenario("fmipv6", sessions: 1, extra: "fast-handover.buffer-packets = 2"));
        for (int r = 0; r < run.Directory.AccessRouters.Length; r++) run.Directory.AccessRouters[r] = CreateTestProbe($"ar-{r}").Ref;
        var mn = CreateTestProbe("mn");
        run.Directory.MobileNodes[0] = mn.Ref;
        var par = run.Directory.AccessRouters[Par] = Sys.ActorOf(AccessRouterActor.Props(run, Par), "par");
        var nar = run.Directory.AccessRouters[Nar] = Sys.ActorOf(AccessRouterActor.Props(run, Nar), "nar");
        Endpoint onPar = Endpoint.MobileNode(Mn, Par), onNar = Endpoint.MobileNode(Mn, Nar), atPar = Endpoint.AccessRouter(Par), atNar = Endpoint.AccessRouter(Nar);
        par.Tell(new RouterSolicitation(Attach, ModelTime.FromSeconds(1), Mn).Over(run, onPar, atPar), mn.Ref);
        mn.ExpectMsg<RouterAdvertisement>();
        par.Tell(new FastBindingUpdate(Handover, LinkDown - ModelTime.FromMilliseconds(80), Mn, Par, Nar, 1, 2).Over(run, onPar, atPar), mn.Ref);
        mn.ExpectMsg<FastBindingAcknowledgement>();
        par.Tell(new LinkDown(Handover, LinkDown, Mn));
        for (int k = 1; k <= 5; k++)
            par.Tell(new DataPacket(0, Mn, Prefix64.AccessLink(Par), 0, LinkDown, ModelTime.FromMilliseconds(k), 4, 1)
                { Traffic = DataTraffic.HandoverFlow, Handover = Handover.Number });
        // The NAR holds them until it knows when the node arrived: only then is it known which came before, and past the buffer's size.
        mn.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        nar.Tell(new UnsolicitedNeighborAdvertisement(Handover, LinkDown + run.Scenario.L2HandoverDelay, Mn, Nar).Over(run, onNar, atNar), mn.Ref);
        var delivered = mn.ReceiveN(6);
        Assert.Equal(2, delivered.OfType<DataPacket>().Count(p => p.BufferedFor > ModelTime.Zero));
        var lost = delivered.OfType<ProbeLost>().ToArray();
        Assert.Equal(3, lost.Length);
        Assert.All(lost, l => Assert.Equal((DataTraffic.HandoverFlow, Handover.Number), (l.Traffic, l.Handover)));
        Assert.Single(delivered.OfType<FastBindingAcknowledgement>());
        Assert.Equal(2, run.Recorder.HandoverBufferHighWater);
    }
}
