using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Bootstrap;
using DmmActors.Control;
using DmmActors.Mobility;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Protocol;

/// <summary>
/// Message sequence charts of attach and one handover, with every node a real actor.
/// The chart is ordered by model send time, which the wall-clock schedule cannot change.
/// </summary>
[Collection("actors")]
public class MessageSequenceTests() : TestKit(TestRuns.InMemoryJournal)
{
    sealed record Arrow(string From, string To, string Message, ModelTime SentAt, int Procedure)
    {
        public override string ToString() => $"{From} -> {To}: {Message}";
    }

    readonly ConcurrentQueue<Prefix64> advertised = new();
    readonly ConcurrentQueue<Signal> sent = new();
    readonly ConcurrentQueue<(int Router, IReadOnlyList<MapOption> Maps)> mapOptions = new();

    List<string> Chart(string practice, out int firstRouter, out int secondRouter, out int anchor, string extra = "")
    {
        var scenario = TestRuns.Scenario(practice, extra: extra);
        var arrows = new ConcurrentQueue<Arrow>();
        var run = TestRuns.Context(scenario, tap: (from, to, signal) =>
        {
            arrows.Enqueue(new Arrow(from.Path.Name, to.Path.Name, signal.Type.ShortName(), signal.SentAt, signal.Procedure.Number));
            if (signal is Signal copy) sent.Enqueue(copy);
            if (signal is RouterAdvertisement ra)
            {
                advertised.Enqueue(ra.Prefix);
                mapOptions.Enqueue((ra.AccessRouter, ra.Maps));
            }
        });
        var t = run.Topology;
        for (int a = 0; a < t.Anchors; a++) run.Directory.Anchors[a] = Sys.ActorOf(AnchorActor.Props(run, a), $"anchor-{a}");
        for (int r = 0; r < t.AccessRouters; r++) run.Directory.AccessRouters[r] = Sys.ActorOf(AccessRouterActor.Props(run, r), $"ar-{r}");
        for (int c = 0; c < t.Correspondents; c++) run.Directory.Correspondents[c] = Sys.ActorOf(CorrespondentActor.Props(run, c), $"cn-{c}");
        var mn = run.Directory.MobileNodes[0] = Sys.ActorOf(MobileNodeActor.Props(run, new MnIdentifier(0)), "mn-0");

        mn.Tell(StartMobility.Instance, TestActor);
        ExpectMsg<MobilityFinished>(TimeSpan.FromSeconds(10));
        // The node is done once its address is usable; what answers a de-registration may still be
        // on its way (it waits on a journal write). Nothing follows it: the chart is complete once quiet.
        for (var seen = -1; seen != arrows.Count; Thread.Sleep(200)) seen = arrows.Count;

        // The same draws the node makes: first router, first attach time, dwell, next router.
        var walk = new RandomWalk(scenario.Seed, 0, scenario.Dwell);
        firstRouter = walk.Start(t).Router;
        secondRouter = walk.Move(t, firstRouter).Router;
        anchor = run.Policy.AnchorOf(new MnIdentifier(0));
        Assert.Equal(0, run.Recorder.FailedRegistrations);
        return arrows.OrderBy(a => a.Procedure).ThenBy(a => a.SentAt).Select(a => a.ToString()).ToList();
    }

    [Fact]
    public void Pmipv6_attach_and_handover()
    {
        var chart = Chart("pmipv6", out var a, out var b, out var lma);
        Assert.Equal(0, lma);
        Assert.Equal(Pmipv6Chart(a, b, lma), chart);
        // RFC 5213 §6.7: both MAGs advertise the same home network prefix, from the LMA's pool.
        Assert.Equal([Prefix64.Delegated(lma, 0), Prefix64.Delegated(lma, 0)], advertised);
    }

