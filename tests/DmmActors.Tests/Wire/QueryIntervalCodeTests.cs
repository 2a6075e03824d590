using DmmActors.Addressing;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Wire;

/// <summary>RFC 3810 §5.1.9: the Querier's Query Interval Code, and the interval a query keeps being the one its code says.</summary>
public class QueryIntervalCodeTests
{
    [Theory]
    [InlineData(125, 125, 125)]
    [InlineData(127, 127, 127)]
    // From 128 s on: 1, exponent, mantissa; the interval (mantissa | 0x10) << (exponent + 3).
    [InlineData(128, 0x80, 128)]
    [InlineData(200, 0x89, 200)]
    [InlineData(1_000, 0xAF, 992)]
    [InlineData(31_744, 0xFF, 31_744)]
    public void The_code_says_the_interval_in_seconds_below_128_and_on_a_coarser_grid_above(int seconds, int code, int representable)
    {
        var interval = ModelTime.FromSeconds(seconds);
        Assert.Equal((byte)code, QueryIntervalCode.Of(interval));
        Assert.Equal(ModelTime.FromSeconds(representable), QueryIntervalCode.Interval((byte)code));
        Assert.Equal(ModelTime.FromSeconds(representable), new MldQuery(default, ModelTime.Zero, 0, ModelTime.Zero) { QueryInterval = interval }.QueryInterval);
    }
}
