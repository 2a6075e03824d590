using DmmActors.Addressing;
using DmmActors.Functions;
using DmmActors.Practices;
using Xunit;

namespace DmmActors.Tests.Practices;

/// <summary>The composition root builds, from each practice's placement alone, the components its node kinds host.</summary>
public class CompositionTests
{
    [Theory]
    [InlineData("pmipv6", typeof(ProxyLocationClient), false, false, NodeKind.AccessRouter)]
    [InlineData("pmipv6-multi-lma", typeof(ProxyLocationClient), false, false, NodeKind.AccessRouter)]
    [InlineData("mipv6-bt", null, true, false, NodeKind.MobileNode)]
    [InlineData("dmm-anchor-relocation", typeof(MaarLocationClient), false, true, NodeKind.AccessRouter)]
    public void Each_node_kind_gets_the_components_its_practice_places_on_it(string practice, Type? routerClient, bool nodeClient,
        bool anchorsAtRouters, NodeKind clientHost)
    {
        var run = TestRuns.Context(TestRuns.Scenario(practice));
        var composition = run.Composition;

        Assert.Equal(routerClient, composition.AccessRouterLocationClient(run, 0)?.GetType());
        Assert.Equal(nodeClient, composition.MobileNodeLocationClient(run, new MnIdentifier(0), null) is not null);
        Assert.Equal(clientHost, composition.LocationClientHost);
        Assert.Equal(anchorsAtRouters, composition.AnchorRelocation(run, 0) is not null);
        Assert.Equal(anchorsAtRouters, run.Topology.AnchorsAtAccessRouters);
        Assert.Equal(anchorsAtRouters ? typeof(SessionSharingConnectionManager) : typeof(SilentConnectionManager), composition.ConnectionManager.GetType());
        // Where the node's policy profile names its anchor, no other anchor serves it (RFC 5213 §6.2).
        Assert.Equal(!anchorsAtRouters, composition.PolicyNamesTheAnchor);
    }

    [Fact]
    public void HMIPv6_places_a_hierarchical_client_on_the_node_MAP_tunnels_on_the_MAPs_and_MAP_options_on_the_routers()
    {
        var run = TestRuns.Context(TestRuns.Scenario("hmipv6", anchors: 2, extra: "hmipv6 { maps = 3, domain-radius = 3 }"));
        var composition = run.Composition;
        Assert.Equal((5, 2), (run.Topology.Anchors, run.Topology.FirstMap));
        Assert.IsType<HierarchicalLocationClient>(composition.MobileNodeLocationClient(run, new MnIdentifier(0), null));
        Assert.Null(composition.AccessRouterLocationClient(run, 0));
        Assert.Equal([false, false, true, true, true], Enumerable.Range(0, 5).Select(a => composition.MobilityAnchorPoint(run, a, new DmmActors.Bindings.BindingCache(a, run.BindingRules)) is not null));
        // A MAP is no node's home agent (RFC 5380 §3): every node's is one of the first two anchors.
        Assert.All(Enumerable.Range(0, 9), r => Assert.InRange(run.Topology.NearestAnchor(r), 0, 1));
        Assert.All(Enumerable.Range(0, 9), r => Assert.NotEmpty(composition.MapAdvertisement(run, r)!.Options));

        var mipv6 = TestRuns.Context(TestRuns.Scenario("mipv6-bt"));
        Assert.IsType<HostLocationClient>(mipv6.Composition.MobileNodeLocationClient(mipv6, new MnIdentifier(0), null));
        Assert.Null(mipv6.Composition.MapAdvertisement(mipv6, 0));
        Assert.Null(mipv6.Composition.MobilityAnchorPoint(mipv6, 1, new DmmActors.Bindings.BindingCache(1, mipv6.BindingRules)));
    }

    [Fact]
    public void A_node_that_shares_nothing_asks_to_keep_nothing_and_names_no_previous_router()
    {
        var rs = SilentConnectionManager.Instance.Solicitation(new(new MnIdentifier(1), 2, DmmActors.Protocol.ProcedureKind.Handover), ModelTime.Zero,
            new MnIdentifier(1), 5, [new DmmActors.Protocol.PrefixInUse(Prefix64.Delegated(5, 1), 1)]);
        Assert.Equal(-1, rs.PreviousRouter);
        Assert.Empty(rs.KeepPrefixes);
    }
}
