using System.Net;

namespace DmmActors.Addressing;

/// <summary>An IPv6 address as two 64-bit halves: the network prefix and the interface identifier.</summary>
public readonly record struct Ipv6Address(ulong High, ulong Low)
{
    public static Ipv6Address On(Prefix64 prefix, ulong interfaceId) => new(prefix.Bits, interfaceId);

    public Prefix64 Prefix => new(High);

    public void Write(Span<byte> to)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(to, High);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(to[8..], Low);
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[16];
        Write(bytes);
        return bytes;
    }

    public static Ipv6Address Read(ReadOnlySpan<byte> from) =>
        new(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(from), System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(from[8..]));

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[16];
        Write(bytes);
        return new IPAddress(bytes).ToString();
    }
}

/// <summary>
/// The one mapping between the emulated nodes and their IPv6 addresses, as the wire format and
/// captures show them. Routers, anchors (LMA, HA, MAP, distributed anchors), correspondents and
/// the MTMA have global addresses in the documentation block 2001:db8::/32 (RFC 3849), one /48
/// per node kind, the index in the last 32 bits. Mobile nodes form theirs from the prefixes the
/// emulator already draws from 3fff::/20 (RFC 9637: home network prefixes, access links'
/// on-link prefixes, regional care-of prefixes) and an interface identifier made of their index.
/// Multicast groups take the documentation range ff0X::db8:0:0/96 (RFC 6676), global scope.
/// </summary>
public static partial class NodeAddresses
{
    const ulong Documentation = 0x2001_0db8UL << 32;
    /// <summary>The interface identifier's top 16 bits say whose it is, so a link-local address names its node.</summary>
    const ulong RouterInterface = 0x0001UL << 48, AnchorInterface = 0x0002UL << 48, MobileNodeInterface = 0x000aUL << 48;
    const ulong LinkLocal = 0xfe80UL << 48;

    static ulong KindNetwork(NodeKind kind) => kind.AddressedAs.Subnet is var subnet and > 0
        ? subnet
        : throw new ArgumentException($"{kind} has no infrastructure address");

    /// <summary>The global address of a router, anchor, correspondent or the MTMA.</summary>
    public static Ipv6Address Infrastructure(NodeKind kind, int index) =>
        new(Documentation | (KindNetwork(kind) << 16), (uint)index);

    public static Ipv6Address AccessRouter(int index) => Infrastructure(NodeKind.AccessRouter, index);
    public static Ipv6Address Anchor(int index) => Infrastructure(NodeKind.Anchor, index);

    /// <summary>The node kind and index a global infrastructure address belongs to, if it is one.</summary>
    public static bool TryInfrastructure(Ipv6Address address, out NodeKind kind, out int index)
    {
        kind = null!;
        index = (int)(uint)address.Low;
        if ((address.High & 0xFFFF_FFFF_0000_0000UL) != Documentation || (address.High & 0xFFFF) != 0 || address.Low >> 32 != 0 || index < 0)
            return false;
        if (NodeKind.NumberedIn((ushort)((address.High >> 16) & 0xFFFF)) is not { } numbered) return false;
        kind = numbered;
        return true;
    }

    public static ulong InterfaceId(MnIdentifier mn) => MobileNodeInterface | (uint)mn.Index;

    /// <summary>A node's address on a prefix: its home address on its home network prefix, or a care-of address.</summary>
    public static Ipv6Address OnPrefix(Prefix64 prefix, MnIdentifier mn) => Ipv6Address.On(prefix, InterfaceId(mn));

    public static Ipv6Address LinkLocalOf(MnIdentifier mn) => new(LinkLocal, InterfaceId(mn));
    public static Ipv6Address RouterLinkLocal(int accessRouter) => new(LinkLocal, RouterInterface | (uint)accessRouter);

