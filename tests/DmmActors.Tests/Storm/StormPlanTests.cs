using DmmActors.Configuration;
using DmmActors.Storm;
using Xunit;

namespace DmmActors.Tests.Storm;

public class StormPlanTests
{
    public static IEnumerable<object[]> OpenPhases() =>
    [
        [new InjectPhase(1500, TimeSpan.FromSeconds(4))],
        [new RampPhase(1000, 5000, TimeSpan.FromSeconds(3))],
        [new RampPhase(4000, 500, TimeSpan.FromSeconds(2))],
        [new BurstPhase(0.25, TimeSpan.FromSeconds(2))],
    ];

    [Theory]
    [MemberData(nameof(OpenPhases))]
    public void Each_arrival_is_scheduled_when_the_phase_says_it_is_due(LoadPhase phase)
    {
        const int nodes = 10_000;
        var total = (long)Math.Floor(phase.DueBy(phase.Duration, nodes));
        Assert.True(total > 0);
        for (long k = 0; k < total; k += Math.Max(1, total / 50))
        {
            var at = phase.ArrivalOf(k, nodes);
            Assert.InRange(at, TimeSpan.Zero, phase.Duration);
            Assert.Equal(k, phase.DueBy(at, nodes), 3);
        }
    }

    [Fact]
    public void A_ramp_issues_the_area_under_its_rate()
    {
        var ramp = new RampPhase(2000, 6000, TimeSpan.FromSeconds(3));
        Assert.Equal(12_000, ramp.DueBy(ramp.Duration, 1), 6);
        Assert.Equal(2500, new BurstPhase(0.25, TimeSpan.FromSeconds(2)).DueBy(TimeSpan.FromSeconds(2), 10_000), 6);
    }

    [Fact]
    public void The_embedded_default_storm_ends_in_a_burst()
    {
        var plan = StormLoader.Parse("", "test", 20_000);
        Assert.IsType<BurstPhase>(plan.Phases[^1]);
        Assert.Equal(0L, plan.Thresholds.LostBindings);
    }

    [Theory]
    [InlineData("dmm.storm.phases = [ { type = tsunami, rate = 5 } ]", "is not a load phase")]
    [InlineData("dmm.storm.phases = [ { type = inject, rate = 5, duration = 1s, window = 2s } ]", "'window' does not apply to a inject phase")]
    [InlineData("dmm.storm.phases = [ { type = burst, fraction = 1.5, window = 2s } ]", "fraction = 1.5 is out of range")]
    [InlineData("dmm.storm.phases = [ { type = ramp, from = 1, to = 2, duration = soon } ]", "is not a duration")]
    [InlineData("dmm.storm.phases = []", "at least one phase")]
    [InlineData("dmm.storm.phasse = []", "unknown key 'dmm.storm.phasse'")]
    public void A_bad_storm_is_refused_naming_the_problem(string text, string expected)
    {
        var e = Assert.Throws<InputError>(() => StormLoader.Parse(text, "storm.conf", 1000));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("storm.conf:", e.Message);
    }
}