    [Fact]
    public void Pmipv6_multi_lma_uses_the_LMA_nearest_the_first_MAG_and_keeps_it()
    {
        var chart = Chart("pmipv6-multi-lma", out var a, out var b, out var lma);
        var topology = DmmActors.Practices.PracticeTopology.Of(TestRuns.Scenario("pmipv6-multi-lma"));
        Assert.Equal(topology.NearestAnchor(a), lma);
        Assert.Equal(Pmipv6Chart(a, b, lma), chart);
        Assert.Equal([Prefix64.Delegated(lma, 0), Prefix64.Delegated(lma, 0)], advertised);
    }

    [Fact]
    public void Mipv6_bidirectional_tunnel_attach_and_handover()
    {
        var chart = Chart("mipv6-bt", out var a, out var b, out var ha);
        Assert.Equal(
        [
            // Each care-of address is probed (RFC 4862 §5.4.2) before the BU leaves from it.
            $"mn-0 -> ar-{a}: RS", $"ar-{a} -> mn-0: RA", $"mn-0 -> ar-{a}: NS (DAD)", $"mn-0 -> anchor-{ha}: BU", $"anchor-{ha} -> mn-0: BA",
            $"mn-0 -> ar-{b}: RS", $"ar-{b} -> mn-0: RA", $"mn-0 -> ar-{b}: NS (DAD)", $"mn-0 -> anchor-{ha}: BU", $"anchor-{ha} -> mn-0: BA",
        ], chart);
        // Each access router advertises its own prefix; the care-of address changes, the home address does not.
        Assert.Equal([Prefix64.AccessLink(a), Prefix64.AccessLink(b)], advertised);
    }

    [Fact]
    public void Hmipv6_registers_a_move_within_the_MAP_domain_with_the_MAP_alone()
    {
        // One MAP whose domain covers the whole 3 x 3 grid: it is anchor 2, after the two home agents.
        var chart = Chart("hmipv6", out var a, out var b, out var ha, "hmipv6 { maps = 1, domain-radius = 4 }");
        const int map = 2;
        Assert.Equal(
        [
            // Attach (RFC 5380 §6.1): the local BU binds RCoA to LCoA at the MAP, then the BU to
            // the home agent binds the home address to the RCoA, through the MAP's tunnel both ways.
            $"mn-0 -> ar-{a}: RS", $"ar-{a} -> mn-0: RA", $"mn-0 -> ar-{a}: NS (DAD)", $"mn-0 -> anchor-{map}: BU", $"anchor-{map} -> mn-0: BA",
            $"mn-0 -> anchor-{map}: BU", $"anchor-{map} -> anchor-{ha}: BU", $"anchor-{ha} -> anchor-{map}: BA", $"anchor-{map} -> mn-0: BA",
            // A move within the domain: the local BU alone, from the probed LCoA; the home agent hears nothing.
            $"mn-0 -> ar-{b}: RS", $"ar-{b} -> mn-0: RA", $"mn-0 -> ar-{b}: NS (DAD)", $"mn-0 -> anchor-{map}: BU", $"anchor-{map} -> mn-0: BA",
        ], chart);
        // Every RA carries the MAP option (RFC 5380 §5), Dist counting the hops to the MAP's site plus its own link.
        var scenario = TestRuns.Scenario("hmipv6", extra: "hmipv6 { maps = 1, domain-radius = 4 }");
        var site = DmmActors.Practices.PracticeTopology.Of(scenario).AnchorSites[map];
        Assert.All(mapOptions, o => Assert.Equal([new MapOption(map, (byte)(GridHops(o.Router, site) + 1), 15, scenario.MaxBindingLifetime)], o.Maps));
    }

