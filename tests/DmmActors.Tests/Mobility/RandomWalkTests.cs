using DmmActors.Addressing;
using DmmActors.Mobility;
using DmmActors.Randomness;
using Xunit;

namespace DmmActors.Tests.Mobility;

/// <summary>A walk put where it stands from the count of its draws makes the draws a walked one makes next.</summary>
public class RandomWalkTests
{
    [Fact]
    public void Skipping_draws_leaves_the_generator_where_drawing_them_would()
    {
        var drawn = new SplitMix64(42);
        for (int i = 0; i < 1000; i++) drawn.Next();
        var skipped = new SplitMix64(42);
        skipped.Skip(1000);
        Assert.Equal(drawn.State, skipped.State);
        Assert.Equal(drawn.Next(), skipped.Next());
        // The state wraps as drawing it would: a seed near the top of the range skips past zero.
        var high = new SplitMix64(ulong.MaxValue - 3);
        high.Next(); high.Next();
        var highSkipped = new SplitMix64(ulong.MaxValue - 3);
        highSkipped.Skip(2);
        Assert.Equal(high.State, highSkipped.State);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(37)]
    public void A_walk_after_n_moves_goes_on_as_the_walk_that_made_them(int procedure)
    {
        var topology = DmmActors.Practices.PracticeTopology.Of(TestRuns.Scenario("pmipv6"));
        var dwell = ModelTime.FromSeconds(5);
        var walked = new RandomWalk(7, 123, dwell);
        var router = walked.Start(topology).Router;
        for (int move = 1; move < procedure; move++) router = walked.Move(topology, router).Router;

        var placed = RandomWalk.AfterMoves(7, 123, dwell, procedure - 1);
        Assert.Equal(walked.State, placed.State);
        for (int move = 0; move < 5; move++)
        {
            var next = walked.Move(topology, router);
            Assert.Equal(next, placed.Move(topology, router));
            router = next.Router;
        }
    }
}
