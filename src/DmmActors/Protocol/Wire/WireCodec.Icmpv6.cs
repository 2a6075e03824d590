using DmmActors.Addressing;

namespace DmmActors.Protocol.Wire;

/// <summary>ICMPv6 messages: Neighbor Discovery (RFC 4861 §4.1, §4.2), with the MAP option (RFC 5380 §5), MLDv2 reports (RFC 3810 §5.2), and the emulator's prefix release (type 200, RFC 4443 §2.1).</summary>
public sealed partial class WireCodec
{
    const byte MldQueryType = 130, RouterSolicitationType = 133, RouterAdvertisementType = 134, NeighborSolicitationType = 135, Mldv2ReportType = 143;
    /// <summary>RFC 4443 §2.1: informational types for private experimentation, for the prefix release and the prefixes in use no RFC defines.</summary>
    const byte PrefixReleaseType = 200, PrefixesInUseType = 201;
    /// <summary>RFC 6275 §6.5, §6.6.</summary>
    const byte DhaadRequestType = 144, DhaadReplyType = 145;
    const byte PrefixInformationOption = 3, MapOptionType = 23;
    /// <summary>RFC 6275 §7.4: the Home Agent Information option; §7.1: the RA's H flag.</summary>
    const byte HomeAgentInformationOption = 8, HomeAgentFlag = 0x20;
    /// <summary>RFC 4727: the RFC 3692-style experiment ND option.</summary>
    const byte ExperimentOption = 253;
    /// <summary>RFC 4861 §6.2.1: AdvValidLifetime and AdvPreferredLifetime defaults, and a router lifetime of 3 × MaxRtrAdvInterval.</summary>
    const uint ValidLifetime = 2_592_000, PreferredLifetime = 604_800;
    const ushort RouterLifetime = 1800;
    /// <summary>RFC 3810 §5.2.12: record types; CHANGE_TO_EXCLUDE_MODE with no sources joins, CHANGE_TO_INCLUDE_MODE with none leaves.</summary>
    const byte ChangeToInclude = 3, ChangeToExclude = 4;

    void RouterSolicitation(PacketWriter w, RouterSolicitation m)
    {
        var src = NodeAddresses.LinkLocalOf(m.MnId);
        Icmpv6(w, src, NodeAddresses.AllRouters, RouterSolicitationType, () => w.U32(0), () => EmulatorMetadata.Begin(m));
    }

    /// <summary>
    /// From the node's link-local address to its new router's: a reserved word, the previous
    /// router's link-local address (:: where there is none), then each kept prefix as a Prefix
    /// Information option deprecated (preferred lifetime 0, RFC 8818 §3.1), valid for ever;
    /// the sessions on each ride in the emulator's metadata, in the same order.
    /// </summary>
    void PrefixesInUse(PacketWriter w, PrefixesInUse m, Endpoint to)
    {
        var src = NodeAddresses.LinkLocalOf(m.MnId);
        Icmpv6(w, src, NodeAddresses.RouterLinkLocal(to.Index), PrefixesInUseType, () =>
        {
            w.U32(0);
            Ipv6Packet.Address(w, m.PreviousRouter < 0 ? NodeAddresses.Unspecified : NodeAddresses.RouterLinkLocal(m.PreviousRouter));
            foreach (var keep in m.Keep) PrefixInformation(w, keep.Prefix, preferred: 0, valid: uint.MaxValue, flags: OnLink);
        }, () =>
        {
            var meta = EmulatorMetadata.Begin(m);
            EmulatorMetadata.SessionCounts(meta, m.Keep);
            return meta;
        });
    }

