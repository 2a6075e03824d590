using DmmActors.Addressing;
using DmmActors.Functions;
using DmmActors.Scenarios;
using Xunit;

namespace DmmActors.Tests.Protocol;

/// <summary>When an anchor sheds a new registration (dmm.scenario.overload), and how long a MAG backs off from it.</summary>
public class AdmissionControlTests
{
    [Fact]
    public void Past_the_high_water_mark_a_registration_is_refused_and_below_it_taken()
    {
        var admission = AdmissionControl.For(new OverloadSettings(HighWater: 3, Capacity: 0))!;
        Assert.True(admission.Admits(0));
        Assert.True(admission.Admits(2));
        Assert.False(admission.Admits(3));
        Assert.False(admission.Admits(10));
        Assert.True(admission.Admits(2), "the mark is a level, not a latch");
    }

    [Fact]
    public void The_capacity_takes_a_tenth_of_a_second_of_registrations_at_once_and_no_more()
    {
        var admission = AdmissionControl.For(new OverloadSettings(HighWater: 0, Capacity: 50))!;
        // 50 per second: a burst of 5; the sixth within the same instant finds the bucket empty.
        var taken = Enumerable.Range(0, 6).Count(_ => admission.Admits(0));
        Assert.Equal(5, taken);
        Thread.Sleep(200);
        Assert.True(admission.Admits(0), "the bucket refills with wall-clock time");
    }

    [Fact]
    public void With_both_limits_off_there_is_no_overload_control()
    {
        Assert.Null(AdmissionControl.For(new OverloadSettings(0, 0)));
    }

    [Fact]
    public void A_jittered_back_off_is_at_least_the_RFC_interval_and_below_twice_it()
    {
        var b = RetransmissionBackoff.ProxyBindingUpdate;
        Assert.Equal(ModelTime.FromSeconds(1), b.Jittered(0, 0.0));
        Assert.Equal(ModelTime.FromSeconds(3), b.Jittered(1, 0.5));
        Assert.True(b.Jittered(5, 0.999) < ModelTime.FromSeconds(64));
        Assert.Equal(ModelTime.FromSeconds(32), b.Jittered(9, 0.0));
    }
}
