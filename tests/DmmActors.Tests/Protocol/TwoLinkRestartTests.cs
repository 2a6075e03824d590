using Akka.Actor;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Bootstrap;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Protocol;

/// <summary>
/// A node lost with its cluster member between two links: its link-down to the router it left (A)
/// went with the member, and its RS to the next (B) got out. Both routers saw it on their links.
/// Restarted by A, it registers through A with handoff state unknown while its binding is active
/// through B, and the LMA waits MaxDelayBeforeNewBCEAssign for B's de-registration (RFC 5213
/// §5.4.1.3), which never comes. The real LMA, routers and driver here; probes stand in for the node.
/// </summary>
[Collection("actors")]
public class TwoLinkRestartTests : TestKit
{
    static readonly MnIdentifier Id = new(0);
    const int Nodes = 10;

    readonly RunContext run = TestRuns.Context(TestRuns.Scenario("pmipv6", mobileNodes: Nodes, extra: $"emulator.max-in-flight = {Nodes}"),
        signallingTimeout: TimeSpan.FromMilliseconds(300));
    readonly IActorRef[] routers;
    readonly Akka.TestKit.TestProbe shard;

    public TwoLinkRestartTests() : base(TestRuns.InMemoryJournal)
    {
        for (int a = 0; a < run.Directory.Anchors.Length; a++) run.Directory.Anchors[a] = Sys.ActorOf(AnchorActor.Props(run, a), $"anchor-{a}");
        routers = Enumerable.Range(0, run.Directory.AccessRouters.Length)
            .Select(r => run.Directory.AccessRouters[r] = Sys.ActorOf(AccessRouterActor.Props(run, r), $"ar-{r}")).ToArray();
        shard = CreateTestProbe("mn-shard"); // the nodes' address: their shards, wherever those come back
        Array.Fill(run.Directory.MobileNodes, shard.Ref);
    }

    /// <summary>Every local probe's address: the member the lost nodes were on.</summary>
    string Member => ((ExtendedActorSystem)Sys).Provider.DefaultAddress.ToString();

    /// <summary>The node attaches at <paramref name="router"/> in <paramref name="procedure"/> and waits for its prefix.</summary>
    void AttachAt(Akka.TestKit.TestProbe node, int router, ProcedureRef procedure, ModelTime at)
    {
        var id = procedure.MobileNode;
        routers[router].Tell(new RouterSolicitation(procedure, at, id).Over(run, Endpoint.MobileNode(id, router), Endpoint.AccessRouter(router)), node.Ref);
        node.ExpectMsg<RouterAdvertisement>(TimeSpan.FromSeconds(5));
    }

    /// <summary>Attached at <paramref name="a"/>, then at <paramref name="b"/> with no link-down at A, then lost with its member.</summary>
    void LoseBetweenLinks(MnIdentifier id, int a, int b, ModelTime t1, ModelTime t2)
    {
        var doomed = CreateTestProbe($"node-{id.Index}-on-the-lost-member");
        AttachAt(doomed, a, new ProcedureRef(id, 1, ProcedureKind.Attach), t1);
        AttachAt(doomed, b, new ProcedureRef(id, 2, ProcedureKind.Handover), t2);
        Sys.Stop(doomed.Ref);
    }

    /// <summary>The restart a router offers for the one lost node on its link.</summary>
    RestartNode OfferOf(int router)
    {
        routers[router].Tell(new GetDepartures(Member));
        return Assert.Single(ExpectMsg<Departures>().OnLink);
    }

    /// <summary>The node's entries at its LMA that forward at <paramref name="at"/>.</summary>
    IReadOnlyList<BindingCacheEntry> Forwarding(MnIdentifier id, ModelTime at) =>
        run.Directory.Anchors[run.Policy.AnchorOf(id)].Ask<BindingCacheSnapshot>(GetBindingCache.Instance, TimeSpan.FromSeconds(5)).Result.Entries
            .Where(e => e.MnId == id && e.ForwardsAt(at)).ToArray();