    void RouterAdvertisement(PacketWriter w, RouterAdvertisement m)
    {
        var src = NodeAddresses.RouterLinkLocal(m.AccessRouter);
        var dst = NodeAddresses.LinkLocalOf(m.Procedure.MobileNode);
        Icmpv6(w, src, dst, RouterAdvertisementType, () =>
        {
            w.U8(64); w.U8(0); w.U16(RouterLifetime); w.U32(0); w.U32(0);
            if (!m.Prefix.IsNone) PrefixInformation(w, m.Prefix, PreferredLifetime);
            // TS 23.401 §4.3.15: the prefix of a PDN connection at a local gateway, preferred as well, after the anchored one.
            if (!m.Local.IsNone) PrefixInformation(w, m.Local, PreferredLifetime);
            // RFC 8818 §3.1: a prefix still anchored for ongoing sessions is advertised deprecated.
            foreach (var deprecated in m.Deprecated) PrefixInformation(w, deprecated, 0);
            foreach (var map in m.Maps) Map(w, map);
        }, () => EmulatorMetadata.Begin(m));
    }

    /// <summary>
    /// RFC 6275 §7.1, §7.4: a home agent's RA on the home link, from its link-local address to all
    /// nodes, with the H flag and the Home Agent Information option (preference, lifetime in seconds).
    /// </summary>
    void HomeAgentAdvertisement(PacketWriter w, HomeAgentAdvertisement m)
    {
        Icmpv6(w, NodeAddresses.AnchorLinkLocal(m.HomeAgent), NodeAddresses.AllNodes, RouterAdvertisementType, () =>
        {
            w.U8(64); w.U8(HomeAgentFlag); w.U16(RouterLifetime); w.U32(0); w.U32(0);
            w.U8(HomeAgentInformationOption); w.U8(1); w.U16(0);
            w.U16(m.Preference); w.U16(m.LifetimeSeconds);
        }, () => EmulatorMetadata.Begin(m));
    }

    /// <summary>
    /// RFC 4862 §5.4.2: from the unspecified address to the tentative address's solicited-node
    /// group, a reserved word and the target address (RFC 4861 §4.3); no source link-layer
    /// address option, which RFC 4861 §7.1.1 forbids from the unspecified address.
    /// </summary>
    void NeighborSolicitation(PacketWriter w, NeighborSolicitation m)
    {
        var target = NodeAddresses.OnPrefix(m.Prefix, m.MnId);
        Icmpv6(w, NodeAddresses.Unspecified, NodeAddresses.SolicitedNode(target), NeighborSolicitationType, () =>
        {
            w.U32(0);
            Ipv6Packet.Address(w, target);
        }, () => EmulatorMetadata.Begin(m));
    }

    /// <summary>
    /// From the node's address on the prefix it gives up to its router: a reserved word, then the
    /// prefix as a Prefix Information option with both lifetimes 0 (RFC 4861 §4.6.2's way of saying a
    /// prefix is no longer to be used), then the emulator's metadata.
    /// </summary>
    void PrefixRelease(PacketWriter w, PrefixRelease m, Endpoint to)
    {
        var src = NodeAddresses.OnPrefix(m.Prefix, m.MnId);
        var dst = NodeAddresses.RouterLinkLocal(to.Index);
        Icmpv6(w, src, dst, PrefixReleaseType, () =>
        {
            w.U32(0);
            PrefixInformation(w, m.Prefix, preferred: 0, valid: 0, flags: OnLink);
        }, () => EmulatorMetadata.Begin(m));
    }

    /// <summary>RFC 4861 §4.6.2: the Prefix Information option's L (on-link) and A (autonomous address configuration) flags.</summary>
    const byte OnLink = 0x80, Autonomous = 0x40;

    /// <summary>RFC 4861 §4.6.2: a /64 with its lifetimes; an RA's prefixes are on-link and for autonomous configuration.</summary>
    static void PrefixInformation(PacketWriter w, Prefix64 prefix, uint preferred, uint valid = ValidLifetime, byte flags = OnLink | Autonomous)
    {
        w.U8(PrefixInformationOption); w.U8(4);
        w.U8(64);
        w.U8(flags);
        w.U32(valid); w.U32(preferred); w.U32(0);
        Ipv6Packet.Address(w, new Ipv6Address(prefix.Bits, 0));
    }

