using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Metrics;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Practices.Pmipv6LocalRouting;

/// <summary>
/// Localized routing at the level of RFC 6705's figures: real MAGs and real LMAs, probes for the
/// two nodes. The nodes attach (RS, PBU/PBA, RA); a first packet from one to the other goes by
/// way of the LMA and sets localized routing up (Figure 2, A11: an LRI to the MAG; Figure 4, A21:
/// one to each MAG naming the other; Figure 6, A12: the MAG's LRI to both LMAs); the next packet
/// crosses no LMA. A MAG answers 129 for a node not attached to it, and drops an LRI its LMA's
/// association does not authenticate.
/// </summary>
[Collection("actors")]
public class LocalizedRoutingTests : TestKit
{
    RunContext run = null!;
    TestProbe[] nodes = null!;
    readonly ConcurrentQueue<SignalType> signalled = new();

    public LocalizedRoutingTests() : base(TestRuns.InMemoryJournal) { }

    void Domain()
    {
        run = TestRuns.Context(TestRuns.Scenario("pmipv6-local-routing", mobileNodes: 12, anchors: 2, extra: "traffic.mn-to-mn-share = 0.5"),
            tap: (_, _, signal) => signalled.Enqueue(signal.Type));
        nodes = Enumerable.Range(0, 12).Select(i => CreateTestProbe($"mn-{i}")).ToArray();
        for (int i = 0; i < nodes.Length; i++) run.Directory.MobileNodes[i] = nodes[i].Ref;
        for (int r = 0; r < run.Directory.AccessRouters.Length; r++) run.Directory.AccessRouters[r] = Sys.ActorOf(AccessRouterActor.Props(run, r), $"mag-{r}");
        for (int a = 0; a < run.Directory.Anchors.Length; a++) run.Directory.Anchors[a] = Sys.ActorOf(AnchorActor.Props(run, a), $"lma-{a}");
    }

    /// <summary>Two nodes whose LMAs are the same, or differ, as asked.</summary>
    (MnIdentifier, MnIdentifier) Pair(bool sameLma)
    {
        for (int a = 0; a < nodes.Length; a++)
            for (int b = a + 1; b < nodes.Length; b++)
                if ((run.Policy.AnchorOf(new MnIdentifier(a)) == run.Policy.AnchorOf(new MnIdentifier(b))) == sameLma) return (new(a), new(b));
        throw new InvalidOperationException("no such pair among the nodes");
    }

    Prefix64 Attach(MnIdentifier mn, int mag)
    {
        var procedure = new ProcedureRef(mn, 1, ProcedureKind.Attach);
        run.Directory.AccessRouters[mag].Tell(new RouterSolicitation(procedure, ModelTime.FromSeconds(1), mn).Over(run, Endpoint.MobileNode(mn, mag), Endpoint.AccessRouter(mag)),
            nodes[mn.Index].Ref);
        return nodes[mn.Index].ExpectMsg<RouterAdvertisement>(TimeSpan.FromSeconds(5)).Prefix;
    }

    /// <summary>A packet from <paramref name="from"/> to <paramref name="to"/> at <paramref name="seconds"/>, as <paramref name="from"/> hands it to its MAG; what reaches <paramref name="to"/>.</summary>
    DataPacket Send(MnIdentifier from, Prefix64 fromPrefix, int fromMag, MnIdentifier to, Prefix64 toPrefix, double seconds)
    {
        var packet = new DataPacket(0, to, toPrefix, -1, ModelTime.FromSeconds(seconds), ModelTime.Zero, 0, 0)
        {
            FromNode = from.Index, FromPrefix = fromPrefix, FromRouter = fromMag, Rising = true,
        };
        run.Directory.AccessRouters[fromMag].Tell(run.Channel.Carry(packet, Endpoint.MobileNode(from, fromMag), Endpoint.AccessRouter(fromMag)));
        return nodes[to.Index].FishForMessage<DataPacket>(_ => true, TimeSpan.FromSeconds(5));
    }

    void SetUp(Counter counter) => AwaitCondition(() => run.Recorder.Counters[counter] == 1, TimeSpan.FromSeconds(5));

