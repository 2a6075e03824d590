using DmmActors.Bootstrap;
using DmmActors.Cluster;
using DmmActors.Emulation;
using DmmActors.Loading;
using DmmActors.Scenarios;
using Xunit;

namespace DmmActors.Tests.Cluster;

public class TopologyRegionsTests
{
    static RunContext Context(string scenario) =>
        RunBootstrap.NewContext(ScenarioLoader.Parse(scenario, "test"), "regions-test");

    [Fact]
    public void A_router_its_nearest_anchor_and_the_nodes_that_attach_there_share_a_region()
    {
        var run = Context("dmm.scenario { practice = pmipv6-multi-lma, mobile-nodes = 2000, topology { access-routers = 64, anchors = 6 } }");
        var regions = TopologyRegions.Of(run);
        // Six anchors spread over an 8 x 8 grid fall in six different tiles.
        Assert.Equal(6, regions.Count);
        for (int r = 0; r < run.Topology.AccessRouters; r++)
            Assert.Equal(regions.Of(EntityKind.Anchor, run.Topology.NearestAnchor(r)), regions.Of(EntityKind.AccessRouter, r));
        var firstRouters = RunBootstrap.FirstRouters(run.Scenario, run.Topology);
        for (int mn = 0; mn < run.Scenario.MobileNodes; mn++)
        {
            Assert.Equal(regions.Of(EntityKind.AccessRouter, firstRouters[mn]), regions.Of(EntityKind.MobileNode, mn));
            // The node's LMA (its policy profile) is in the node's own region.
            Assert.Equal(regions.Of(EntityKind.Anchor, run.Policy.AnchorOf(new Addressing.MnIdentifier(mn))), regions.Of(EntityKind.MobileNode, mn));
        }
        for (int c = 0; c < run.Topology.Correspondents; c++)
            Assert.Equal(regions.Of(EntityKind.AccessRouter, run.Topology.CorrespondentSites[c]), regions.Of(EntityKind.Correspondent, c));
    }

    [Fact]
    public void With_an_anchor_at_every_router_the_regions_are_tiles_of_neighbouring_routers()
    {
        var run = Context("dmm.scenario { practice = dmm-anchor-relocation, mobile-nodes = 100, topology { access-routers = 36 } }");
        var regions = TopologyRegions.Of(run);
        Assert.Equal(16, regions.Count);
        var sizes = Enumerable.Range(0, run.Topology.AccessRouters).GroupBy(r => regions.Of(EntityKind.AccessRouter, r)).ToArray();
        Assert.Equal(16, sizes.Length);
        // Each region is one connected patch of the grid: every router in it but one has a neighbour in it.
        foreach (var region in sizes)
        {
            var members = region.ToHashSet();
            Assert.All(members, r => Assert.True(members.Count == 1 || run.Topology.NeighboursOf(r).Any(members.Contains), $"router {r} alone in region {region.Key}"));
        }
    }

    [Theory]
    [InlineData(6, 3)]
    [InlineData(16, 4)]
    [InlineData(16, 3)]
    [InlineData(5, 5)]
    [InlineData(3, 4)]
    public void Members_get_consecutive_regions_as_evenly_as_whole_regions_allow(int regions, int members)
    {
        var owners = Enumerable.Range(0, regions).Select(r => TopologyRegions.MemberOf(r, regions, members)).ToArray();
        Assert.Equal(owners.Order(), owners);
        Assert.All(owners, m => Assert.InRange(m, 0, members - 1));
        var perMember = Enumerable.Range(0, members).Select(m => owners.Count(o => o == m)).ToArray();
        Assert.True(perMember.Max() - perMember.Min() <= 1, string.Join(",", perMember));
    }
}
