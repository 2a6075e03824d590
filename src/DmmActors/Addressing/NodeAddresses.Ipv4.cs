namespace DmmActors.Addressing;

/// <summary>
/// The IPv4 side of the one mapping, for dual-stack nodes (RFC 5555). The public IPv4 network
/// is the benchmarking block 198.18.0.0/15 (RFC 2544 App. C, RFC 6890): home agents in
/// 198.18.0.0/17, correspondents in 198.18.128.0/17, the NATs' public addresses in 198.19.0.0/16,
/// the index plus one in the low bits. IPv4 home addresses come from 10.0.0.0/8 (RFC 1918), the
/// node's index plus one. An access network routed to the home agents without a NAT hands out
/// care-of addresses from 100.64.0.0/10 (RFC 6598, a provider's own space), the router in 14
/// bits and a host byte; behind a NAT, from 192.168.0.0/16 (RFC 1918), which every NAT's
/// network reuses. Addresses of one kind never overlap another's.
/// </summary>
public static partial class NodeAddresses
{
    static readonly Ipv4Address AnchorsV4 = Ipv4Address.Of(198, 18, 0, 0), CorrespondentsV4 = Ipv4Address.Of(198, 18, 128, 0),
        NatsV4 = Ipv4Address.Of(198, 19, 0, 0), HomesV4 = Ipv4Address.Of(10, 0, 0, 0), ProviderV4 = Ipv4Address.Of(100, 64, 0, 0),
        PrivateV4 = Ipv4Address.Of(192, 168, 0, 0);

    /// <summary>The anchors or correspondents a /17 numbers; the access routers a NAT block or a provider's /10 numbers.</summary>
    public const int MaxIpv4Infrastructure = (1 << 15) - 2, MaxIpv4AccessRouters = (1 << 14) - 1;
    /// <summary>The IPv4 home addresses 10.0.0.0/8 holds, by node index.</summary>
    public const int MaxIpv4HomeAddresses = (1 << 24) - 2;

    /// <summary>RFC 5555 §3.1.3, IANA service name "dsmipv6": the UDP port the home agent takes encapsulated packets on.</summary>
    public const ushort Dsmipv6Port = 4191;

    public static Ipv4Address Ipv4Infrastructure(NodeKind kind, int index) =>
        (uint)index >= MaxIpv4Infrastructure ? throw new ArgumentOutOfRangeException(nameof(index))
        : kind == NodeKind.Correspondent ? new(CorrespondentsV4.Value + 1 + (uint)index)
        : kind == NodeKind.Anchor ? new(AnchorsV4.Value + 1 + (uint)index)
        : throw new ArgumentException($"{kind} has no IPv4 address");

    public static bool TryIpv4Infrastructure(Ipv4Address address, out NodeKind kind, out int index)
    {
        var offset = address.Value - AnchorsV4.Value;
        (kind, index) = offset < 1u << 15 ? (NodeKind.Anchor, (int)offset - 1) : offset < 1u << 16 ? (NodeKind.Correspondent, (int)(offset - (1u << 15)) - 1) : (null!, -1);
        return index >= 0;
    }

    public static Ipv4Address Ipv4Home(MnIdentifier mn) =>
        (uint)mn.Index >= MaxIpv4HomeAddresses ? throw new ArgumentOutOfRangeException(nameof(mn)) : new(HomesV4.Value + 1 + (uint)mn.Index);

    public static bool TryIpv4Home(Ipv4Address address, out MnIdentifier mn)
    {
        var offset = address.Value - HomesV4.Value;
        mn = new MnIdentifier((int)offset - 1);
        return offset is >= 1 and <= MaxIpv4HomeAddresses;
    }

    /// <summary>A node's care-of address on an access router's IPv4 network that no NAT hides. The host byte repeats every 254 nodes.</summary>
    public static Ipv4Address Ipv4CareOf(int accessRouter, MnIdentifier mn) =>
        (uint)accessRouter >= MaxIpv4AccessRouters ? throw new ArgumentOutOfRangeException(nameof(accessRouter))
        : new(ProviderV4.Value | (uint)accessRouter << 8 | (uint)(1 + mn.Index % 254));

    /// <summary>The access router of a care-of address in the provider's space, if it is one.</summary>
    public static bool TryIpv4CareOfRouter(Ipv4Address address, out int accessRouter)
    {
        accessRouter = (int)((address.Value >> 8) & 0x3FFF);
        return (address.Value & 0xFFC0_0000) == ProviderV4.Value;
    }

    /// <summary>A node's care-of address behind a NAT: private, the same in every NAT's network.</summary>
    public static Ipv4Address Ipv4PrivateCareOf(MnIdentifier mn) => new(PrivateV4.Value | (uint)(mn.Index / 254 % 256) << 8 | (uint)(1 + mn.Index % 254));

    public static bool IsIpv4Private(Ipv4Address address) => (address.Value & 0xFFFF_0000) == PrivateV4.Value;

    /// <summary>The public address of the NAT between an access router's network and the home agents.</summary>
    public static Ipv4Address NatPublic(int accessRouter) =>
        (uint)accessRouter >= MaxIpv4AccessRouters ? throw new ArgumentOutOfRangeException(nameof(accessRouter)) : new(NatsV4.Value + 1 + (uint)accessRouter);

    public static bool TryNatPublic(Ipv4Address address, out int accessRouter)
    {
        var offset = address.Value - NatsV4.Value;
        accessRouter = (int)offset - 1;
        return offset is >= 1 and <= MaxIpv4AccessRouters;
    }

    /// <summary>
    /// The UDP source port a NAT maps a node's port 4191 to: one per node of its network, above 4191, so that 4191 is
    /// the lower port of the pair, the one a dissector looks up first. It repeats every 61,344 nodes of one NAT.
    /// </summary>
    public static ushort NatPort(MnIdentifier mn) => (ushort)(Dsmipv6Port + 1 + mn.Index % (65535 - Dsmipv6Port));
}
