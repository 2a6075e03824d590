using DmmActors.Loading;
using DmmActors.Persistence;
using DmmActors.Run;
using Xunit;

namespace DmmActors.Tests.Practices;

/// <summary>One seed, one result: what a relocation does to packets and tunnels is decided in model time, not by the order the actors run in.</summary>
[Collection("actors")]
public class RelocationDeterminismTests
{
    [Fact]
    public async Task Two_runs_of_one_seed_with_anchor_relocation_give_the_same_paths_tunnels_and_packet_counts()
    {
        var scenario = ScenarioLoader.Parse("""
            dmm.scenario {
              name = relocation-twice, seed = 3, practice = dmm-anchor-relocation, mobile-nodes = 1000
              topology { access-routers = 36, correspondents = 4 }
              mobility { handovers-per-node = 4, dwell = 20s }
              traffic { sessions-per-node = 2, session-duration = 40s, continuity-share = 0.5 }
              relocation { trigger = distance, max-hops = 2 }
            }
            """, "relocation twice");
        async Task<Reports.RunSummary> Run() => await EmulationRun.ExecuteAsync(scenario, JournalTarget.InMemory(), new Progress<DmmActors.Metrics.RunProgress>());
        var (a, b) = (await Run(), await Run());

        Assert.True(a.Relocations > 0);
        Assert.Equal(a.BindingsChecksum, b.BindingsChecksum);
        Assert.Equal((a.Relocations, a.PacketsBufferedDuringTransfer, a.PacketsForwardedAfterTransfer),
            (b.Relocations, b.PacketsBufferedDuringTransfer, b.PacketsForwardedAfterTransfer));
        Assert.Equal(a.TunnelsPerNode, b.TunnelsPerNode);
        Assert.Equal(a.PathStretches, b.PathStretches);
        Assert.Equal(a.HandoverLatencyMs, b.HandoverLatencyMs);
    }
}
