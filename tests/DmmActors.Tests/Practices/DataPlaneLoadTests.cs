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

    static Task<RunSummary> Run(string practice, string extra = "") => EmulationRun.ExecuteAsync(
        TestRuns.Scenario(practice, mobileNodes: 40, handovers: 3, sessions: 2, extra: "traffic.flow-rate = 200\nmobility.dwell = 3s\n" + extra),
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

    static long UplinkPackets(RunSummary s) => s.DataPlane.Sum(a => a.Uplink.Packets);

    [Fact]
    public async Task The_nodes_send_up_the_MAGs_reverse_tunnels_and_the_LMA_sends_each_packet_on_to_its_correspondent()
    {
        var s = await Run("pmipv6");
        var f = s.SessionFlows;
        Assert.True(f.UplinkSent > 0, "no packet went up");
        Assert.Equal(f.UplinkSent, f.UplinkDelivered + f.UplinkLost);
        // RFC 5213 §6.10.5: MAG to LMA in the tunnel, LMA to correspondent out of it; every packet delivered passed an LMA.
        Assert.Equal(f.UplinkDelivered, UplinkPackets(s));
        Assert.All(s.DataPlane, a => Assert.Equal((a.Uplink.Packets * Datagram, 0L), (a.Uplink.Bytes, a.Uplink.EncapsulationBytes)));
        Assert.Equal(f.UplinkDelivered * 40, f.UplinkEncapsulationBytes);
        var json = ReportWriter.Json(s)["data_plane"]!;
        Assert.Equal(UplinkPackets(s), (long)json["uplink"]!["packets"]!);
        Assert.Equal(f.UplinkSent, (long)json["flows"]!["uplink_sent"]!);
    }

    [Fact]
    public async Task Route_optimisation_takes_the_uplink_off_the_home_agent_too()
    {
        var (bt, ro) = (await Run("mipv6-bt"), await Run("mipv6-ro"));
        // RFC 6275 §11.3.1: the node tunnels to its home agent, which sends each packet on as from the home address.
        Assert.True(bt.SessionFlows.UplinkDelivered > 0);
        Assert.Equal(bt.SessionFlows.UplinkDelivered, UplinkPackets(bt));
        Assert.Equal(40, bt.SessionFlows.UplinkEncapsulationPerPacket);
        // With a binding at the correspondent, straight there with a Home Address option, in no tunnel.
        Assert.True(UplinkPackets(ro) < UplinkPackets(bt) / 2, $"home agents sent on {UplinkPackets(ro):N0} packets up with route optimisation, {UplinkPackets(bt):N0} without");
        Assert.True(ro.SessionFlows.UplinkEncapsulationPerPacket < 20, $"{ro.SessionFlows.UplinkEncapsulationPerPacket} bytes of tunnel headers per packet");
    }

    [Fact]
    public async Task An_HMIPv6_node_sends_up_through_its_MAP_which_tunnels_on_to_the_home_agent()
    {
        var s = await Run("hmipv6", "hmipv6.maps = 3");
        Assert.True(s.SessionFlows.UplinkDelivered > 0);
        // RFC 5380 §6.2: LCoA to MAP in one tunnel, RCoA to home agent in another.
        Assert.Equal(80, s.SessionFlows.UplinkEncapsulationPerPacket);
        var maps = s.DataPlane.Where(a => a.Id.StartsWith("map-", StringComparison.Ordinal)).ToArray();
        var homeAgents = s.DataPlane.Except(maps).ToArray();
        Assert.Equal(s.SessionFlows.UplinkDelivered, maps.Sum(a => a.Uplink.Packets));
        Assert.Equal(s.SessionFlows.UplinkDelivered, homeAgents.Sum(a => a.Uplink.Packets));
        Assert.All(maps, a => Assert.Equal(a.Uplink.Packets * Tunnelled, a.Uplink.Bytes));
    }

    [Fact]
    public async Task The_flow_to_each_node_runs_at_its_rate_from_the_nodes_attachment_to_its_last_move()
    {
        var s = await Run("pmipv6");
        const double Rate = 200;
        // Between handovers and over each handover's window, on one grid: a packet per 1/rate of each session's time.
        var expected = s.Procedures.GroupBy(p => p.MobileNode)
            .Sum(node => (node.Max(p => p.CompletedAt) - node.Min(p => p.CompletedAt)).Seconds * Rate * 2);
        var sent = s.SessionFlows.DownlinkSent + s.HandoverPackets.Sent;
        // Each stretch, between handovers or over a window, may start or end a packet off the rate.
        var slack = s.Procedures.Count * 2 * 2;
        Assert.InRange(sent, expected - slack, expected + slack);
    }
}
