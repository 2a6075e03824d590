using DmmActors.Addressing;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Wire;

/// <summary>
/// RFC 3810 §5.1.3, §5.1.9: the Maximum Response Code (milliseconds) and the Querier's Query
/// Interval Code (seconds), and the value a query keeps being the one its code says.
/// </summary>
public class MldCodeTests
{
    [Theory]
    [InlineData("MRC", 10_000, 10_000, 10_000)]
    [InlineData("MRC", 32_767, 32_767, 32_767)]
    // From 32768 ms on: 1, exponent, mantissa; the delay (mantissa | 0x1000) << (exponent + 3).
    [InlineData("MRC", 32_768, 0x8000, 32_768)]
    [InlineData("MRC", 33_333, 0x8046, 33_328)]
    [InlineData("MRC", 8_387_583, 0xFFFE, 8_386_560)]
    [InlineData("QQIC", 125, 125, 125)]
    [InlineData("QQIC", 127, 127, 127)]
    // From 128 s on: 1, exponent, mantissa; the interval (mantissa | 0x10) << (exponent + 3).
    [InlineData("QQIC", 128, 0x80, 128)]
    [InlineData("QQIC", 200, 0x89, 200)]
    [InlineData("QQIC", 1_000, 0xAF, 992)]
    [InlineData("QQIC", 31_744, 0xFF, 31_744)]
    public void The_code_says_the_value_exactly_below_its_threshold_and_on_a_coarser_grid_above(string field, long value, int code, long representable)
    {
        Func<long, ModelTime> unit = field == "MRC" ? ms => ModelTime.FromMilliseconds(ms) : s => ModelTime.FromSeconds(s);
        var (given, shown) = (unit(value), unit(representable));
        var query = new MldQuery(default, ModelTime.Zero, 0, field == "MRC" ? given : ModelTime.Zero);
        if (field == "MRC")
        {
            Assert.Equal((ushort)code, MaximumResponseCode.Of(given));
            Assert.Equal(shown, MaximumResponseCode.Delay((ushort)code));
            Assert.Equal(shown, query.MaximumResponseDelay);
        }
        else
        {
            Assert.Equal((byte)code, QueryIntervalCode.Of(given));
            Assert.Equal(shown, QueryIntervalCode.Interval((byte)code));
            Assert.Equal(shown, (query with { QueryInterval = given }).QueryInterval);
        }
    }
}
