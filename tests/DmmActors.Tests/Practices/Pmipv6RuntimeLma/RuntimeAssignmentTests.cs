using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Metrics;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Practices.Pmipv6RuntimeLma;

/// <summary>
/// Runtime LMA assignment at the level of RFC 6463 §5.3.2 (the proxy-MAG mode): a real MAG and a
/// real first-contacted LMA (rfLMA); probes for the node and the LMAs it may assign. The MAG's PBU
/// offers Redirect-Capability; the rfLMA relays it from its own address with the MAG's Proxy-CoA
/// in the Alternate Care-of Address option; the assigned LMA's PBA comes back with its load, and
/// the MAG gets a PBA with the Redirect option, after which it sends everything to the r2LMA.
/// </summary>
[Collection("actors")]
public class RuntimeAssignmentTests : TestKit
{
    static readonly MnIdentifier Mn = new(0);
    static readonly ProcedureRef Attach = new(Mn, 1, ProcedureKind.Attach), Handover = new(Mn, 2, ProcedureKind.Handover);
    /// <summary>Node 0's first LMA by lookup (its identifier over the LMAs).</summary>
    const int RfLma = 0;

    RunContext run = null!;
    TestProbe mn = null!;
    TestProbe[] lmas = null!;
    IActorRef rfLma = null!;

    public RuntimeAssignmentTests() : base(TestRuns.InMemoryJournal) { }

    void Domain(string assignment)
    {
        run = TestRuns.Context(TestRuns.Scenario("pmipv6-runtime-lma", mobileNodes: 4, anchors: 3, extra: $"anchors.assignment = {assignment}"));
        for (int r = 0; r < run.Directory.AccessRouters.Length; r++) run.Directory.AccessRouters[r] = CreateTestProbe($"ar-{r}").Ref;
        mn = CreateTestProbe("mn");
        run.Directory.MobileNodes[0] = mn.Ref;
        lmas = Enumerable.Range(0, 3).Select(a => CreateTestProbe($"lma-{a}")).ToArray();
        for (int a = 0; a < 3; a++) run.Directory.Anchors[a] = lmas[a].Ref;
        rfLma = run.Directory.Anchors[RfLma] = Sys.ActorOf(AnchorActor.Props(run, RfLma), "rflma");
    }

    /// <summary>A MAG whose nearest LMA is not the rfLMA, so that assignment by distance redirects.</summary>
    int MagAwayFromTheRfLma() => Enumerable.Range(0, run.Topology.AccessRouters).First(m => run.Topology.NearestAnchor(m) != RfLma);

    IActorRef Mag(int index) => run.Directory.AccessRouters[index] = Sys.ActorOf(AccessRouterActor.Props(run, index), $"mag-{index}");

    /// <summary>The rfLMA's relayed PBU at LMA <paramref name="target"/>, checked as §5.3.2 has it.</summary>
    ProxyBindingUpdate Relayed(int target, int mag)
    {
        var relayed = lmas[target].ExpectMsg<ProxyBindingUpdate>();
        Assert.Equal((RfLma, mag, true, true), (relayed.RelayedBy, relayed.ProxyCareOf, relayed.RedirectCapability, relayed.HomeNetworkPrefix.IsNone));
        // Protected under the two LMAs' own association (§3), not the MAG's.
        Assert.True(run.Signalling.Authentic(relayed, Endpoint.Anchor(RfLma), Endpoint.Anchor(target)));
        return relayed;
    }

    void Answer(int from, ProxyBindingUpdate relayed, BindingStatus status, int load) =>
        rfLma.Tell(new ProxyBindingAcknowledgement(relayed.Procedure, relayed.ArrivesAt + ModelTime.FromMilliseconds(1), status, Mn,
            status == BindingStatus.Accepted ? Prefix64.Delegated(from, Mn.Index) : Prefix64.None, relayed.SequenceNumber, relayed.Timestamp,
            relayed.LifetimeUnits, from) { Load = load, HandoffIndicator = relayed.HandoffIndicator, AccessTechnologyType = relayed.AccessTechnologyType }
            .Over(run, Endpoint.Anchor(from), Endpoint.Anchor(RfLma)), lmas[from].Ref);

