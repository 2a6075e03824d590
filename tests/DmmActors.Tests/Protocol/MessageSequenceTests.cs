using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Mobility;
using DmmActors.Protocol;
using DmmActors.Run;
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

    List<string> Chart(string practice, out int firstRouter, out int secondRouter, out int anchor)
    {
        var scenario = TestRuns.Scenario(practice);
        var arrows = new ConcurrentQueue<Arrow>();
        var run = TestRuns.Context(scenario, tap: (from, to, signal) =>
        {
            arrows.Enqueue(new Arrow(from.Path.Name, to.Path.Name, signal.Type.ShortName(), signal.SentAt, signal.Procedure.Number));
            if (signal is RouterAdvertisement ra) advertised.Enqueue(ra.Prefix);
        });
        var t = run.Topology;
        for (int a = 0; a < t.Anchors; a++) run.Directory.Anchors[a] = Sys.ActorOf(AnchorActor.Props(run, a), $"anchor-{a}");
        for (int r = 0; r < t.AccessRouters; r++) run.Directory.AccessRouters[r] = Sys.ActorOf(AccessRouterActor.Props(run, r), $"ar-{r}");
        for (int c = 0; c < t.Correspondents; c++) run.Directory.Correspondents[c] = Sys.ActorOf(CorrespondentActor.Props(run, c), $"cn-{c}");
        var mn = run.Directory.MobileNodes[0] = Sys.ActorOf(MobileNodeActor.Props(run, new MnIdentifier(0)), "mn-0");

        mn.Tell(StartMobility.Instance, TestActor);
        ExpectMsg<MobilityFinished>(TimeSpan.FromSeconds(10));

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
        var topology = EmulationRun.BuildTopology(TestRuns.Scenario("pmipv6-multi-lma"));
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
            $"mn-0 -> ar-{a}: RS", $"ar-{a} -> mn-0: RA", $"mn-0 -> anchor-{ha}: BU", $"anchor-{ha} -> mn-0: BA",
            $"mn-0 -> ar-{b}: RS", $"ar-{b} -> mn-0: RA", $"mn-0 -> anchor-{ha}: BU", $"anchor-{ha} -> mn-0: BA",
        ], chart);
        // Each access router advertises its own prefix; the care-of address changes, the home address does not.
        Assert.Equal([Prefix64.AccessLink(a), Prefix64.AccessLink(b)], advertised);
    }

    static List<string> Pmipv6Chart(int a, int b, int lma) =>
    [
        // Attach (RFC 5213 §6.9.1.1, §5.3.2).
        $"mn-0 -> ar-{a}: RS", $"ar-{a} -> anchor-{lma}: PBU", $"anchor-{lma} -> ar-{a}: PBA", $"ar-{a} -> mn-0: RA",
        // Handover: the previous MAG de-registers on detach (§6.9.1.4, §5.3.5), the new one registers.
        $"ar-{a} -> anchor-{lma}: PBU(dereg)", $"anchor-{lma} -> ar-{a}: PBA(dereg)",
        $"mn-0 -> ar-{b}: RS", $"ar-{b} -> anchor-{lma}: PBU", $"anchor-{lma} -> ar-{b}: PBA", $"ar-{b} -> mn-0: RA",
    ];
}