    static void Map(PacketWriter w, MapOption map)
    {
        w.U8(MapOptionType); w.U8(3);
        w.U8((map.Distance & 0xF) << 4 | (map.Preference & 0xF));
        w.U8(0x80); // R: the node forms its RCoA on the MAP's prefix (RFC 5380 §5)
        w.U32((uint)(map.ValidLifetime.Microseconds / 1_000_000));
        Ipv6Packet.Address(w, NodeAddresses.Anchor(map.Map));
    }

    /// <summary>
    /// RFC 3810 §5.1: a General Query from the router's link-local address to all nodes, hop limit
    /// 1 with Router Alert; the Maximum Response Code in milliseconds (exact below 32768, §5.1.3),
    /// the unspecified multicast address, no sources; the querier's Robustness Variable in the QRV
    /// field and its Query Interval as the QQIC (§5.1.8, §5.1.9).
    /// </summary>
    void MldQuery(PacketWriter w, MldQuery m)
    {
        var src = NodeAddresses.RouterLinkLocal(m.AccessRouter);
        var ip = Ipv6Packet.Open(w, src, NodeAddresses.AllNodes, NextHeader.HopByHopOptions, 1);
        ExtensionHeaders.HopByHop(w, NextHeader.Icmpv6, EmulatorMetadata.Begin(m));
        var start = w.Length;
        w.U8(MldQueryType); w.U8(0); w.U16(0);
        w.U16(Protocol.MaximumResponseCode.Of(m.MaximumResponseDelay));
        w.U16(0);
        Ipv6Packet.Address(w, NodeAddresses.Unspecified);
        w.U8((byte)(m.Robustness & 7)); w.U8(Protocol.QueryIntervalCode.Of(m.QueryInterval)); w.U16(0);
        w.PatchU16(start + 2, Ipv6Packet.Checksum(w.Slice(start, w.Length - start), src, NodeAddresses.AllNodes, NextHeader.Icmpv6));
        Ipv6Packet.Close(w, ip);
    }

    /// <summary>An MLD message's metadata, from its hop-by-hop option 0x1E (RFC 4727).</summary>
    static PacketReader HopByHopMetadata(ExtensionHeaders.Read extensions, string message) =>
        extensions.Metadata.Length > 0 ? new PacketReader(extensions.Metadata.Written)
            : throw new WireFormatException($"{message} without the emulator's metadata option");

    void MldReport(PacketWriter w, MldReport m) =>
        Mldv2(w, NodeAddresses.LinkLocalOf(m.MnId), EmulatorMetadata.Begin(m), m.Groups, _ => ChangeToExclude);

    /// <summary>RFC 6224 §4.2: the MAG's MLD proxy reports over its tunnel to the anchor (or the MTMA, RFC 7028 §3.1).</summary>
    void MldProxyReport(PacketWriter w, MldProxyReport m, Endpoint to)
    {
        var meta = EmulatorMetadata.Begin(m);
        meta.I32(m.Tunnel);
        var report = Inner(inner => Mldv2(inner, NodeAddresses.RouterLinkLocal(m.AccessRouter), meta, [m.Group], _ => m.Join ? ChangeToExclude : ChangeToInclude));
        Encapsulate(w, NodeAddresses.AccessRouter(m.AccessRouter), Global(to), report);
    }

    static void Mldv2(PacketWriter w, Ipv6Address src, PacketWriter meta, IReadOnlyList<int> groups, Func<int, byte> recordType)
    {
        // RFC 3810 §5: link-local source, hop limit 1, Router Alert.
        var ip = Ipv6Packet.Open(w, src, NodeAddresses.AllMldv2Routers, NextHeader.HopByHopOptions, 1);
        ExtensionHeaders.HopByHop(w, NextHeader.Icmpv6, meta);
        var start = w.Length;
        w.U8(Mldv2ReportType); w.U8(0); w.U16(0); w.U16(0);
        w.U16(groups.Count);
        foreach (var group in groups)
        {
            w.U8(recordType(group)); w.U8(0); w.U16(0);
            Ipv6Packet.Address(w, NodeAddresses.Group(group));
        }
        w.PatchU16(start + 2, Ipv6Packet.Checksum(w.Slice(start, w.Length - start), src, NodeAddresses.AllMldv2Routers, NextHeader.Icmpv6));
        Ipv6Packet.Close(w, ip);
    }