    [Fact]
    public void A11_the_LMA_localizes_two_nodes_on_one_MAG_and_their_next_packet_stays_on_the_MAG()
    {
        Domain();
        var (a, b) = Pair(sameLma: true);
        const int mag = 4;
        var (pa, pb) = (Attach(a, mag), Attach(b, mag));
        Assert.Equal(1, Send(a, pa, mag, b, pb, 5).AnchorsCrossed);
        SetUp(Counter.LocalRoutesA11);
        // Figure 2: one LRI from the LMA to the MAG, one LRA back.
        Assert.Equal([SignalType.LocalizedRoutingInitiation, SignalType.LocalizedRoutingAcknowledgement],
            signalled.Where(t => t is SignalType.LocalizedRoutingInitiation or SignalType.LocalizedRoutingAcknowledgement));
        var local = Send(a, pa, mag, b, pb, 6);
        Assert.Equal((0, 0), (local.AnchorsCrossed, local.Tunnels));
        // Both directions (§5: an LRE for each).
        Assert.Equal(0, Send(b, pb, mag, a, pa, 6.5).AnchorsCrossed);
    }

    [Fact]
    public void A21_the_LMA_sends_each_MAG_the_other_and_the_next_packet_goes_MAG_to_MAG()
    {
        Domain();
        var (a, b) = Pair(sameLma: true);
        const int first = 0, second = 8;
        var (pa, pb) = (Attach(a, first), Attach(b, second));
        Assert.Equal(1, Send(a, pa, first, b, pb, 5).AnchorsCrossed);
        SetUp(Counter.LocalRoutesA21);
        Assert.Equal(2, signalled.Count(t => t == SignalType.LocalizedRoutingInitiation));
        var direct = Send(a, pa, first, b, pb, 6);
        // §6: through the tunnel between the two MAGs, no LMA on the way.
        Assert.Equal((0, 1), (direct.AnchorsCrossed, direct.Tunnels));
    }

    [Fact]
    public void A12_the_MAG_asks_both_LMAs_for_two_nodes_it_serves_under_each_and_then_keeps_their_packets()
    {
        Domain();
        var (a, b) = Pair(sameLma: false);
        const int mag = 4;
        var (pa, pb) = (Attach(a, mag), Attach(b, mag));
        Assert.Equal(2, Send(a, pa, mag, b, pb, 5).AnchorsCrossed);
        SetUp(Counter.LocalRoutesA12);
        // Figure 6: the MAG's LRI to each LMA, each LMA's LRA.
        Assert.Equal(2, signalled.Count(t => t == SignalType.LocalizedRoutingInitiation));
        Assert.Equal(2, signalled.Count(t => t == SignalType.LocalizedRoutingAcknowledgement));
        Assert.Equal(0, Send(a, pa, mag, b, pb, 6).AnchorsCrossed);
    }

    [Fact]
    public void An_LRI_for_a_node_that_has_just_moved_is_answered_129_and_a_forged_one_is_dropped()
    {
        Domain();
        var (a, b) = Pair(sameLma: true);
        const int mag = 4;
        var (pa, pb) = (Attach(a, mag), Attach(b, mag));
        var lmaIndex = run.Policy.AnchorOf(a);
        var lma = CreateTestProbe("lma");
        // b's link goes down: it moved on.
        run.Directory.AccessRouters[mag].Tell(new LinkDown(new ProcedureRef(b, 2, ProcedureKind.Handover), ModelTime.FromSeconds(10), b));
        var lri = new LocalizedRoutingInitiation(new ProcedureRef(a, 1, ProcedureKind.LocalRouting), ModelTime.FromSeconds(11), 1, 30, lmaIndex, mag, FromMag: false,
            [new LocalizedNode(a, pa), new LocalizedNode(b, pb)]);
        run.Directory.AccessRouters[mag].Tell(lri.Over(run, Endpoint.Anchor(lmaIndex), Endpoint.AccessRouter(mag)), lma.Ref);
        var lra = lma.ExpectMsg<LocalizedRoutingAcknowledgement>();
        Assert.Equal((LocalizedRoutingStatus.MnNotAttached, 1, (IReadOnlyList<LocalizedNode>)[]), (lra.Status, (int)lra.SequenceNumber, lra.Nodes));

        // An LRI under no association of the domain (a key of its own): no answer, and counted.
        var forged = run.Signalling.Authenticator!.Under(new DmmActors.Security.SecurityAssociations(~run.Scenario.Seed))
            .Sign(lri with { SequenceNumber = 2, Nodes = [new LocalizedNode(a, pa), new LocalizedNode(b, pb)] }, Endpoint.Anchor(lmaIndex), Endpoint.AccessRouter(mag));
        run.Channel.Carry(forged, Endpoint.Anchor(lmaIndex), Endpoint.AccessRouter(mag));
        var failures = run.Recorder.Counters[Counter.AuthenticationFailures];
        run.Directory.AccessRouters[mag].Tell(forged, lma.Ref);
        lma.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(failures + 1, run.Recorder.Counters[Counter.AuthenticationFailures]);
    }
}
