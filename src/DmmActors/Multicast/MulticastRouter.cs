using DmmActors.Addressing;
using DmmActors.Protocol;

namespace DmmActors.Multicast;

/// <summary>
/// The multicast router function at the far end of the access routers' upstream interfaces: an
/// LMA or anchor (RFC 6224 §4.1), the MTMA (RFC 7028 §3.1). It keeps the membership the proxies
/// report and sends one copy of each packet down every interface joined to its group.
/// </summary>
public sealed class MulticastRouter(int router, Endpoint here, Topology.Channel channel)
{
    readonly MembershipLog members = new();

    /// <summary>A proxy's report, as it arrives here.</summary>
    public void OnReport(MldProxyReport report)
    {
        var arrival = report.ArrivesAt;
        if (report.Join) members.Join(report.Group, report.AccessRouter, report.Tunnel, arrival);
        else members.Leave(report.Group, report.AccessRouter, report.Tunnel, arrival);
    }

    /// <summary>Replicates a packet that reached this router to the access routers joined to its group at that moment.</summary>
    public IEnumerable<(int AccessRouter, MulticastPacket Copy)> Replicate(MulticastPacket packet)
    {
        foreach (var (accessRouter, tunnel) in members.MembersAt(packet.Group, packet.ArrivesAt))
            yield return (accessRouter, channel.Carry(packet with { ViaRouter = router, ViaTunnel = tunnel }, here, Endpoint.AccessRouter(accessRouter)));
    }
}
