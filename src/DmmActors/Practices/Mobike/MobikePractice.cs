using DmmActors.Addressing;
using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Practices.Mobike;

/// <summary>
/// IKEv2 mobility (MOBIKE, RFC 4555; draft §4.2.1): each node has an IPsec VPN to its gateway,
/// which anchors its inner address; after a move the node moves its IKE SA with
/// UPDATE_SA_ADDRESSES, the gateway checks the new address (COOKIE2) and its ESP tunnel follows.
/// The gateways stand where the home agents of the MIPv6 practices do, one named per node by its policy profile.
/// </summary>
public sealed class MobikePractice : HostBasedPractice
{
    public override string Name => "mobike";
    public override string Title => "IKEv2 mobility (MOBIKE), a VPN gateway as the anchor, ESP tunnel";
    public override string Reference => "RFC 4555 §3; RFC 7296; RFC 4303; RFC 4106; draft §4.2.1";
    public override int CatalogueOrder => 48;

    public override string RoleOf(NodeKind kind) => kind == NodeKind.Anchor ? "VPN-GW" : base.RoleOf(kind);

    public override IReadOnlySet<SignalType> Signals { get; } = new HashSet<SignalType>
    {
        SignalType.RouterSolicitation, SignalType.RouterAdvertisement, SignalType.NeighborSolicitation,
        SignalType.IkeSaInit, SignalType.IkeAuth, SignalType.IkeInformational,
    };

    public override MobileNodeParts Compose(IMobileNodeHost node) => new(new MobikeClient(node), ConnectionManager);

    public override IEnumerable<IAnchorComponent> AnchorComponents(IAnchorHost anchor) => [new VpnGateway(anchor)];

    /// <summary>Its nodes speak IKEv2 to the VPN gateway, not BUs: nothing there sheds a registration with 130.</summary>
    public override bool ClientsBackOff => false;
}
