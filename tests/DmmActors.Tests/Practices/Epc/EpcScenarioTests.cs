using DmmActors.Configuration;
using DmmActors.Loading;
using Xunit;

namespace DmmActors.Tests.Practices.Epc;

/// <summary>What an EPS scenario may ask for: no more tracking areas than a TAC numbers, no more eNBs than a 20-bit eNB ID.</summary>
public class EpcScenarioTests
{
    static string Scenario(int accessRouters, int side) => $$"""
        dmm.scenario {
          name = epc-limits, practice = epc, mobile-nodes = 10
          topology { access-routers = {{accessRouters}}, anchors = 1 }
          epc.tracking-area-side = {{side}}
        }
        """;

    [Fact]
    public void More_tracking_areas_than_a_TAC_numbers_are_refused_naming_the_key()
    {
        var e = Assert.Throws<InputError>(() => ScenarioLoader.Parse(Scenario(70_000, 1), "limits.conf"));
        Assert.Contains("epc.tracking-area-side = 1", e.Message);
        Assert.Contains("16-bit TAC", e.Message);
        Assert.Equal("epc", ScenarioLoader.Parse(Scenario(70_000, 2), "limits.conf").PracticeName);
    }

    [Fact]
    public void More_eNBs_than_a_20_bit_eNB_ID_numbers_are_refused()
    {
        var e = Assert.Throws<InputError>(() => ScenarioLoader.Parse(Scenario(1_100_000, 8), "limits.conf"));
        Assert.Contains("20-bit eNB ID", e.Message);
    }
}
