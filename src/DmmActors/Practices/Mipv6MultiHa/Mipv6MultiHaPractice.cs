using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Practices.Mipv6MultiHa;

/// <summary>
/// MIPv6 with several home agents found by dynamic home agent address discovery (RFC 6275
/// §10.5, §11.4.1; draft §4.2.1, Figure 3): no node is told its home agent; each asks the
/// Home-Agents anycast address on its first link, and registers with the first agent of the
/// reply, the nearest to that link. A home agent serves any node whose home address is on its pool.
/// </summary>
public sealed class Mipv6MultiHaPractice : HostBasedPractice
{
    public override string Name => "mipv6-multi-ha";
    public override string Title => "Mobile IPv6, several HAs found by DHAAD";
    public override string Reference => "RFC 6275 §10.5, §11.4.1, §6.5, §6.6; RFC 2526; draft §4.2.1, Figure 3";
    public override int CatalogueOrder => 32;

    public override MobileNodeParts Compose(IMobileNodeHost node) => new(new DiscoveringLocationClient(node), ConnectionManager);

    public override IEnumerable<IAnchorComponent> AnchorComponents(IAnchorHost anchor) => [new HomeAgentDiscovery(anchor)];

    public override bool PolicyNamesTheAnchor => false;

    static readonly IReadOnlySet<SignalType> AllSignalling =
        HostSignallingAnd(SignalType.HomeAgentAddressDiscoveryRequest, SignalType.HomeAgentAddressDiscoveryReply);

    public override IReadOnlySet<SignalType> Signals => AllSignalling;
}