    [Fact]
    public void The_rfLMA_relays_the_new_session_and_redirects_the_MAG_which_then_sends_everything_to_the_assigned_LMA()
    {
        Domain("distance");
        var m = MagAwayFromTheRfLma();
        var target = run.Topology.NearestAnchor(m);
        var mag = Mag(m);
        var rs = new RouterSolicitation(Attach, ModelTime.FromSeconds(1), Mn).Over(run, Endpoint.MobileNode(Mn, m), Endpoint.AccessRouter(m));
        mag.Tell(rs, mn.Ref);

        var relayed = Relayed(target, m);
        // RFC 6097 by lookup: the PBU left the MAG the discovery delay after the RS.
        Assert.True(relayed.Timestamp >= rs.ArrivesAt + ModelTime.FromMilliseconds(20));
        Answer(target, relayed, BindingStatus.Accepted, load: 7);

        var ra = mn.ExpectMsg<RouterAdvertisement>();
        Assert.Equal(Prefix64.Delegated(target, Mn.Index), ra.Prefix);
        Assert.Equal(1, run.Recorder.Counters[Counter.RuntimeAssignments]);

        // §5.2: the refresh and the de-registration at the node's departure go to the r2LMA, not the rfLMA.
        mag.Tell(new LinkDown(Handover, ModelTime.FromSeconds(30), Mn));
        var dereg = lmas[target].FishForMessage<ProxyBindingUpdate>(p => p.IsDeregistration);
        Assert.Equal((m, -1, Prefix64.Delegated(target, Mn.Index)), (dereg.ProxyCareOf, dereg.RelayedBy, dereg.HomeNetworkPrefix));
    }

    [Fact]
    public void An_assigned_LMA_that_refuses_sends_the_rfLMA_to_the_next_and_the_MAG_to_the_one_that_accepts()
    {
        Domain("distance");
        var m = MagAwayFromTheRfLma();
        var first = run.Topology.NearestAnchor(m);
        var mag = Mag(m);
        mag.Tell(new RouterSolicitation(Attach, ModelTime.FromSeconds(1), Mn).Over(run, Endpoint.MobileNode(Mn, m), Endpoint.AccessRouter(m)), mn.Ref);
        Answer(first, Relayed(first, m), BindingStatus.InsufficientResources, load: 100);

        // §5.3.2: the rfLMA assigns another LMA and runs again; never itself, which did not take the node at first.
        var second = Enumerable.Range(0, 3).Single(a => a != first && a != RfLma);
        Answer(second, Relayed(second, m), BindingStatus.Accepted, load: 1);
        Assert.Equal(Prefix64.Delegated(second, Mn.Index), mn.ExpectMsg<RouterAdvertisement>().Prefix);
        Assert.Equal(1, run.Recorder.Counters[Counter.RuntimeAssignmentsRefused]);
    }

    [Fact]
    public void Every_assigned_LMA_refusing_gives_the_MAG_the_last_status_and_no_redirect()
    {
        Domain("distance");
        var m = MagAwayFromTheRfLma();
        var first = run.Topology.NearestAnchor(m);
        var second = Enumerable.Range(0, 3).Single(a => a != first && a != RfLma);
        var magProbe = CreateTestProbe("mag");
        var pbu = new ProxyBindingUpdate(Attach, ModelTime.FromSeconds(1), Mn, Prefix64.None, HandoffIndicator.AttachmentOverNewInterface, 1,
            ModelTime.FromSeconds(1), 900, m) { RedirectCapability = true };
        rfLma.Tell(pbu.FromItsMag(run, RfLma), magProbe.Ref);
        Answer(first, Relayed(first, m), BindingStatus.InsufficientResources, load: 100);
        Answer(second, Relayed(second, m), BindingStatus.NotLmaForThisMobileNode, load: 100);

        var pba = magProbe.ExpectMsg<ProxyBindingAcknowledgement>();
        Assert.Equal((BindingStatus.NotLmaForThisMobileNode, -1, RfLma), (pba.Status, pba.Redirect, pba.Lma));
        Assert.True(run.Signalling.Authentic(pba, Endpoint.Anchor(RfLma), Endpoint.AccessRouter(m)));
    }

