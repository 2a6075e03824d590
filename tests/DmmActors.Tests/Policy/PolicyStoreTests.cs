using DmmActors.Addressing;
using Xunit;

namespace DmmActors.Tests.Policy;

/// <summary>How the policy profiles name each node's anchor (RFC 5213 §6.2), as the scenario configures it (issue 24, item 3).</summary>
public class PolicyStoreTests
{
    [Fact]
    public void By_first_attachment_a_node_gets_the_anchor_nearest_the_router_it_first_attaches_to()
    {
        var run = TestRuns.Context(TestRuns.Scenario("pmipv6-multi-lma", mobileNodes: 30, anchors: 3));
        Assert.All(Enumerable.Range(0, 30), mn =>
            Assert.Equal(run.Topology.NearestAnchor(run.Policy.FirstRouters[mn]), run.Policy.AnchorOf(new MnIdentifier(mn))));
    }

    [Theory]
    [InlineData("pmipv6-multi-lma", "", 3)]
    // A MAP is no node's home (RFC 5380 §3): the two MAPs after the three home agents are skipped.
    [InlineData("hmipv6", "hmipv6 { maps = 2, domain-radius = 2 }", 3)]
    public void By_identifier_the_anchors_are_dealt_round_with_no_knowledge_of_where_a_node_will_be(string practice, string extra, int homes)
    {
        var run = TestRuns.Context(TestRuns.Scenario(practice, mobileNodes: 30, anchors: 3, extra: "policy.anchor-assignment = identifier\n" + extra));
        Assert.Equal(Enumerable.Range(0, 30).Select(mn => mn % homes), Enumerable.Range(0, 30).Select(mn => run.Policy.AnchorOf(new MnIdentifier(mn))));
        // Not drawn from the first routers: the same profile wherever the walks start.
        var reseeded = TestRuns.Context(TestRuns.Scenario(practice, mobileNodes: 30, anchors: 3, extra: "policy.anchor-assignment = identifier\nseed = 99\n" + extra));
        Assert.Equal(Enumerable.Range(0, 30).Select(mn => run.Policy.AnchorOf(new MnIdentifier(mn))),
            Enumerable.Range(0, 30).Select(mn => reseeded.Policy.AnchorOf(new MnIdentifier(mn))));
    }
}