    /// <summary>The mobile node whose interface identifier an address carries, if it carries one.</summary>
    public static bool TryMobileNode(Ipv6Address address, out MnIdentifier mn)
    {
        mn = new MnIdentifier((int)(uint)address.Low);
        return (address.Low & 0xFFFF_FFFF_0000_0000UL) == MobileNodeInterface && mn.Index >= 0;
    }

    public static Ipv6Address AnchorLinkLocal(int anchor) => new(LinkLocal, AnchorInterface | (uint)anchor);

    public static bool TryAnchorLinkLocal(Ipv6Address address, out int anchor)
    {
        anchor = (int)(uint)address.Low;
        return address.High == LinkLocal && (address.Low & 0xFFFF_FFFF_0000_0000UL) == AnchorInterface && anchor >= 0;
    }

    public static bool TryRouterLinkLocal(Ipv6Address address, out int accessRouter)
    {
        accessRouter = (int)(uint)address.Low;
        return address.High == LinkLocal && (address.Low & 0xFFFF_FFFF_0000_0000UL) == RouterInterface && accessRouter >= 0;
    }

    /// <summary>
    /// A care-of address as bindings hold it (CareOfAddress): the node's address on the access
    /// router's on-link prefix, or its regional care-of address on a MAP's prefix.
    /// </summary>
    public static Ipv6Address CareOf(int careOf, MnIdentifier mn, int accessRouters) =>
        CareOfAddress.IsRegional(careOf, accessRouters, out var map)
            ? OnPrefix(CareOfAddress.RegionalPrefix(map, mn), mn)
            : OnPrefix(Prefix64.AccessLink(careOf), mn);

    /// <summary>The care-of number (CareOfAddress) an address of a node stands for.</summary>
    public static int CareOfNumber(Ipv6Address address, int accessRouters)
    {
        var prefix = address.Prefix;
        return prefix.PoolAnchor == Prefix64.MaxAnchors ? (int)(uint)(prefix.Bits & (Prefix64.MaxSubnets - 1)) : CareOfAddress.Regional(prefix.PoolAnchor, accessRouters);
    }

    public static readonly Ipv6Address AllNodes = new(0xff02UL << 48, 1);
    public static readonly Ipv6Address AllRouters = new(0xff02UL << 48, 2);
    /// <summary>RFC 4291 §2.7.1: the solicited-node multicast address of an address, ff02::1:ff00:0/104 and its low 24 bits.</summary>
    public static Ipv6Address SolicitedNode(Ipv6Address address) => new(0xff02UL << 48, 0x1_ff00_0000UL | (address.Low & 0xFF_FFFF));
    /// <summary>RFC 4862 §5.4.2: the source of a Duplicate Address Detection probe, the unspecified address.</summary>
    public static readonly Ipv6Address Unspecified = new(0, 0);

    /// <summary>
    /// RFC 2526 §3: the Mobile IPv6 Home-Agents anycast address (subnet-router anycast ID 0x7E,
    /// interface identifier fdff:ffff:ffff:fffe) of the home subnet, the documentation block's first /64.
    /// </summary>
    public static readonly Ipv6Address HomeAgentsAnycast = Ipv6Address.On(Prefix64.AnchorPool(0), 0xfdff_ffff_ffff_fffeUL);
    /// <summary>RFC 2080 §2.5.1: where RIPng responses go, all RIP routers.</summary>
    public static readonly Ipv6Address AllRipRouters = new(0xff02UL << 48, 9);
    /// <summary>RFC 3810 §5.2.14: where MLDv2 reports go.</summary>
    public static readonly Ipv6Address AllMldv2Routers = new(0xff02UL << 48, 0x16);

    const ulong GroupHigh = 0xff0eUL << 48;
    const ulong GroupLowBase = 0x0db8UL << 32;

    public static Ipv6Address Group(int group) => new(GroupHigh, GroupLowBase | (uint)group);

    public static bool TryGroup(Ipv6Address address, out int group)
    {
        group = (int)(uint)address.Low;
        return address.High == GroupHigh && (address.Low & 0xFFFF_FFFF_0000_0000UL) == GroupLowBase && group >= 0;
    }
}
