using DmmActors.Addressing;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Wire;

/// <summary>RFC 3810 §5.1.3: the Maximum Response Code, and the delay a query keeps being the one its code says.</summary>
public class MaximumResponseCodeTests
{
    [Theory]
    [InlineData(10_000, 10_000, 10_000)]
    [InlineData(32_767, 32_767, 32_767)]
    // From 32768 ms on: 1, exponent, mantissa; the delay (mantissa | 0x1000) << (exponent + 3).
    [InlineData(32_768, 0x8000, 32_768)]
    [InlineData(33_333, 0x8046, 33_328)]
    [InlineData(8_387_583, 0xFFFE, 8_386_560)]
    public void The_code_says_the_delay_in_milliseconds_below_32768_and_on_a_coarser_grid_above(long ms, int code, long representable)
    {
        var delay = ModelTime.FromMilliseconds(ms);
        Assert.Equal((ushort)code, MaximumResponseCode.Of(delay));
        Assert.Equal(ModelTime.FromMilliseconds(representable), MaximumResponseCode.Delay((ushort)code));
        Assert.Equal(ModelTime.FromMilliseconds(representable), new MldQuery(default, ModelTime.Zero, 0, delay).MaximumResponseDelay);
    }
}