    /// <summary>RFC 6275 §6.5: identifier and a reserved word, from the care-of address to the Home-Agents anycast address; the metadata in destination options.</summary>
    void HomeAgentAddressDiscoveryRequest(PacketWriter w, HomeAgentAddressDiscoveryRequest m) =>
        Dhaad(w, CareOfOf(m.MnId, m.CareOfRouter), NodeAddresses.HomeAgentsAnycast, DhaadRequestType, m.Identifier, EmulatorMetadata.Begin(m), []);

    /// <summary>RFC 6275 §6.6: identifier, a reserved word, and the home agents' global addresses, from the one that answers to the care-of address.</summary>
    void HomeAgentAddressDiscoveryReply(PacketWriter w, HomeAgentAddressDiscoveryReply m) =>
        Dhaad(w, NodeAddresses.Anchor(m.Responder), CareOfOf(m.Procedure.MobileNode, m.CareOfRouter), DhaadReplyType, m.Identifier, EmulatorMetadata.Begin(m),
            m.HomeAgents);

    static void Dhaad(PacketWriter w, Ipv6Address src, Ipv6Address dst, byte type, ushort identifier, PacketWriter meta, IReadOnlyList<int> homeAgents)
    {
        var ip = Ipv6Packet.Open(w, src, dst, NextHeader.DestinationOptions, HopLimit);
        ExtensionHeaders.DestinationMetadata(w, NextHeader.Icmpv6, meta);
        var start = w.Length;
        w.U8(type); w.U8(0); w.U16(0);
        w.U16(identifier); w.U16(0);
        foreach (var ha in homeAgents) Ipv6Packet.Address(w, NodeAddresses.Anchor(ha));
        w.PatchU16(start + 2, Ipv6Packet.Checksum(w.Slice(start, w.Length - start), src, dst, NextHeader.Icmpv6));
        Ipv6Packet.Close(w, ip);
    }

    /// <summary>An ICMPv6 message: its fixed part, its ND options, then the metadata in experiment options.</summary>
    static void Icmpv6(PacketWriter w, Ipv6Address src, Ipv6Address dst, byte type, Action body, Func<PacketWriter> metadata, byte code = 0)
    {
        var ip = Ipv6Packet.Open(w, src, dst, NextHeader.Icmpv6, NdHopLimit);
        var start = w.Length;
        w.U8(type); w.U8(code); w.U16(0);
        body();
        var bytes = metadata().Written;
        // ND option lengths count 8 octets: 2 for type and length, 2 for the data's own length, the data, padding.
        const int chunkMax = 255 * 8 - 4;
        for (int at = 0; at < bytes.Length; at += chunkMax)
        {
            var chunk = bytes.Slice(at, Math.Min(chunkMax, bytes.Length - at));
            var units = (chunk.Length + 4 + 7) / 8;
            w.U8(ExperimentOption); w.U8(units); w.U16(chunk.Length); w.Bytes(chunk);
            w.Zeros(units * 8 - 4 - chunk.Length);
        }
        w.PatchU16(start + 2, Ipv6Packet.Checksum(w.Slice(start, w.Length - start), src, dst, NextHeader.Icmpv6));
        Ipv6Packet.Close(w, ip);
    }