    [Fact]
    public void By_load_the_rfLMA_avoids_the_LMA_whose_Load_Information_said_most_even_the_nearest()
    {
        Domain("load");
        var magProbe = CreateTestProbe("mag");
        var m = MagAwayFromTheRfLma();
        var nearest = run.Topology.NearestAnchor(m);
        ProxyBindingUpdate Pbu(int node) => new(new ProcedureRef(new MnIdentifier(node), 1, ProcedureKind.Attach), ModelTime.FromSeconds(1), new MnIdentifier(node),
            Prefix64.None, HandoffIndicator.AttachmentOverNewInterface, 1, ModelTime.FromSeconds(1), 900, m) { RedirectCapability = true };
        // Nothing heard yet and nothing bound: every load is 0, and the tie goes to the LMA nearest the MAG.
        rfLma.Tell(Pbu(0).FromItsMag(run, RfLma), magProbe.Ref);
        Answer(nearest, Relayed(nearest, m), BindingStatus.Accepted, load: 5);
        Assert.Equal(nearest, magProbe.ExpectMsg<ProxyBindingAcknowledgement>().Redirect);

        // The nearest said 5 sessions: the next node goes to the nearer of the two with none, the rfLMA itself included.
        rfLma.Tell(Pbu(3).FromItsMag(run, RfLma), magProbe.Ref);
        var other = Enumerable.Range(0, 3).Single(a => a != nearest && a != RfLma);
        if (run.Topology.CompareNearness(RfLma, other, m) <= 0)
        {
            var own = magProbe.ExpectMsg<ProxyBindingAcknowledgement>();
            Assert.Equal((BindingStatus.Accepted, -1, Prefix64.Delegated(RfLma, 3)), (own.Status, own.Redirect, own.HomeNetworkPrefix));
        }
        else Assert.Equal(new MnIdentifier(3), lmas[other].ExpectMsg<ProxyBindingUpdate>().MnId);
        lmas[nearest].ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void After_a_move_a_kept_prefix_goes_to_its_own_LMA_without_an_offer_and_a_redirect_it_did_not_offer_is_ignored()
    {
        Domain("distance");
        var m = MagAwayFromTheRfLma();
        var mag = Mag(m);
        const int home = 2;
        var kept = Prefix64.Delegated(home, Mn.Index);
        var onLink = Endpoint.MobileNode(Mn, m);
        mag.Tell(new RouterSolicitation(Handover, ModelTime.FromSeconds(40), Mn).Over(run, onLink, Endpoint.AccessRouter(m)), mn.Ref);
        mag.Tell(new PrefixesInUse(Handover, ModelTime.FromSeconds(40), Mn, m == 0 ? 1 : 0, [new PrefixInUse(kept, 1)]).Over(run, onLink, Endpoint.AccessRouter(m)), mn.Ref);

        var pbu = lmas[home].ExpectMsg<ProxyBindingUpdate>();
        Assert.Equal((kept, HandoffIndicator.HandoffBetweenMagsSameInterface, false), (pbu.HomeNetworkPrefix, pbu.HandoffIndicator, pbu.RedirectCapability));
        // RFC 6463 §5.2: a Redirect in answer to a PBU without Redirect-Capability is ignored; the binding stays at its LMA.
        mag.Tell(new ProxyBindingAcknowledgement(Handover, pbu.ArrivesAt + ModelTime.FromMilliseconds(1), BindingStatus.Accepted, Mn, kept,
            pbu.SequenceNumber, pbu.Timestamp, pbu.LifetimeUnits, home) { Redirect = 1 }.Over(run, Endpoint.Anchor(home), Endpoint.AccessRouter(m)), lmas[home].Ref);
        Assert.Equal(kept, mn.ExpectMsg<RouterAdvertisement>().Prefix);
        mag.Tell(new LinkDown(new ProcedureRef(Mn, 3, ProcedureKind.Handover), ModelTime.FromSeconds(60), Mn));
        Assert.True(lmas[home].FishForMessage<ProxyBindingUpdate>(p => p.IsDeregistration).HomeNetworkPrefix == kept);
        Assert.Equal(0, run.Recorder.Counters[Counter.RuntimeAssignments]);
    }

    [Fact]
    public void A_forged_redirect_is_discarded_by_the_MAG()
    {
        Domain("distance");
        var m = MagAwayFromTheRfLma();
        var target = run.Topology.NearestAnchor(m);
        var mag = Mag(m);
        mag.Tell(new RouterSolicitation(Attach, ModelTime.FromSeconds(1), Mn).Over(run, Endpoint.MobileNode(Mn, m), Endpoint.AccessRouter(m)), mn.Ref);
        var relayed = Relayed(target, m);
        // An attacker answers first, in the rfLMA's name, redirecting the MAG to an LMA of its choosing: without the MAG–rfLMA key.
        var forged = new ProxyBindingAcknowledgement(Attach, relayed.ArrivesAt, BindingStatus.Accepted, Mn, Prefix64.Delegated(1, Mn.Index),
            relayed.SequenceNumber, relayed.Timestamp, relayed.LifetimeUnits, RfLma) { Redirect = 1 }
            .Over(run, Endpoint.Anchor(RfLma), Endpoint.AccessRouter(m == 0 ? 1 : 0));
        mag.Tell(forged, lmas[1].Ref);
        mn.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(1, run.Recorder.Counters[Counter.AuthenticationFailures]);
        Answer(target, relayed, BindingStatus.Accepted, load: 1);
        Assert.Equal(Prefix64.Delegated(target, Mn.Index), mn.ExpectMsg<RouterAdvertisement>().Prefix);
    }
}
