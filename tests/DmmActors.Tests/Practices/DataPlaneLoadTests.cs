using DmmActors.Persistence;
using DmmActors.Reports;
using DmmActors.Run;
using Xunit;

namespace DmmActors.Tests.Practices;

/// <summary>What each anchor's data plane carries on: packets, and their bytes as the wire has them.</summary>
[Collection("actors")]
public class DataPlaneLoadTests
{
    /// <summary>RFC 8200 §3 and RFC 768: the probe datagram is an IPv6 header, a UDP header and the emulator's 32 bytes; RFC 2473 §3 adds an outer IPv6 header.</summary>
    const int Datagram = 40 + 8 + 32, Tunnelled = Datagram + 40;

    static Task<RunSummary> Run(string practice) => EmulationRun.ExecuteAsync(
        TestRuns.Scenario(practice, mobileNodes: 40, handovers: 3, sessions: 2, extra: "traffic.flow-rate = 200"),
        JournalTarget.InMemory(), new Progress<DmmActors.Metrics.RunProgress>());

    static long Packets(RunSummary s) => s.DataPlane.Sum(a => a.Downlink.Packets);

    [Fact]
    public async Task An_LMA_tunnels_every_packet_it_sends_on_and_counts_its_bytes_with_the_outer_header()
    {
        var s = await Run("pmipv6");
        // Every probe and every flow packet reaches the LMA; it sends on all but those of a prefix it has no route for.
        Assert.True(s.HandoverPackets.Sent > 0 && Packets(s) >= s.HandoverPackets.Sent - s.HandoverPackets.Lost,
            $"{Packets(s)} packets, {s.HandoverPackets.Sent} flow packets sent, {s.HandoverPackets.Lost} lost");
        Assert.All(s.DataPlane, a =>
        {
            Assert.Equal(a.Downlink.Packets * Tunnelled, a.Downlink.Bytes);
            Assert.Equal(a.Downlink.Packets * 40, a.Downlink.EncapsulationBytes);
        });
        // What the nodes took in came in one tunnel each, LMA to MAG.
        Assert.True(s.DataPacketsDelivered > 0);
        Assert.Equal(s.DataPacketsDelivered * 40, s.DeliveredEncapsulationBytes);
        var json = ReportWriter.Json(s)["data_plane"]!;
        Assert.Equal(Packets(s), (long)json["downlink"]!["packets"]!);
        Assert.Equal(s.DataPlane.Count, json["anchors"]!.AsArray().Count);
    }

    [Fact]
    public async Task Route_optimisation_takes_load_off_the_home_agent_that_bidirectional_tunnelling_leaves_on_it()
    {
        var (bt, ro) = (await Run("mipv6-bt"), await Run("mipv6-ro"));
        Assert.True(Packets(bt) > 0);
        Assert.All(bt.DataPlane, a => Assert.Equal(a.Downlink.Packets * Tunnelled, a.Downlink.Bytes));
        // The correspondents send to the home address until return routability and the BU to them are done (RFC 6275 §5.2.5).
        Assert.True(Packets(ro) < Packets(bt) / 2, $"home agents sent on {Packets(ro):N0} packets with route optimisation, {Packets(bt):N0} without");
        // Through the home agent a packet reaches its node in the HA's tunnel; straight from the correspondent, in none.
        Assert.Equal(bt.DataPacketsDelivered * 40, bt.DeliveredEncapsulationBytes);
        Assert.True(ro.DataPacketsDelivered > 0);
        Assert.True(ro.DeliveredEncapsulationBytes < ro.DataPacketsDelivered * 40 / 2, $"{ro.DeliveredEncapsulationBytes:N0} bytes of tunnel headers over {ro.DataPacketsDelivered:N0} packets");
    }

    [Fact]
    public async Task A_distributed_anchor_on_the_nodes_own_router_sends_on_without_a_tunnel()
    {
        var s = await Run("dmm-anchor-relocation");
        var untunnelled = s.DataPlane.Sum(a => a.Downlink.Packets - a.Downlink.EncapsulationBytes / 40);
        Assert.True(untunnelled > 0, $"{Packets(s):N0} packets, all tunnelled");
        Assert.Equal(s.DataPlane.Sum(a => a.Downlink.Packets * Datagram + a.Downlink.EncapsulationBytes), s.DataPlane.Sum(a => a.Downlink.Bytes));
    }
}
