using DmmActors.Persistence;
using DmmActors.Run;
using Xunit;

namespace DmmActors.Tests.Practices;

/// <summary>Packets sent while a node moves (traffic.flow-rate): a break-before-make handover loses those the network routes to where the node was.</summary>
[Collection("actors")]
public class HandoverFlowTests
{
    static Task<Reports.RunSummary> Run(string practice) => EmulationRun.ExecuteAsync(
        TestRuns.Scenario(practice, mobileNodes: 40, handovers: 3, sessions: 2, extra: "traffic.flow-rate = 200\nmobility.dwell = 3s"),
        JournalTarget.InMemory(), new Progress<DmmActors.Metrics.RunProgress>());

    [Fact]
    public async Task Every_practice_loses_what_is_sent_to_the_old_link_and_a_host_that_probes_its_address_loses_more()
    {
        var (proxy, host) = (await Run("pmipv6"), await Run("mipv6-bt"));
        foreach (var s in new[] { proxy, host })
        {
            var h = s.HandoverPackets;
            Assert.Equal(120 * 2, h.SessionMoves);
            Assert.Equal(h.Sent, h.Delivered + h.Lost);
            Assert.True(h.Lost > 0 && h.Delivered > 0, $"{s.Practice}: {h}");
            // The flow's packets are the handover's: no probe was lost.
            Assert.Equal(0, s.PacketsLost);
        }
        // PMIPv6: the link-layer handover (20 ms), the RS and the PBU's way to the LMA, and what was on its way to the old MAG.
        Assert.InRange(proxy.HandoverPackets.GapMs, 25, 250);
        // MIPv6 waits for DAD (1 s) and the RA's delay before its BU leaves.
        Assert.True(host.HandoverPackets.GapMs > proxy.HandoverPackets.GapMs + 900, $"{host.HandoverPackets.GapMs} ms against {proxy.HandoverPackets.GapMs} ms");
        // Routed as the network stood when each packet left, not as the actors ran: one seed, one result.
        Assert.Equal(proxy.HandoverPackets, (await Run("pmipv6")).HandoverPackets);
    }
}
