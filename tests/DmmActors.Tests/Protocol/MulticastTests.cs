using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Metrics;
using DmmActors.Multicast;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Protocol;

/// <summary>
/// One MAG, three listeners of one group, two of them served by LMA 0 and one by LMA 1: the
/// RFC 6224 baseline brings every packet twice (tunnel convergence, RFC 7028 §1); the MTMA and
/// direct modes of RFC 7028 §3 once. Real anchors, access routers, correspondents and MTMA;
/// probes for the listeners.
/// </summary>
[Collection("actors")]
public class MulticastTests() : TestKit(TestRuns.InMemoryJournal)
{
    const int Mag = 4, Group = 0;
    // Sources are 50 ms from the network, more than any join takes once the routers answer a
    // solicitation at once: every packet finds the joins done.
    const string Extra = """
        topology.correspondent-link-delay = 50ms
        neighbour-discovery.max-ra-delay = 0s
        multicast { enabled = on, groups = 1, listener-share = 1.0, packet-interval = 1s, mode = MODE }
        """;

    [Theory]
    [InlineData("proxy", 2.0)]
    [InlineData("mtma", 1.0)]
    [InlineData("direct", 1.0)]
    public async Task Copies_per_packet_at_the_MAG(string mode, double expectedFactor)
    {
        var run = TestRuns.Context(TestRuns.Scenario("pmipv6-multi-lma", mobileNodes: 40, extra: Extra.Replace("MODE", mode)));
        var d = run.Directory;
        for (int a = 0; a < d.Anchors.Length; a++) d.Anchors[a] = Sys.ActorOf(AnchorActor.Props(run, a), $"anchor-{a}");
        for (int r = 0; r < d.AccessRouters.Length; r++) d.AccessRouters[r] = Sys.ActorOf(AccessRouterActor.Props(run, r), $"ar-{r}");
        for (int c = 0; c < d.Correspondents.Length; c++) d.Correspondents[c] = Sys.ActorOf(CorrespondentActor.Props(run, c), $"cn-{c}");
        if (mode == "mtma") d.Mtma = Sys.ActorOf(MtmaActor.Props(run, run.Multicast!), "mtma");
        var ofLma0 = Enumerable.Range(0, 40).Where(mn => run.Policy.AnchorOf(new MnIdentifier(mn)) == 0).Take(2);
        var ofLma1 = Enumerable.Range(0, 40).Where(mn => run.Policy.AnchorOf(new MnIdentifier(mn)) == 1).Take(1);
        var listeners = ofLma0.Concat(ofLma1).Select(mn => new MnIdentifier(mn)).ToArray();
        Assert.Equal(3, listeners.Length);

        foreach (var mn in listeners)
        {
            var node = CreateTestProbe($"mn-{mn.Index}");
            d.MobileNodes[mn.Index] = node.Ref;
            var attach = new ProcedureRef(mn, 1, ProcedureKind.Attach);
            var (on, at) = (Endpoint.MobileNode(mn, Mag), Endpoint.AccessRouter(Mag));
            d.AccessRouters[Mag].Tell(new RouterSolicitation(attach, ModelTime.Zero, mn).Over(run, on, at), node.Ref);
            // RFC 6224 §3: the MAG queries the link of a node it sees arrive; the listener answers at once, within the delay the query allows.
            var query = node.ExpectMsg<MldQuery>();
            run.Recorder.Counters.Add(Counter.MldQueriesReceived); // as a node counts what it takes in
            Assert.Equal((Mag, run.Multicast!.Settings.QueryResponseInterval), (query.AccessRouter, query.MaximumResponseDelay));
            node.ExpectMsg<RouterAdvertisement>();
            d.AccessRouters[Mag].Tell(new MldReport(attach, query.ArrivesAt, mn, [Group]).Over(run, on, at), node.Ref);
        }

        var until = ModelTime.FromSeconds(9);
        var summary = await MulticastDataPlane.RunAsync(run, until, new Progress<RunProgress>());

        var packets = run.Multicast!.PacketsUntil(until);
        Assert.Equal(10, packets);
        Assert.Equal(packets, summary.SourcePackets);
        Assert.Equal(packets, summary.DistinctAtAccessRouters);
        Assert.Equal((long)(expectedFactor * packets), summary.CopiesAtAccessRouters);
        Assert.Equal(expectedFactor, summary.DuplicateFactor);
        Assert.Equal(expectedFactor, summary.MaxDuplicateFactor);
        Assert.Equal((long)((expectedFactor - 1) * packets), summary.WastedCopies);
        // Each listener gets each packet exactly once, through the interface that serves it.
        Assert.Equal(listeners.Length * packets, summary.PacketsDelivered);
        Assert.Equal(0, summary.PacketsLostInHandoverGaps);
    }
}