    IDmmMessage DecodeIcmpv6(ref PacketReader r, ReadOnlySpan<byte> packet, Ipv6Header ip, ExtensionHeaders.Read extensions)
    {
        var start = r.Position;
        var end = ip.End;
        if (!Ipv6Packet.ChecksumHolds(packet[start..end], ip.Source, ip.Destination, NextHeader.Icmpv6))
            throw new WireFormatException("bad ICMPv6 checksum");
        var type = r.U8("ICMPv6 type");
        var code = r.U8("ICMPv6 code");
        r.U16("ICMPv6 checksum");
        switch (type)
        {
            case FastHandoverIcmpType: return DecodeFastHandoverIcmp(ref r, end, ip, code);
            case NeighborAdvertisementType: return DecodeUnsolicitedNeighborAdvertisement(ref r, end, ip);
            case RouterSolicitationType:
            {
                r.U32("RS reserved");
                var meta = NdOptions(ref r, end, out _, out _, out _);
                var common = EmulatorMetadata.Read(ref meta);
                if (!NodeAddresses.TryMobileNode(ip.Source, out var mn)) throw new WireFormatException($"RS from {ip.Source}, not a mobile node's link-local address");
                return new RouterSolicitation(common.Procedure, common.SentAt, mn);
            }
            case PrefixesInUseType:
            {
                r.U32("prefixes in use reserved");
                var previous = Ipv6Address.Read(r.Bytes(16, "previous router address"));
                var meta = NdOptions(ref r, end, out var preferred, out var kept, out _);
                var common = EmulatorMetadata.Read(ref meta);
                var keep = EmulatorMetadata.SessionCounts(ref meta, kept, "prefixes in use");
                if (!NodeAddresses.TryMobileNode(ip.Source, out var mn)) throw new WireFormatException($"prefixes in use from {ip.Source}, not a mobile node's link-local address");
                var previousRouter = -1;
                if (previous != NodeAddresses.Unspecified && !NodeAddresses.TryRouterLinkLocal(previous, out previousRouter))
                    throw new WireFormatException($"prefixes in use naming {previous}, not a router's link-local address");
                if (!preferred.IsNone) throw new WireFormatException("prefixes in use with a preferred prefix: it lists only the prefixes kept");
                return new PrefixesInUse(common.Procedure, common.SentAt, mn, previousRouter, keep);
            }
            case NeighborSolicitationType:
            {
                r.U32("NS reserved");
                var target = Ipv6Address.Read(r.Bytes(16, "NS target address"));
                var meta = NdOptions(ref r, end, out _, out _, out _);
                var common = EmulatorMetadata.Read(ref meta);
                if (ip.Source != NodeAddresses.Unspecified || ip.Destination != NodeAddresses.SolicitedNode(target))
                    throw new WireFormatException($"NS from {ip.Source} to {ip.Destination}: a DAD probe goes from :: to its target's solicited-node group (RFC 4862 §5.4.2)");
                if (!NodeAddresses.TryMobileNode(target, out var mn)) throw new WireFormatException($"NS target {target}, not a mobile node's address");
                return new NeighborSolicitation(common.Procedure, common.SentAt, mn, target.Prefix);
            }
            case PrefixReleaseType:
            {
                r.U32("prefix release reserved");
                var meta = NdOptions(ref r, end, out _, out var released, out _);
                var common = EmulatorMetadata.Read(ref meta);
                if (!NodeAddresses.TryMobileNode(ip.Source, out var mn)) throw new WireFormatException($"prefix release from {ip.Source}, not a mobile node's address");
                if (released.Count != 1 || released[0] != ip.Source.Prefix) throw new WireFormatException("prefix release without the source's prefix at lifetime 0");
                return new PrefixRelease(common.Procedure, common.SentAt, mn, released[0]);
            }
            case RouterAdvertisementType:
            {
                r.U8("RA hop limit"); var flags = r.U8("RA flags"); r.U16("RA router lifetime"); r.U32("RA reachable time"); r.U32("RA retrans timer");
                var alsoPreferred = new List<Prefix64>(1);
                var meta = NdOptions(ref r, end, out var preferred, out var deprecated, out var maps, out var homeAgentInformation, alsoPreferred: alsoPreferred);
                var common = EmulatorMetadata.Read(ref meta);
                if ((flags & HomeAgentFlag) != 0)
                {
                    if (!NodeAddresses.TryAnchorLinkLocal(ip.Source, out var homeAgent)) throw new WireFormatException($"RA with the H flag from {ip.Source}, not a home agent's link-local address");
                    var (preference, lifetime) = homeAgentInformation ?? throw new WireFormatException("RA with the H flag without a Home Agent Information option");
                    return new HomeAgentAdvertisement(common.Procedure, common.SentAt, homeAgent, preference, lifetime);
                }
                if (!NodeAddresses.TryRouterLinkLocal(ip.Source, out var router)) throw new WireFormatException($"RA from {ip.Source}, not a router's link-local address");
                if (alsoPreferred.Count > 1) throw new WireFormatException($"RA with {alsoPreferred.Count + 1} preferred prefixes: the emulator's routers advertise an anchored one and at most one local one");
                return new RouterAdvertisement(common.Procedure, common.SentAt, router, preferred)
                    { Deprecated = deprecated, Maps = maps, Local = alsoPreferred.Count == 0 ? Prefix64.None : alsoPreferred[0] };
            }
            case DhaadRequestType:
            {
                var identifier = r.U16("DHAAD identifier");
                r.U16("DHAAD reserved");
                if (ip.Destination != NodeAddresses.HomeAgentsAnycast) throw new WireFormatException($"DHAAD request to {ip.Destination}, not the Home-Agents anycast address (RFC 2526)");
                var meta = HopByHopMetadata(extensions, "DHAAD request");
                var common = EmulatorMetadata.Read(ref meta);
                return new HomeAgentAddressDiscoveryRequest(common.Procedure, common.SentAt, common.Procedure.MobileNode, identifier,
                    NodeAddresses.CareOfNumber(ip.Source, AccessRouters));
            }
            case DhaadReplyType:
            {
                var identifier = r.U16("DHAAD identifier");
                r.U16("DHAAD reserved");
                var homeAgents = new List<int>();
                while (r.Position < end) homeAgents.Add(Infrastructure(Ipv6Address.Read(r.Bytes(16, "home agent address")), NodeKind.Anchor, "DHAAD home agent"));
                var meta = HopByHopMetadata(extensions, "DHAAD reply");
                var common = EmulatorMetadata.Read(ref meta);
                return new HomeAgentAddressDiscoveryReply(common.Procedure, common.SentAt, identifier, Infrastructure(ip.Source, NodeKind.Anchor, "DHAAD reply source"),
                    homeAgents, NodeAddresses.CareOfNumber(ip.Destination, AccessRouters));
            }
            case MldQueryType:
            {
                var delay = Protocol.MaximumResponseCode.Delay(r.U16("MLD maximum response code"));
                r.U16("MLD reserved");
                var group = Ipv6Address.Read(r.Bytes(16, "MLD query multicast address"));
                var robustness = r.U8("MLD query flags") & 7;
                var interval = Protocol.QueryIntervalCode.Interval(r.U8("MLD QQIC"));
                if (r.U16("MLD query source count") != 0 || group != NodeAddresses.Unspecified)
                    throw new WireFormatException($"MLD query for {group} with sources: the emulator sends only General Queries (RFC 3810 §5.1)");
                if (!NodeAddresses.TryRouterLinkLocal(ip.Source, out var router)) throw new WireFormatException($"MLD query from {ip.Source}, not a router's link-local address");
                var meta = HopByHopMetadata(extensions, "MLD query");
                var common = EmulatorMetadata.Read(ref meta);
                return new MldQuery(common.Procedure, common.SentAt, router, delay) { QueryInterval = interval, Robustness = robustness };
            }
            case Mldv2ReportType:
            {
                r.U16("MLD reserved");
                var records = new (byte Type, int Group)[r.U16("MLD record count")];
                for (int i = 0; i < records.Length; i++)
                {
                    var recordType = r.U8("MLD record type");
                    var aux = r.U8("MLD aux data length");
                    var sources = r.U16("MLD source count");
                    var group = Ipv6Address.Read(r.Bytes(16, "MLD multicast address"));
                    r.Skip(sources * 16 + aux * 4, "MLD sources");
                    if (!NodeAddresses.TryGroup(group, out var g)) throw new WireFormatException($"MLD record for {group}, not an emulated group");
                    records[i] = (recordType, g);
                }
                var meta = HopByHopMetadata(extensions, "MLD report");
                var common = EmulatorMetadata.Read(ref meta);
                if (NodeAddresses.TryMobileNode(ip.Source, out var mn))
                    return new MldReport(common.Procedure, common.SentAt, mn, records.Select(x => x.Group).ToArray());
                if (!NodeAddresses.TryRouterLinkLocal(ip.Source, out var router) || records.Length != 1)
                    throw new WireFormatException($"MLD report from {ip.Source} is neither a listener's nor an MLD proxy's");
                return new MldProxyReport(common.Procedure, common.SentAt, router, meta.I32("MLD proxy tunnel"), records[0].Group,
                    records[0].Type == ChangeToExclude);
            }
            default:
                throw new WireFormatException($"ICMPv6 type {type} is none the emulator sends");
        }
    }

