using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Practices.Pfmipv6;

/// <summary>
/// Fast handovers for PMIPv6 at the level of RFC 5949's Figures 2 and 3: a real previous and new
/// MAG (access router actors), probes for the node and the LMA. The node's link layer reports
/// the move; predictive, the previous MAG's HI precedes the departure and the new MAG buffers
/// until the node attaches; reactive, the new MAG asks on attachment and the previous MAG
/// forwards what it held. The previous MAG leaves the binding for the new MAG's PBU to move.
/// </summary>
[Collection("actors")]
public class ProxyFastHandoverTests : TestKit
{
    static readonly MnIdentifier Mn = new(0);
    const int Pmag = 4, Nmag = 5;
    static readonly ProcedureRef Attach = new(Mn, 1, ProcedureKind.Attach), Handover = new(Mn, 2, ProcedureKind.Handover);
    static readonly ModelTime LinkDown = ModelTime.FromSeconds(20);
    static readonly Endpoint OnPmag = Endpoint.MobileNode(Mn, Pmag), OnNmag = Endpoint.MobileNode(Mn, Nmag);
    static readonly Endpoint AtPmag = Endpoint.AccessRouter(Pmag), AtNmag = Endpoint.AccessRouter(Nmag);

    RunContext run = null!;
    TestProbe mn = null!, lma = null!;
    IActorRef pmag = null!, nmag = null!;
    int anchor;
    Prefix64 hnp;

    public ProxyFastHandoverTests() : base(TestRuns.InMemoryJournal) { }

    /// <summary>The node attached at the previous MAG, registered with its LMA.</summary>
    void Attached(string mode)
    {
        run = TestRuns.Context(TestRuns.Scenario("pfmipv6", sessions: 1, extra: $"fast-handover.mode = {mode}"));
        for (int r = 0; r < run.Directory.AccessRouters.Length; r++) run.Directory.AccessRouters[r] = CreateTestProbe($"ar-{r}").Ref;
        mn = CreateTestProbe("mn");
        lma = CreateTestProbe("lma");
        Array.Fill(run.Directory.Anchors, lma.Ref);
        run.Directory.MobileNodes[0] = mn.Ref;
        pmag = run.Directory.AccessRouters[Pmag] = Sys.ActorOf(AccessRouterActor.Props(run, Pmag), "pmag");
        nmag = run.Directory.AccessRouters[Nmag] = Sys.ActorOf(AccessRouterActor.Props(run, Nmag), "nmag");
        (anchor, hnp) = (run.Policy.AnchorOf(Mn), run.Policy.HomePrefixOf(Mn));
        pmag.Tell(new RouterSolicitation(Attach, ModelTime.FromSeconds(1), Mn).Over(run, OnPmag, AtPmag), mn.Ref);
        Register(pmag, Pmag, Attach);
        mn.ExpectMsg<RouterAdvertisement>();
    }

    void Register(IActorRef mag, int index, ProcedureRef procedure)
    {
        var pbu = lma.ExpectMsg<ProxyBindingUpdate>();
        Assert.Equal((index, false), (pbu.ProxyCareOf, pbu.IsDeregistration));
        mag.Tell(new ProxyBindingAcknowledgement(procedure, pbu.ArrivesAt + ModelTime.FromMilliseconds(1), BindingStatus.Accepted, Mn, hnp,
            pbu.SequenceNumber, pbu.Timestamp, pbu.LifetimeUnits, anchor).Over(run, Endpoint.Anchor(anchor), Endpoint.AccessRouter(index)), lma.Ref);
    }

    /// <summary>What the LMA still sends the previous MAG for the node at <paramref name="arrives"/>.</summary>
    DataPacket FromLma(ModelTime arrives) =>
        new(0, Mn, hnp, 0, arrives - ModelTime.FromMilliseconds(10), ModelTime.FromMilliseconds(10), 4, 1)
        { Traffic = DataTraffic.HandoverFlow, Handover = Handover.Number, TunnelBytes = 40 };

    [Fact]
    public void Predictive_the_previous_MAG_announces_the_node_and_the_new_MAG_buffers_until_it_attaches()
    {
        Attached("predictive");
        var nmagWatch = CreateTestProbe("nmag-watch");
        pmag.Tell(new HandoverIndication(Handover, LinkDown - ModelTime.FromMilliseconds(100), Mn, Nmag));
        // (c)-(d) between the real MAGs; the LinkDown follows, and no de-registration leaves the previous MAG.
        pmag.Tell(new LinkDown(Handover, LinkDown, Mn));
        lma.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(1, run.Recorder.Counters[DmmActors.Metrics.Counter.FastHandoversPredictive]);

        pmag.Tell(FromLma(LinkDown + ModelTime.FromMilliseconds(10)));
        mn.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // held at the new MAG: the node is not there yet

        // (h)-(i): the node attaches; the new MAG delivers what it held, and registers with the LMA (k).
        var linkUp = LinkDown + run.Scenario.L2HandoverDelay;
        nmag.Tell(new RouterSolicitation(Handover, linkUp, Mn).Over(run, OnNmag, AtNmag), mn.Ref);
        var packet = mn.ExpectMsg<DataPacket>();
        Assert.True(packet.BufferedFor > ModelTime.Zero);
        Assert.Equal((2, 80), (packet.Tunnels, packet.TunnelBytes)); // the LMA's tunnel, then the MAGs'
        Register(nmag, Nmag, Handover);
        mn.ExpectMsg<RouterAdvertisement>();
    }

    [Fact]
    public void Reactive_the_new_MAG_asks_on_attachment_and_the_previous_MAG_forwards_what_it_held()
    {
        Attached("reactive");
        pmag.Tell(new HandoverIndication(Handover, LinkDown - ModelTime.FromMilliseconds(100), Mn, Nmag));
        pmag.Tell(new LinkDown(Handover, LinkDown, Mn));
        pmag.Tell(FromLma(LinkDown + ModelTime.FromMilliseconds(5)));
        mn.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        lma.ExpectNoMsg(TimeSpan.FromMilliseconds(10)); // neither a de-registration nor, reactive, anything before the attachment

        var linkUp = LinkDown + run.Scenario.L2HandoverDelay;
        nmag.Tell(new LinkAssociated(Handover, linkUp, Mn, Pmag), mn.Ref);
        nmag.Tell(new RouterSolicitation(Handover, linkUp, Mn).Over(run, OnNmag, AtNmag), mn.Ref);
        Register(nmag, Nmag, Handover);
        var delivered = new List<object> { mn.ExpectMsg<object>(), mn.ExpectMsg<object>() };
        var packet = delivered.OfType<DataPacket>().Single();
        Assert.Single(delivered.OfType<RouterAdvertisement>());
        Assert.True(packet.BufferedFor >= run.Scenario.L2HandoverDelay - ModelTime.FromMilliseconds(5), "held at the previous MAG until the new one asked");
        Assert.Equal(1, run.Recorder.Counters[DmmActors.Metrics.Counter.FastHandoversReactive]);
    }

    [Fact]
    public void A_predictive_HI_the_previous_MAGs_association_does_not_authenticate_gets_no_HAck()
    {
        Attached("predictive");
        var previous = CreateTestProbe("pmag-probe");
        var hi = new PredictiveHandoverInitiate(Handover, LinkDown, Mn, 0, Nmag, hnp, anchor, true);
        nmag.Tell(hi.Over(run, Endpoint.AccessRouter(1), AtNmag), previous.Ref);
        previous.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(1, run.Recorder.Counters[DmmActors.Metrics.Counter.AuthenticationFailures]);
    }
}
