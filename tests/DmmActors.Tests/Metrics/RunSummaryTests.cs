using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Metrics;
using DmmActors.Run;
using Xunit;

namespace DmmActors.Tests.Metrics;

public class RunSummaryTests
{
    static readonly ModelTime Hour = ModelTime.FromSeconds(3600);

    static BindingCacheEntry Active(int mn, int anchor) =>
        new(new MnIdentifier(mn), Prefix64.Delegated(anchor, mn), 0, 1, ModelTime.Zero, Hour, ModelTime.Zero, Hour, BindingState.Active);

    static RunSummary Summarise(string practice, params BindingCacheSnapshot[] snapshots)
    {
        var run = TestRuns.Context(TestRuns.Scenario(practice, mobileNodes: 3));
        return RunSummary.From(run, snapshots, "-", TimeSpan.Zero, "-");
    }

    [Fact]
    public void A_node_bound_twice_where_its_practice_gives_it_one_binding_does_not_hide_a_node_bound_nowhere()
    {
        // Node 0 is bound at both LMAs, node 1 at one, node 2 at none: two nodes lack exactly one binding.
        var summary = Summarise("pmipv6-multi-lma",
            new BindingCacheSnapshot(0, [Active(0, 0), Active(1, 0)]),
            new BindingCacheSnapshot(1, [Active(0, 1)]));
        Assert.Equal(2, summary.LostBindings);
        Assert.Equal(2, summary.NodesBound);
    }

    [Fact]
    public void A_node_of_a_distributed_practice_may_hold_one_binding_per_prefix_kept()
    {
        var summary = Summarise("dmm-anchor-relocation",
            new BindingCacheSnapshot(0, [Active(0, 0), Active(1, 0)]),
            new BindingCacheSnapshot(1, [Active(0, 1)]));
        Assert.Equal(1, summary.LostBindings);
    }
}