    [Fact]
    public void Hmipv6_changes_MAP_by_registering_the_new_RCoA_with_the_home_agent_and_releasing_the_old_MAP()
    {
        // Two MAPs, on ar-3 and ar-5 of the 3 x 3 grid, each advertised within 2 hops of its site:
        // ar-0 and ar-6 hear only the first (anchor 2), ar-2 and ar-8 only the second (anchor 3).
        // Seed 9's node moves from ar-7 to ar-8: the MAP it picked at ar-7 is not heard there.
        var chart = Chart("hmipv6", out var a, out var b, out var ha, "hmipv6 { maps = 2, domain-radius = 2 }\n seed = 9");
        Assert.Equal((7, 8), (a, b));
        // RFC 5380 §9.1: of the two MAPs heard at ar-7, both 2 hops from it, the node picks by preference, then the lower index.
        const int first = 2, second = 3;
        Assert.Equal(
        [
            $"mn-0 -> ar-{a}: RS", $"ar-{a} -> mn-0: RA", $"mn-0 -> ar-{a}: NS (DAD)", $"mn-0 -> anchor-{first}: BU", $"anchor-{first} -> mn-0: BA",
            $"mn-0 -> anchor-{first}: BU", $"anchor-{first} -> anchor-{ha}: BU", $"anchor-{ha} -> anchor-{first}: BA", $"anchor-{first} -> mn-0: BA",
            // A new MAP: a local BU to it, the new RCoA to the home agent through it, then the binding at the MAP left is released.
            $"mn-0 -> ar-{b}: RS", $"ar-{b} -> mn-0: RA", $"mn-0 -> ar-{b}: NS (DAD)", $"mn-0 -> anchor-{second}: BU", $"anchor-{second} -> mn-0: BA",
            $"mn-0 -> anchor-{second}: BU", $"anchor-{second} -> anchor-{ha}: BU", $"anchor-{ha} -> anchor-{second}: BA", $"anchor-{second} -> mn-0: BA",
            $"mn-0 -> anchor-{first}: BU", $"anchor-{first} -> mn-0: BA",
        ], chart);
        Assert.Equal([first, second], mapOptions.First(o => o.Router == a).Maps.Select(o => o.Map));
        Assert.Equal([second], mapOptions.First(o => o.Router == b).Maps.Select(o => o.Map));
    }

    [Fact]
    public void Hmipv6_MAP_selection_keeps_the_MAP_heard_else_takes_the_furthest_selectable_one()
    {
        var life = ModelTime.FromSeconds(600);
        MapOption[] heard = [new(4, 2, 15, life), new(5, 4, 15, life), new(6, 4, 0, life), new(7, 5, 9, ModelTime.Zero)];
        // RFC 5380 §9.1: the largest Dist, the higher preference among equals, passing over preference 0 and valid lifetime 0.
        Assert.Equal(5, DmmActors.Practices.Hmipv6.HierarchicalLocationClient.SelectMap(heard, current: -1));
        // The MAP the node has, while still advertised, is kept: no home registration for this move.
        Assert.Equal(4, DmmActors.Practices.Hmipv6.HierarchicalLocationClient.SelectMap(heard, current: 4));
        // §7.1: preference 0 refuses new bindings only; the node refreshes the one it has.
        Assert.Equal(6, DmmActors.Practices.Hmipv6.HierarchicalLocationClient.SelectMap(heard, current: 6));
        // §7.1, §10: valid lifetime 0 is a failed MAP, which the node MUST leave for the furthest selectable one.
        Assert.Equal(5, DmmActors.Practices.Hmipv6.HierarchicalLocationClient.SelectMap(heard, current: 7));
        // Equal distances: the higher preference (§5).
        Assert.Equal(9, DmmActors.Practices.Hmipv6.HierarchicalLocationClient.SelectMap([new(8, 3, 4, life), new(9, 3, 12, life)], current: -1));
        Assert.Null(DmmActors.Practices.Hmipv6.HierarchicalLocationClient.SelectMap([new(6, 4, 0, life)], current: -1));
    }

