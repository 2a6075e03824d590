using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Practices.FlatWifi;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Practices.FlatWifi;

/// <summary>
/// A flat network's access routers without mobility support (draft §4.2), at the level of RFC 4861's
/// exchange: real routers, each with its real allocation (the anchor that is a function of it), and
/// a probe for the node. The RA carries a prefix of the router's own pool (RFC 8273); at the next
/// router the node gets another, and the router it left releases its lease.
/// </summary>
[Collection("actors")]
public class LocalAddressingTests : TestKit
{
    static readonly MnIdentifier Mn = new(0);
    static readonly ProcedureRef Attach = new(Mn, 1, ProcedureKind.Attach), Handover = new(Mn, 2, ProcedureKind.Handover);

    readonly RunContext run;
    readonly TestProbe mn;

    public LocalAddressingTests() : base(TestRuns.InMemoryJournal)
    {
        run = TestRuns.Context(TestRuns.Scenario("flat-wifi", mobileNodes: 4));
        mn = CreateTestProbe("mn");
        run.Directory.MobileNodes[0] = mn.Ref;
    }

    IActorRef Router(int index)
    {
        run.Directory.Anchors[index] = Sys.ActorOf(AnchorActor.Props(run, index), $"allocation-{index}");
        return run.Directory.AccessRouters[index] = Sys.ActorOf(AccessRouterActor.Props(run, index), $"ar-{index}");
    }

    RouterAdvertisement Solicit(IActorRef router, int index, ProcedureRef procedure, ModelTime at)
    {
        router.Tell(new RouterSolicitation(procedure, at, Mn).Over(run, Endpoint.MobileNode(Mn, index), Endpoint.AccessRouter(index)), mn.Ref);
        return mn.ExpectMsg<RouterAdvertisement>();
    }

    BindingCacheEntry[] Leases(int allocation) =>
        run.Directory.Anchors[allocation].Ask<BindingCacheSnapshot>(GetBindingCache.Instance, TimeSpan.FromSeconds(5)).Result.Entries.ToArray();

    [Fact]
    public void Each_router_advertises_a_prefix_of_its_own_and_the_router_left_releases_the_nodes_lease()
    {
        var (first, second) = (Router(0), Router(1));
        var ra = Solicit(first, 0, Attach, ModelTime.FromSeconds(1));
        Assert.Equal((0, Prefix64.Delegated(0, Mn.Index)), (ra.AccessRouter, ra.Prefix));
        Assert.True(ra.Prefix.PoolAnchor == 0 && run.Topology.IsFunctionOf(0, 0));

        first.Tell(new LinkDown(Handover, ModelTime.FromSeconds(10), Mn));
        var next = Solicit(second, 1, Handover, ModelTime.FromSeconds(10.05));
        // No mobility support: the new router's own prefix, the earlier one gone with the router that gave it.
        Assert.Equal(Prefix64.Delegated(1, Mn.Index), next.Prefix);
        AwaitAssert(() => Assert.Equal(BindingState.DeregistrationPending, Assert.Single(Leases(0)).State));
        var held = Assert.Single(Leases(1));
        Assert.Equal((BindingState.Active, 1), (held.State, held.CareOf));
        // Nothing but neighbour discovery crossed a link: the routers sent their RAs (the node's RSs came from the test) and nothing else.
        Assert.Equal(2, run.Recorder.Signalling.Total);
        Assert.Equal([SignalType.RouterAdvertisement], run.Recorder.Signalling.For(ProcedureKind.Handover).Where(kv => kv.Value > 0).Select(kv => kv.Key));
    }

    [Fact]
    public void A_node_that_solicits_again_while_its_lease_holds_is_answered_with_the_same_prefix()
    {
        var router = Router(0);
        var first = Solicit(router, 0, Attach, ModelTime.FromSeconds(1));
        // RFC 7559: the RS sent again; the allocation takes it as a renewal of the lease it holds, and answers.
        var again = Solicit(router, 0, Attach, ModelTime.FromSeconds(5));
        Assert.Equal(first.Prefix, again.Prefix);
        var lease = Assert.Single(Leases(0));
        Assert.Equal(BindingState.Active, lease.State);
    }

    [Fact]
    public void A_node_that_leaves_before_its_prefix_came_has_its_lease_released_all_the_same()
    {
        var router = Router(0);
        router.Tell(new RouterSolicitation(Attach, ModelTime.FromSeconds(1), Mn).Over(run, Endpoint.MobileNode(Mn, 0), Endpoint.AccessRouter(0)), mn.Ref);
        // Gone before the router was done with its RS: the release goes after the lease in model time, as in order.
        router.Tell(new LinkDown(Handover, ModelTime.FromSeconds(1.001), Mn));
        AwaitAssert(() => Assert.Equal(BindingState.DeregistrationPending, Assert.Single(Leases(0)).State));
        // The lease came after the node had gone: no RA for a node no longer on the link.
        mn.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_router_that_holds_no_lease_for_a_departing_node_releases_the_one_its_allocation_holds()
    {
        // As a run carried on from its journal leaves it: the allocation journalled a lease the router never heard of.
        Router(0);
        var stranger = CreateTestProbe("previous-run");
        run.Directory.Anchors[0].Tell(new PrefixLease(Attach, Mn, 0, 1, ModelTime.FromSeconds(1), ModelTime.FromSeconds(3600)), stranger.Ref);
        stranger.ExpectMsg<PrefixLeaseAnswer>();
        run.Directory.AccessRouters[0].Tell(new LinkDown(Handover, ModelTime.FromSeconds(10), Mn));
        AwaitAssert(() => Assert.Equal(BindingState.DeregistrationPending, Assert.Single(Leases(0)).State));
    }

    [Fact]
    public void A_lease_asked_by_a_router_the_allocation_is_not_a_function_of_is_refused_silently()
    {
        Router(0);
        var allocation = run.Directory.Anchors[1] = Sys.ActorOf(AnchorActor.Props(run, 1), "allocation-1");
        var stranger = CreateTestProbe("stranger");
        allocation.Tell(new PrefixLease(Attach, Mn, 0, 1, ModelTime.FromSeconds(1), ModelTime.FromSeconds(3600)), stranger.Ref);
        stranger.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Empty(Leases(1));
    }
}
