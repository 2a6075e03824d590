using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Control;
using DmmActors.Protocol;
using DmmActors.Reports;
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

    /// <summary>
    /// Node 0 is bound at two anchors, node 1 at one, node 2 at none. Where a practice gives a
    /// node one binding, node 0's second must not hide node 2 (two nodes lack exactly one);
    /// where it gives one per prefix kept (RFC 8818 §3.1), only node 2 lacks a binding.
    /// </summary>
    [Theory]
    [InlineData("pmipv6-multi-lma", 2)]
    [InlineData("dmm-anchor-relocation", 1)]
    public void Lost_bindings_are_the_nodes_without_the_bindings_their_practice_gives_them(string practice, int lost)
    {
        var summary = Summarise(practice,
            new BindingCacheSnapshot(0, [Active(0, 0), Active(1, 0)]),
            new BindingCacheSnapshot(1, [Active(0, 1)]));
        Assert.Equal(lost, summary.LostBindings);
        Assert.Equal(2, summary.NodesBound);
    }

    /// <summary>
    /// A failure's status travels with it, also from a cluster member to the driver, so a
    /// summary says why registrations failed and not only how many did.
    /// </summary>
    [Fact]
    public void Failed_registrations_are_counted_by_the_status_they_were_refused_with()
    {
        var run = TestRuns.Context(TestRuns.Scenario("pmipv6-multi-lma", mobileNodes: 3));
        var member = new DmmActors.Metrics.RunRecorder();
        member.RegistrationFailed(BindingStatus.TimestampLowerThanPrevAccepted);
        member.RegistrationFailed(BindingStatus.InsufficientResources);
        run.Recorder.RegistrationFailed(BindingStatus.TimestampLowerThanPrevAccepted);
        run.Recorder.Merge(member.Contents());

        var summary = RunSummary.From(run, [], "-", TimeSpan.Zero, "-");
        Assert.Equal(3, summary.FailedRegistrations);
        Assert.Equal([(BindingStatus.InsufficientResources, 1L), (BindingStatus.TimestampLowerThanPrevAccepted, 2L)], summary.FailedRegistrationsByStatus);
    }
}