    /// <summary>
    /// RFC 4861 §6.2.6: each RA leaves a random time between 0 and MAX_RA_DELAY_TIME after the
    /// router could have answered; RFC 4862 §5.4: the BU leaves from the care-of address
    /// RetransTimer after its one probe, or at once where DAD is optimistic (RFC 4429 §3).
    /// </summary>
    [Theory]
    [InlineData("standard", 1000)]
    [InlineData("optimistic", 0)]
    public void A_care_of_address_is_used_once_duplicate_address_detection_lets_it(string dad, int waitMs)
    {
        Chart("mipv6-bt", out _, out _, out _, $"neighbour-discovery.dad = {dad}");
        var run = TestRuns.Context(TestRuns.Scenario("mipv6-bt"));
        var processing = run.Channel.ServiceTime;
        var all = sent.ToArray();
        var solicitations = all.OfType<RouterSolicitation>().ToArray();
        var advertisements = all.OfType<RouterAdvertisement>().ToArray();
        Assert.Equal(2, advertisements.Length);
        foreach (var ra in advertisements)
        {
            var rs = solicitations.Single(r => r.Procedure == ra.Procedure);
            var delay = ra.SentAt - (rs.ArrivesAt + processing);
            Assert.InRange(delay.Microseconds, 0, ModelTime.FromMilliseconds(500).Microseconds);
            var probe = all.OfType<NeighborSolicitation>().Single(ns => ns.Procedure == ra.Procedure);
            Assert.Equal((ra.Prefix, ra.ArrivesAt + processing), (probe.Prefix, probe.SentAt));
            var bu = all.OfType<BindingUpdate>().Single(b => b.Procedure == ra.Procedure);
            Assert.Equal(probe.SentAt + ModelTime.FromMilliseconds(waitMs), bu.SentAt);
        }
        // Drawn per node and procedure: the two answers are not delayed alike.
        Assert.NotEqual(advertisements[0].SentAt - solicitations[0].ArrivesAt, advertisements[1].SentAt - solicitations[1].ArrivesAt);
    }

    [Fact]
    public void Routers_told_to_answer_at_once_and_no_duplicate_address_detection_leave_the_chart_as_before_either()
    {
        var chart = Chart("mipv6-bt", out var a, out var b, out var ha, "neighbour-discovery { max-ra-delay = 0s, dup-addr-detect-transmits = 0 }");
        Assert.Equal(
        [
            $"mn-0 -> ar-{a}: RS", $"ar-{a} -> mn-0: RA", $"mn-0 -> anchor-{ha}: BU", $"anchor-{ha} -> mn-0: BA",
            $"mn-0 -> ar-{b}: RS", $"ar-{b} -> mn-0: RA", $"mn-0 -> anchor-{ha}: BU", $"anchor-{ha} -> mn-0: BA",
        ], chart);
        var processing = TestRuns.Context(TestRuns.Scenario("mipv6-bt")).Channel.ServiceTime;
        var all = sent.ToArray();
        Assert.All(all.OfType<RouterAdvertisement>(), ra => Assert.Equal(all.OfType<RouterSolicitation>().Single(rs => rs.Procedure == ra.Procedure).ArrivesAt + processing, ra.SentAt));
    }

    /// <summary>
    /// RFC 6224 §3: the router queries the link of every node it sees arrive, and a node that
    /// moved reports only in answer (RFC 3810 §6.2), after a random delay within the query's
    /// Maximum Response Delay; a node that leaves the link before then does not answer there.
    /// </summary>
    [Theory]
    [InlineData("100ms", 2)]
    [InlineData("8000s", 1)]
    public void A_listener_answers_the_query_of_each_router_it_arrives_at_while_it_is_still_there(string maximumResponseDelay, int answers)
    {
        Chart("pmipv6", out var a, out var b, out _,
            $"multicast {{ enabled = on, groups = 1, listener-share = 1.0, query-response-interval = {maximumResponseDelay}, query-interval = 8704s }}");
        var all = sent.ToArray();
        var queries = all.OfType<MldQuery>().ToArray();
        Assert.Equal([a, b], queries.Select(q => q.AccessRouter));
        var limit = queries[0].MaximumResponseDelay;
        var reports = all.OfType<MldReport>().ToArray();
        // At attach the listener reports as it starts listening (RFC 3810 §6.1), and answers ar-a's query if it is
        // still there when its delay is up: with an 8000 s delay it left first. At the handover it only answers.
        Assert.Equal(answers, reports.Count(r => r.Procedure == queries[0].Procedure));
        var moved = Assert.Single(reports, r => r.Procedure == queries[1].Procedure);
        Assert.InRange((moved.SentAt - queries[1].ArrivesAt).Microseconds, 0, limit.Microseconds);
    }

