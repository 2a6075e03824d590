using DmmActors.Persistence;
using DmmActors.Protocol;
using DmmActors.Run;
using Xunit;

namespace DmmActors.Tests.Practices;

/// <summary>Duplicate address detection (RFC 4862 §5.4) is for an address the node forms, not for one it kept across a move.</summary>
[Collection("actors")]
public class KeptAddressTests
{
    [Fact]
    public async Task A_DMM_node_back_at_the_router_whose_anchor_gave_it_a_prefix_it_kept_uses_that_address_at_once()
    {
        // Sessions that never end keep the first prefix for the whole walk; with no RA delay, a handover is its signalling alone.
        var scenario = TestRuns.Scenario("dmm-anchor-relocation", mobileNodes: 80, handovers: 4, sessions: 1, extra: "neighbour-discovery.max-ra-delay = 0s");
        var s = await EmulationRun.ExecuteAsync(scenario, JournalTarget.InMemory(), new Progress<DmmActors.Metrics.RunProgress>());

        var firstRouter = s.Procedures.Where(p => p.Kind == ProcedureKind.Attach).ToDictionary(p => p.MobileNode, p => p.ToRouter);
        var handovers = s.Procedures.Where(p => p.Kind == ProcedureKind.Handover).ToArray();
        var back = handovers.Where(p => p.ToRouter == firstRouter[p.MobileNode]).ToArray();
        Assert.True(back.Length > 10, $"{back.Length} of {handovers.Length} handovers went back to the node's first router");
        // A new prefix elsewhere is probed (its NS counted) while the kept one carries the sessions; none waits RetransTimer (1 s).
        Assert.All(handovers, p => Assert.True(p.Latency.Milliseconds < 500, $"{p.MobileNode} procedure {p.Number} to ar-{p.ToRouter}: {p.Latency}"));
        Assert.True(s.SignallingPerHandover["NS (DAD)"] < 1.0);
    }
}