    static PacketReader NdOptions(ref PacketReader r, int end, out Prefix64 preferred, out IReadOnlyList<Prefix64> deprecated,
        out IReadOnlyList<MapOption> maps) => NdOptions(ref r, end, out preferred, out deprecated, out maps, out _);

    static PacketReader NdOptions(ref PacketReader r, int end, out Prefix64 preferred, out IReadOnlyList<Prefix64> deprecated,
        out IReadOnlyList<MapOption> maps, out (ushort Preference, ushort Lifetime)? homeAgentInformation, FastHandoverNdOptions? fmip = null,
        List<Prefix64>? alsoPreferred = null)
    {
        preferred = Prefix64.None;
        homeAgentInformation = null;
        var old = new List<Prefix64>();
        var mapList = new List<MapOption>();
        var meta = new PacketWriter();
        while (r.Position < end)
        {
            var type = r.U8("ND option type");
            var units = r.U8("ND option length");
            if (units == 0) throw new WireFormatException($"ND option {type} of length 0 (RFC 4861 §4.6)");
            var body = new PacketReader(r.Bytes(units * 8 - 2, $"ND option {type}"));
            switch (type)
            {
                case PrefixInformationOption:
                    body.U8("PIO prefix length"); body.U8("PIO flags"); body.U32("PIO valid lifetime");
                    var preferredLifetime = body.U32("PIO preferred lifetime");
                    body.U32("PIO reserved");
                    var prefix = Ipv6Address.Read(body.Bytes(16, "PIO prefix")).Prefix;
                    if (preferredLifetime == 0) old.Add(prefix);
                    else if (alsoPreferred is not null && !preferred.IsNone) alsoPreferred.Add(prefix);
                    else preferred = prefix;
                    break;
                case MapOptionType:
                    var distPref = body.U8("MAP dist/pref");
                    body.U8("MAP flags");
                    var valid = body.U32("MAP valid lifetime");
                    var address = Ipv6Address.Read(body.Bytes(16, "MAP address"));
                    mapList.Add(new MapOption(Infrastructure(address, NodeKind.Anchor, "MAP address"), (byte)(distPref >> 4), (byte)(distPref & 0xF),
                        ModelTime.FromSeconds(valid)));
                    break;
                case HomeAgentInformationOption:
                    body.U16("HA information reserved");
                    homeAgentInformation = (body.U16("home agent preference"), body.U16("home agent lifetime"));
                    break;
                case IpAddressOption when fmip is not null:
                    var addressCode = body.U8("IP address option-code");
                    body.U8("IP address prefix length"); body.U32("IP address reserved");
                    fmip.Addresses.Add((addressCode, Ipv6Address.Read(body.Bytes(16, "IP address"))));
                    break;
                case LinkLayerAddressOption when fmip is not null:
                    var llaCode = body.U8("LLA option-code");
                    fmip.LinkLayer.Add((llaCode, body.Bytes(6, "link-layer address").ToArray()));
                    break;
                case TargetLinkLayerAddressOption when fmip is not null:
                    fmip.TargetLinkLayer = body.Bytes(6, "target link-layer address").ToArray();
                    break;
                case ExperimentOption:
                    var length = body.U16("experiment data length");
                    meta.Bytes(body.Bytes(length, "experiment data"));
                    break;
            }
        }
        (deprecated, maps) = (old, mapList);
        if (meta.Length == 0) throw new WireFormatException("ND message without the emulator's metadata option");
        return new PacketReader(meta.ToArray());
    }
}