    /// <summary>
    /// RFC 3810 §7.1, §9.2: while a node's link is up its router queries it every Query Interval,
    /// and the listener answers each query within the Maximum Response Delay (§6.2) while it is
    /// still on that link; the router sends none after the link went down.
    /// </summary>
    [Fact]
    public void The_router_queries_a_listeners_link_every_query_interval_while_it_is_up_and_the_listener_answers_while_it_is_there()
    {
        var (interval, delay) = (ModelTime.FromSeconds(5), ModelTime.FromSeconds(2));
        Chart("pmipv6", out var a, out _, out _,
            "mobility.dwell = 200s\nmulticast { enabled = on, groups = 1, listener-share = 1.0, query-interval = 5s, query-response-interval = 2s }");
        var all = sent.ToArray();
        var l2 = TestRuns.Scenario("pmipv6").L2HandoverDelay;
        var linkDown = all.OfType<RouterSolicitation>().Single(rs => rs.Procedure.Kind == ProcedureKind.Handover).SentAt - l2;
        var queries = all.OfType<MldQuery>().Where(q => q.AccessRouter == a).OrderBy(q => q.SentAt).ToArray();
        Assert.True(queries.Length > 3, $"{queries.Length} queries in a stay of {linkDown - queries[0].SentAt}");
        Assert.Equal(Enumerable.Range(0, queries.Length).Select(k => queries[0].SentAt + new ModelTime(k * interval.Microseconds)),
            queries.Select(q => q.SentAt));
        Assert.True(queries[^1].SentAt < linkDown && queries[^1].SentAt + interval >= linkDown, "the last query is the last one due before the link went down");
        Assert.All(queries, q => Assert.Equal((interval, 2), (q.QueryInterval, q.Robustness)));

        var reports = all.OfType<MldReport>().Where(r => r.Procedure == queries[0].Procedure).ToArray();
        Assert.All(reports, r => Assert.True(r.SentAt < linkDown, $"a report at {r.SentAt}, after the link went down at {linkDown}"));
        foreach (var periodic in queries.Skip(1))
        {
            var answers = reports.Count(r => r.SentAt >= periodic.ArrivesAt && r.SentAt <= periodic.ArrivesAt + delay);
            if (periodic.ArrivesAt + delay < linkDown) Assert.Equal(1, answers);
            else Assert.InRange(answers, 0, 1);
        }
    }

    static int GridHops(int from, int to) => Math.Abs(from % 3 - to % 3) + Math.Abs(from / 3 - to / 3);

    static List<string> Pmipv6Chart(int a, int b, int lma) =>
    [
        // Attach (RFC 5213 §6.9.1.1, §5.3.2); the first address is probed (RFC 4862 §5.4.2).
        $"mn-0 -> ar-{a}: RS", $"ar-{a} -> anchor-{lma}: PBU", $"anchor-{lma} -> ar-{a}: PBA", $"ar-{a} -> mn-0: RA", $"mn-0 -> ar-{a}: NS (DAD)",
        // Handover: the previous MAG de-registers on detach (§6.9.1.4, §5.3.5), the new one registers.
        $"ar-{a} -> anchor-{lma}: PBU(dereg)", $"anchor-{lma} -> ar-{a}: PBA(dereg)",
        // The new MAG advertises the same prefix: the node takes it for the same link and probes nothing (RFC 6059 §5.8).
        $"mn-0 -> ar-{b}: RS", $"ar-{b} -> anchor-{lma}: PBU", $"anchor-{lma} -> ar-{b}: PBA", $"ar-{b} -> mn-0: RA",
    ];
}