    /// <summary>
    /// Both routers restart the node (their own offers, as before one decision per node), and the
    /// node takes A's, later in model time than B's registration (A's last PBU was sent again, each
    /// time later, RFC 5213 §6.9.4). The LMA holds A's PBU of unknown handoff state for B's
    /// de-registration, which never comes (§5.4.1.3). A sends the PBU again every signalling
    /// timeout, shorter than MaxDelayBeforeNewBCEAssign: each copy replaces the one held, and the
    /// wait runs from the first. Before, each copy started the wait again, and the node was never
    /// answered. Decided, the node's one binding is through A, where it stands.
    /// </summary>
    [Fact]
    public void A_restart_of_unknown_handoff_state_sent_again_while_held_is_decided_once_the_wait_from_the_first_runs_out()
    {
        LoseBetweenLinks(Id, a: 2, b: 6, ModelTime.FromSeconds(10), ModelTime.FromSeconds(40));
        var (atA, atB) = (OfferOf(2), OfferOf(6));
        var stale = atA with { At = atB.At + ModelTime.FromSeconds(31) };
        routers[2].Tell(new RestartDecided(atA));
        routers[6].Tell(new RestartDecided(atB));
        shard.ExpectMsg<RestartNode>();
        var retransmitted = run.Recorder.Retransmissions;
        var reborn = CreateTestProbe("node-restarted-at-a");
        routers[2].Tell(new RouterSolicitation(new ProcedureRef(Id, 1, ProcedureKind.Reattach), stale.At, Id)
            .Over(run, Endpoint.MobileNode(Id, 2), Endpoint.AccessRouter(2)), reborn.Ref);
        reborn.ExpectMsg<RouterAdvertisement>(UnknownHandoffHold.WallClockWait + TimeSpan.FromSeconds(3));
        Assert.True(run.Recorder.Retransmissions > retransmitted, "the PBU was not sent again while held");
        var bound = Assert.Single(Forwarding(Id, stale.At + ModelTime.FromSeconds(5)));
        Assert.Equal(2, bound.CareOf);
    }

    public static IEnumerable<object[]> Seeds => Enumerable.Range(1, 5).Select(s => new object[] { s });

    /// <summary>
    /// The fix, over 5 seeds of 10 nodes each, 50 cases (their routers, their times, and whether
    /// A's de-registration reaches the LMA before or after B's registration of the restarted node):
    /// the driver takes one decision per node, B's, the later move. A lets the node go, B restarts
    /// it, and the node ends with one binding, through B.
    /// </summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void One_decision_restarts_each_node_at_its_later_link_only_and_it_ends_with_one_binding_there(int seed)
    {
        var random = new Random(seed);
        var cases = Enumerable.Range(0, Nodes).Select(n =>
        {
            var a = random.Next(routers.Length);
            var b = (a + 1 + random.Next(routers.Length - 1)) % routers.Length;
            var t1 = ModelTime.FromMilliseconds(random.Next(1_000, 60_000));
            return (Id: new MnIdentifier(n), A: a, B: b, T1: t1, T2: t1 + ModelTime.FromMilliseconds(random.Next(2_000, 60_000)), Late: random.Next(2) == 0);
        }).ToArray();
        var driver = Sys.ActorOf(ScenarioDriver.Props(run, new TaskCompletionSource()), ScenarioDriver.Name);
        driver.Tell(new ScenarioDriver.Begin());
        shard.ReceiveN(Nodes).ToList().ForEach(m => Assert.IsType<StartMobility>(m));
        foreach (var c in cases) LoseBetweenLinks(c.Id, c.A, c.B, c.T1, c.T2);

        driver.Tell(new ScenarioDriver.StartUnfinished(Member, 0));
        var restarts = new Dictionary<int, RestartNode>();
        shard.FishForMessage<RestartNode>(r =>
        {
            restarts.TryAdd(r.Procedure.MobileNode.Index, r);
            return restarts.Count == Nodes;
        }, TimeSpan.FromSeconds(20));
        foreach (var c in cases)
            Assert.True((restarts[c.Id.Index].Router, restarts[c.Id.Index].Procedure.Number) == (c.B, 2), $"seed {seed}, {c.Id}: {restarts[c.Id.Index]}");
        // Half the nodes come back at once, half once A's de-registrations have had time to arrive.
        foreach (var late in new[] { false, true })
        {
            if (late) Thread.Sleep(300);
            foreach (var c in cases.Where(c => c.Late == late))
                AttachAt(CreateTestProbe($"node-{c.Id.Index}-restarted"), c.B, new ProcedureRef(c.Id, 2, ProcedureKind.Reattach), restarts[c.Id.Index].At);
        }
        // Past MaxDelayBeforeNewBCEAssign: no held registration decides anything more.
        ExpectNoMsg(TimeSpan.FromSeconds(2));
        foreach (var c in cases)
        {
            var bound = Forwarding(c.Id, restarts[c.Id.Index].At + ModelTime.FromSeconds(5));
            Assert.True(bound.Count == 1 && bound[0].CareOf == c.B,
                $"seed {seed}, {c.Id}: routers {c.A} then {c.B}; bindings through {string.Join(", ", bound.Select(e => e.CareOf))}");
        }
    }
}
