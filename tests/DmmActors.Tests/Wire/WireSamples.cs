using DmmActors.Addressing;
using DmmActors.Functions;
using DmmActors.Protocol;
using FsCheck;
using FsCheck.Fluent;

namespace DmmActors.Tests.Wire;

/// <summary>A message and the two endpoints it goes between, as a generated case; printed by type, since an unsent signal has no arrival to print.</summary>
public sealed record WireCase(IDmmMessage Message, Endpoint From, Endpoint To, bool Tunnelled = false)
{
    public override string ToString() => $"{Message.GetType().Name} {From} -> {To}: {WireEquality.Describe(Message)}";
}

/// <summary>
/// Generators of every message the emulator sends, over the ranges its fields take: node indices
/// that fit the address plan, lifetimes in whole seconds where the RFC format counts seconds.
/// </summary>
public static class WireSamples
{
    public const int AccessRouters = 400;
    /// <summary>Node indices reach past 16 bits, so no address field is tested only on small numbers.</summary>
    const int MaxIndex = (1 << 28) - 1;

    /// <summary>The home agent a generated node registers with: a rule the codec is given, as a run gives it the policy.</summary>
    public static int HomeAgentOf(MnIdentifier mn) => mn.Index % 7;

    public static readonly DmmActors.Protocol.Wire.WireCodec Codec = new(AccessRouters, HomeAgentOf);

    /// <summary>Every message type with a generator, as xunit theory data.</summary>
    public static IEnumerable<object[]> Types() => ByType.Keys.Select(k => new object[] { k });

    /// <summary>A generated case as its packet.</summary>
    public static byte[] Encode(WireCase c) => c.Message is DataPacket data
        ? Codec.Encode(data, c.From, c.To, c.Tunnelled)
        : Codec.Encode((ISignal)c.Message, c.From, c.To);

    static Gen<int> Index => Gen.OneOf(Gen.Choose(0, 20), Gen.Choose(0, MaxIndex));
    static Gen<int> AnyInt => ArbMap.Default.GeneratorFor<int>();
    static Gen<ushort> UShort => Gen.Choose(0, ushort.MaxValue).Select(v => (ushort)v);
    static Gen<ModelTime> Time => Gen.Choose(0, int.MaxValue).Select(v => new ModelTime(v * 1031L));
    static Gen<MnIdentifier> Mn => Index.Select(i => new MnIdentifier(i));
    static Gen<Prefix64> Prefix => Gen.OneOf(Gen.Constant(Prefix64.None),
        from a in Gen.Choose(0, 64) from s in Gen.Choose(0, MaxIndex) select Prefix64.Delegated(a, s),
        ArbMap.Default.GeneratorFor<ulong>().Select(b => new Prefix64(b)));
    static Gen<ProcedureRef> Procedure =>
        from mn in Mn from n in AnyInt from k in Gen.Elements(Enum.GetValues<ProcedureKind>()) select new ProcedureRef(mn, n, k);
    static Gen<IReadOnlyList<int>> Ints(Gen<int> item) => Gen.ListOf(item, 0).Select(l => (IReadOnlyList<int>)l.ToArray()).Resize(6);
    static Gen<IReadOnlyList<T>> ListOf<T>(Gen<T> item) => Gen.ArrayOf(item).Select(a => (IReadOnlyList<T>)a).Resize(5);
    static Gen<PrefixInUse> InUse => from p in Prefix from s in AnyInt select new PrefixInUse(p, s);
    static Gen<MobilityContext> Context =>
        from p in Prefix from a in Index from seq in UShort from ts in Time from life in Time from at in Time from s in AnyInt
        select new MobilityContext(p, a, seq, ts, life, at, s);
    /// <summary>Absent, or an SPI past the reserved ones and any 256-bit authenticator.</summary>
    static Gen<DmmActors.Protocol.MessageAuthentication?> Authentication =>
        Gen.OneOf(Gen.Constant<DmmActors.Protocol.MessageAuthentication?>(null),
            from spi in Gen.Choose(256, int.MaxValue) from w in ArbMap.Default.GeneratorFor<ulong>().ArrayOf(4)
            select (DmmActors.Protocol.MessageAuthentication?)new DmmActors.Protocol.MessageAuthentication((uint)spi, new DmmActors.Protocol.Authenticator(w[0], w[1], w[2], w[3])));
    static Gen<BindingStatus> Status => Gen.Elements(Enum.GetValues<BindingStatus>());
    static Gen<int> Router => Gen.Choose(0, AccessRouters - 1);

    static Endpoint Anchor(int i) => Endpoint.Anchor(i);
    static Endpoint AccessRouter(int i) => Endpoint.AccessRouter(i);

    static Gen<WireCase> ProxyBindingUpdates =>
        from proc in Procedure from at in Time from mn in Mn from hnp in Prefix
        from hi in Gen.Elements(Enum.GetValues<HandoffIndicator>()) from att in Gen.Elements(Enum.GetValues<AccessTechnologyType>())
        from seq in UShort from ts in Time from life in UShort from mag in Index from lma in Index
        from sessions in AnyInt from groups in Ints(Index) from auth in Authentication
        from redirectCapability in Gen.Elements(false, true) from relayedBy in Gen.Elements(-1, 0, 3)
        from dmm in Gen.Elements(false, true) from anchored in ListOf(Prefix.Where(p => !p.IsNone)) from serving in Gen.Elements(false, true)
        select new WireCase(new ProxyBindingUpdate(proc, at, mn, hnp, hi, seq, ts, life, mag)
        {
            AccessTechnologyType = att, Sessions = sessions, Groups = groups, Authentication = auth, RedirectCapability = redirectCapability, RelayedBy = relayedBy,
            // RFC 8885 §3.2: a CMD sends on a PBU naming the serving MAAR, which is its Proxy-CoA.
            // RFC 8885 §4.3, §4.6: its options come only with the D flag.
            Dmm = dmm || anchored.Count > 0 || serving && relayedBy >= 0, AnchoredPrefixes = anchored, ServingMaar = serving && relayedBy >= 0 ? mag : -1,
        },
            relayedBy >= 0 ? Anchor(relayedBy) : AccessRouter(mag), Anchor(lma));

    static Gen<WireCase> ProxyBindingAcknowledgements =>
        from proc in Procedure from at in Time from status in Status from mn in Mn from hnp in Prefix
        from seq in UShort from ts in Time from life in UShort from lma in Index from mag in Index
        from hi in Gen.Elements(Enum.GetValues<HandoffIndicator>()) from att in Gen.Elements(Enum.GetValues<AccessTechnologyType>())
        from auth in Authentication from redirect in Gen.Elements(-1, 1, 5) from load in Gen.Elements(-1, 0, 1234)
        from dmm in Gen.Elements(false, true) from serving in Gen.Elements(-1, 2, 77)
        from previous in ListOf(from maar in Index from p in Prefix select new PreviousMaar(maar, p))
        select new WireCase(new ProxyBindingAcknowledgement(proc, at, status, mn, hnp, seq, ts, life, lma)
        {
            HandoffIndicator = hi, AccessTechnologyType = att, Authentication = auth, Redirect = redirect, Load = load,
            Dmm = dmm || serving >= 0 || previous.Count > 0, ServingMaar = serving, PreviousMaars = previous,
        }, Anchor(lma), AccessRouter(mag));

    /// <summary>A BU to the home agent or to a MAP, straight or through the MAP's tunnel, from an on-link or a regional care-of address.</summary>
    static Gen<WireCase> BindingUpdates =>
        from proc in Procedure from at in Time from mn in Mn from home in Prefix from seq in UShort from life in UShort
        from router in Router from map in Gen.Choose(7, 60) from shape in Gen.Choose(0, 5) from auth in Authentication from network in Prefix
        from nat in ArbMap.Default.GeneratorFor<bool>() from asks in Gen.Choose(0, 2)
        select shape switch
        {
            // RFC 5555 §4.1: from an IPv4 care-of address, in UDP over IPv4, a NAT's address and port outside where there is one.
            5 => new WireCase(new BindingUpdate(proc, at, mn, home, seq, life, router)
                {
                    Authentication = auth, Ipv4 = Transport(Ipv4Node(mn), router, nat),
                    Ipv4HomeAddress = asks switch { 0 => null, 1 => Ipv4Address.Unspecified, _ => NodeAddresses.Ipv4Home(Ipv4Node(mn)) },
                }, Endpoint.MobileNode(mn, router), Anchor(HomeAgentOf(mn))),
            // Home registration straight from the on-link care-of address (MIPv6).
            0 => new WireCase(new BindingUpdate(proc, at, mn, home, seq, life, router) { Authentication = auth }, Endpoint.MobileNode(mn, router), Anchor(HomeAgentOf(mn))),
            // A mobile router's, with the R flag and its Mobile Network Prefix option (RFC 3963 §4.1, §4.3).
            4 => new WireCase(new BindingUpdate(proc, at, mn, home, seq, life, router) { Authentication = auth, MobileNetworkPrefix = network },
                Endpoint.MobileNode(mn, router), Anchor(HomeAgentOf(mn))),
            // A local BU to a MAP (RFC 5380 §4).
            1 => new WireCase(new BindingUpdate(proc, at, mn, CareOfAddress.RegionalPrefix(map, mn), seq, life, router) { MapRegistration = true, Authentication = auth },
                Endpoint.MobileNode(mn, router), Anchor(map)),
            // The home BU for the RCoA, through the MAP's tunnel (RFC 5380 §6.1) ...
            2 => new WireCase(new BindingUpdate(proc, at, mn, home, seq, life, CareOfAddress.Regional(map, AccessRouters)) { Authentication = auth },
                Endpoint.MobileNode(mn, router), Anchor(map)),
            // ... and on from the MAP to the home agent.
            _ => new WireCase(new BindingUpdate(proc, at, mn, home, seq, life, CareOfAddress.Regional(map, AccessRouters)) { Authentication = auth },
                Anchor(map), Anchor(HomeAgentOf(mn))),
        };

    /// <summary>A node numbered within the IPv4 home network (RFC 5555), which numbers fewer than the IPv6 plan.</summary>
    static MnIdentifier Ipv4Node(MnIdentifier mn) => new(mn.Index % NodeAddresses.MaxIpv4HomeAddresses);

    static Ipv4Transport Transport(MnIdentifier mn, int router, bool nat) => nat
        ? new Ipv4Transport(NodeAddresses.Ipv4PrivateCareOf(mn), NodeAddresses.NatPublic(router), NodeAddresses.NatPort(mn))
        : new Ipv4Transport(NodeAddresses.Ipv4CareOf(router, mn), NodeAddresses.Ipv4CareOf(router, mn), NodeAddresses.Dsmipv6Port);

    static Gen<WireCase> BindingAcknowledgements =>
        from proc in Procedure from at in Time from status in Status from seq in UShort from life in UShort
        from ha in Gen.Choose(0, 6) from router in Router from map in Gen.Choose(7, 60) from shape in Gen.Choose(0, 2) from home in Prefix
        from mobileRouter in ArbMap.Default.GeneratorFor<bool>() from nat in ArbMap.Default.GeneratorFor<bool>()
        from ack in Gen.Elements(Enum.GetValues<Ipv4AddressStatus>()) from address in ArbMap.Default.GeneratorFor<uint>()
        from refresh in Gen.OneOf(Gen.Constant<uint?>(null), ArbMap.Default.GeneratorFor<uint>().Select(v => (uint?)v)) from v4 in Gen.Choose(0, 1)
        select v4 == 1
            // RFC 5555 §3.2.1, §3.2.2, §4.1: back to an IPv4 care-of address in UDP, with the IPv4 Address Acknowledgement and the NAT Detection options.
            ? new WireCase(new BindingAcknowledgement(proc, at, status, seq, life, ha)
            {
                HomePrefix = home, Ipv4 = Transport(Ipv4Node(proc.MobileNode), router, nat),
                Ipv4HomeAddress = new Ipv4AddressAcknowledgement(ack, new Ipv4Address(address)), NatRefreshTime = refresh,
            }, Anchor(ha), Endpoint.MobileNode(proc.MobileNode, router))
            : shape switch
        {
            0 => new WireCase(new BindingAcknowledgement(proc, at, status, seq, life, ha) { HomePrefix = home, MobileRouter = mobileRouter },
                Anchor(ha), Endpoint.MobileNode(proc.MobileNode, router)),
            // To a regional care-of address: to the MAP, then tunnelled on to the node (RFC 5380 §6.2).
            1 => new WireCase(new BindingAcknowledgement(proc, at, status, seq, life, ha) { HomePrefix = home }, Anchor(ha), Anchor(map)),
            _ => new WireCase(new BindingAcknowledgement(proc, at, status, seq, life, ha) { HomePrefix = home }, Anchor(map), Endpoint.MobileNode(proc.MobileNode, router)),
        };

    static Gen<WireCase> HandoverInitiates =>
        from proc in Procedure from at in Time from mn in Mn from nar in Index from par in Index from keep in ListOf(InUse) from auth in Authentication
        from forwarding in ArbMap.Default.GeneratorFor<bool>()
        select new WireCase(new HandoverInitiate(proc, at, mn, nar, keep) { Authentication = auth, ForwardingRequested = forwarding }, AccessRouter(nar), AccessRouter(par));

    static Gen<WireCase> HandoverAcknowledges =>
        from proc in Procedure from at in Time from mn in Mn from par in Index from nar in Index from contexts in ListOf(Context)
        from groups in Ints(Index) from auth in Authentication
        from forwarding in ArbMap.Default.GeneratorFor<bool>()
        select new WireCase(new HandoverAcknowledge(proc, at, mn, par, contexts, groups) { Authentication = auth, Forwarding = forwarding }, AccessRouter(par), AccessRouter(nar));

    static Gen<WireCase> ContextTransfers =>
        from proc in Procedure from at in Time from mn in Mn from source in Index from target in Index from careOf in AnyInt
        from context in Context from groups in Ints(Index) from auth in Authentication
        select new WireCase(new ContextTransferData(proc, at, mn, source, careOf, context, groups) { Authentication = auth }, Anchor(source), Anchor(target));

    static Gen<WireCase> ContextTransferReplies =>
        from proc in Procedure from at in Time from status in Status from mn in Mn from p in Prefix from target in Index from source in Index
        from auth in Authentication
        select new WireCase(new ContextTransferDataReply(proc, at, status, mn, p, target) { Authentication = auth }, Anchor(target), Anchor(source));

    static Gen<WireCase> Relocations =>
        from proc in Procedure from at in Time from mn in Mn from p in Prefix from anchor in Index from previous in Index from router in Index
        from auth in Authentication
        select new WireCase(new AnchorRelocated(proc, at, mn, p, anchor, previous) { Authentication = auth }, Anchor(anchor), AccessRouter(router));

    static Gen<WireCase> AnchorAdvertisements =>
        from proc in Procedure from at in Time from anchor in Index from load in Gen.Choose(0, int.MaxValue) from capacity in Gen.Choose(0, int.MaxValue)
        from toAnchor in Gen.Elements(true, false) from peer in Index from auth in Authentication from sequence in Gen.Choose(0, int.MaxValue)
        select new WireCase(new AnchorAdvertisement(proc, at, anchor, load, capacity) { Authentication = auth, SequenceNumber = (uint)sequence }, Anchor(anchor),
            toAnchor ? Anchor(peer) : AccessRouter(peer));

    static Gen<WireCase> PrefixReleases =>
        from proc in Procedure from at in Time from mn in Mn from p in Prefix from router in Router
        select new WireCase(new PrefixRelease(proc, at, mn, p), Endpoint.MobileNode(mn, router), AccessRouter(router));

    static Gen<WireCase> NeighborSolicitations =>
        from proc in Procedure from at in Time from mn in Mn from p in Prefix from router in Router
        select new WireCase(new NeighborSolicitation(proc, at, mn, p), Endpoint.MobileNode(mn, router), AccessRouter(router));

    static Gen<WireCase> PrefixRoutes =>
        from proc in Procedure from at in Time from p in Prefix from anchor in Index from cn in Index
        select new WireCase(new PrefixRoute(proc, at, p, anchor), Anchor(anchor), Endpoint.Correspondent(cn));

    static Gen<WireCase> Solicitations =>
        from proc in Procedure from at in Time from mn in Mn from router in Router
        select new WireCase(new RouterSolicitation(proc, at, mn), Endpoint.MobileNode(mn, router), AccessRouter(router));

    static Gen<WireCase> PrefixesInUseCases =>
        from proc in Procedure from at in Time from mn in Mn from previous in Gen.Choose(-1, AccessRouters - 1) from keep in ListOf(InUse)
        from router in Router
        select new WireCase(new PrefixesInUse(proc, at, mn, previous, keep), Endpoint.MobileNode(mn, router), AccessRouter(router));

    static Gen<MapOption> Map =>
        from map in Index from dist in Gen.Choose(0, 15) from pref in Gen.Choose(0, 15) from valid in Gen.Choose(0, int.MaxValue)
        select new MapOption(map, (byte)dist, (byte)pref, ModelTime.FromSeconds(valid));

    static Gen<WireCase> Advertisements =>
        from proc in Procedure from at in Time from router in Router from p in Prefix from deprecated in ListOf(Prefix) from maps in ListOf(Map)
        from local in Paa
        select new WireCase(new RouterAdvertisement(proc, at, router, p) { Deprecated = deprecated, Maps = maps, Local = p.IsNone ? Prefix64.None : local },
            AccessRouter(router), Endpoint.MobileNode(proc.MobileNode, router));

    /// <summary>
    /// Any Maximum Response Delay and Query Interval up to what their codes can say (RFC 3810 §5.1.3,
    /// §5.1.9), any Robustness Variable the QRV holds; the query keeps what the codes say.
    /// </summary>
    static Gen<WireCase> MldQueries =>
        from proc in Procedure from at in Time from router in Router from mn in Mn from delay in Gen.Choose(0, 8_387_583)
        from interval in Gen.Choose(1, 31_744) from robustness in Gen.Choose(1, 7)
        select new WireCase(new MldQuery(proc, at, router, ModelTime.FromMilliseconds(delay))
            {
                QueryInterval = ModelTime.FromSeconds(interval),
                Robustness = robustness,
            }, AccessRouter(router), Endpoint.MobileNode(mn, router));

    static Gen<WireCase> MldReports =>
        from proc in Procedure from at in Time from mn in Mn from groups in Ints(Index) from router in Router
        select new WireCase(new MldReport(proc, at, mn, groups), Endpoint.MobileNode(mn, router), AccessRouter(router));

    static Gen<WireCase> MldProxyReports =>
        from proc in Procedure from at in Time from router in Index from tunnel in AnyInt from g in Index from joins in ArbMap.Default.GeneratorFor<bool>()
        from upstream in Gen.Elements(Anchor(3), Endpoint.Mtma)
        select new WireCase(new MldProxyReport(proc, at, router, tunnel, g, joins), AccessRouter(router), upstream);

    static Gen<WireCase> DataPackets =>
        from session in AnyInt from mn in Mn from p in Prefix from cn in Index from at in Time from delay in Time
        from hops in AnyInt from tunnels in AnyInt from anchor in Index from router in Index from tunnelled in ArbMap.Default.GeneratorFor<bool>()
        from careOf in Gen.OneOf(Gen.Constant(-1), Router)
        select careOf < 0
            ? new WireCase(new DataPacket(session, mn, p, cn, at, delay, hops, tunnels), Anchor(anchor), AccessRouter(router), tunnelled)
            // RFC 6275 §9.3.2: from a correspondent straight to the care-of address, with a type 2 routing header.
            : new WireCase(new DataPacket(session, mn, p, cn, at, delay, hops, tunnels) { RoutedToCareOf = careOf },
                Endpoint.Correspondent(cn), AccessRouter(careOf));

    static Gen<IReadOnlyList<LocalizedNode>> LocalizedNodes(int count) =>
        from nodes in Gen.ArrayOf<LocalizedNode>((from mn in Mn from p in Prefix select new LocalizedNode(mn, p)), count) select (IReadOnlyList<LocalizedNode>)nodes;

    /// <summary>RFC 6705 §10.1: an LRI either way between an LMA and a MAG, one or two nodes, with or without the counterpart MAG.</summary>
    static Gen<WireCase> LocalizedRoutingInitiations =>
        from proc in Procedure from at in Time from seq in UShort from life in UShort from lma in Index from mag in Index
        from fromMag in ArbMap.Default.GeneratorFor<bool>() from count in Gen.Choose(1, 2) from nodes in LocalizedNodes(count)
        from remote in Gen.OneOf(Gen.Constant(-1), Router) from auth in Authentication
        select new WireCase(new LocalizedRoutingInitiation(proc, at, seq, life, lma, mag, fromMag, nodes) { RemoteMag = remote, Authentication = auth },
            fromMag ? AccessRouter(mag) : Anchor(lma), fromMag ? Anchor(lma) : AccessRouter(mag));

    /// <summary>RFC 6705 §10.2: an LRA, its nodes on success and none on a refusal.</summary>
    static Gen<WireCase> LocalizedRoutingAcknowledgements =>
        from proc in Procedure from at in Time from seq in UShort from life in UShort from lma in Index from mag in Index
        from fromMag in ArbMap.Default.GeneratorFor<bool>() from status in Gen.Elements(Enum.GetValues<LocalizedRoutingStatus>())
        from nodes in LocalizedNodes(status == LocalizedRoutingStatus.Success ? 2 : 0) from auth in Authentication
        select new WireCase(new LocalizedRoutingAcknowledgement(proc, at, seq, status, life, lma, mag, fromMag, nodes) { Authentication = auth },
            fromMag ? AccessRouter(mag) : Anchor(lma), fromMag ? Anchor(lma) : AccessRouter(mag));

    /// <summary>A mobile peer's datagram to a node (traffic.mn-to-mn-share): from its address to the node's, on any leg, tunnelled or not.</summary>
    static Gen<WireCase> PeerPackets =>
        from session in AnyInt from mn in Mn from p in Prefix from peer in Mn from peerPrefix in Prefix from at in Time from delay in Time
        from hops in AnyInt from tunnels in AnyInt from anchor in Index from router in Index from tunnelled in ArbMap.Default.GeneratorFor<bool>()
        select new WireCase(new DataPacket(session, mn, p, -1, at, delay, hops, tunnels) { FromNode = peer.Index, FromPrefix = peerPrefix },
            Anchor(anchor), AccessRouter(router), tunnelled);

    /// <summary>RFC 6275 §11.3.1, RFC 5213 §6.10.5: a node's datagram up a reverse tunnel, from the node or its MAG, out of the anchor, or straight with a Home Address option.</summary>
    static Gen<WireCase> UplinkPackets =>
        from session in AnyInt from mn in Mn from p in Prefix from cn in Index from at in Time from delay in Time
        from hops in AnyInt from tunnels in AnyInt from anchor in Index from router in Router from leg in Gen.Choose(0, 3)
        let up = new DataPacket(session, mn, p, cn, at, delay, hops, tunnels) { Traffic = DataTraffic.Uplink }
        select leg switch
        {
            0 => new WireCase(up, Endpoint.MobileNode(mn, router), Anchor(anchor), Tunnelled: true),
            1 => new WireCase(up, AccessRouter(router), Anchor(anchor), Tunnelled: true),
            2 => new WireCase(up, Anchor(anchor), Endpoint.Correspondent(cn)),
            _ => new WireCase(up with { RoutedToCareOf = router }, Endpoint.MobileNode(mn, router), Endpoint.Correspondent(cn)),
        };

    /// <summary>
    /// RFC 5555: an IPv4 session's datagram, or an IPv6 one of a node on an IPv4 network, on the home agent's tunnel leg in IPv6,
    /// IPv4 or UDP over IPv4 (§4.1, §4.4); or an IPv4 datagram on a correspondent's leg.
    /// </summary>
    static Gen<WireCase> DualStackPackets =>
        from session in AnyInt from mn0 in Mn from cn in Gen.Choose(0, NodeAddresses.MaxIpv4Infrastructure - 1) from at in Time from delay in Time
        from hops in AnyInt from tunnels in AnyInt from anchor in Gen.Choose(0, 60) from router in Router
        from tunnel in Gen.Elements(Enum.GetValues<Encapsulation>()) from ipv4 in ArbMap.Default.GeneratorFor<bool>()
        from uplink in ArbMap.Default.GeneratorFor<bool>() from tunnelled in ArbMap.Default.GeneratorFor<bool>()
        let mn = Ipv4Node(mn0)
        let packet = new DataPacket(session, mn, ipv4 ? Prefix64.None : Prefix64.Delegated(anchor, mn.Index), cn, at, delay, hops, tunnels)
        {
            Ipv4 = ipv4, Traffic = uplink ? DataTraffic.Uplink : DataTraffic.Probe,
        }
        select tunnelled
            ? (uplink ? new WireCase(packet with { Encapsulation = tunnel }, Endpoint.MobileNode(mn, router), Anchor(anchor), Tunnelled: true)
                : new WireCase(packet with { Encapsulation = tunnel }, Anchor(anchor), AccessRouter(router), Tunnelled: true))
            : (uplink ? new WireCase(packet with { Ipv4 = true, DestinationPrefix = Prefix64.None }, Anchor(anchor), Endpoint.Correspondent(cn))
                : new WireCase(packet with { Ipv4 = true, DestinationPrefix = Prefix64.None }, Endpoint.Correspondent(cn), Anchor(anchor)));

    /// <summary>RFC 6275 §6.5, §6.6: to the Home-Agents anycast address from a care-of address, and the reply back with the home agents.</summary>
    static Gen<WireCase> DhaadRequests =>
        from proc in Procedure from at in Time from id in UShort from router in Router from ha in Gen.Choose(0, 6)
        select new WireCase(new HomeAgentAddressDiscoveryRequest(proc, at, proc.MobileNode, id, router), Endpoint.MobileNode(proc.MobileNode, router), Anchor(ha));

    static Gen<WireCase> DhaadReplies =>
        from proc in Procedure from at in Time from id in UShort from router in Router from ha in Gen.Choose(0, 6)
        from others in Gen.ListOf(Gen.Choose(0, 6)).Select(l => l.Take(8).ToArray())
        select new WireCase(new HomeAgentAddressDiscoveryReply(proc, at, id, ha, [ha, .. others], router), Anchor(ha), Endpoint.MobileNode(proc.MobileNode, router));

    /// <summary>RFC 5142 §5.1: to the care-of address, the home address in a type 2 routing header.</summary>
    static Gen<WireCase> HomeAgentSwitches =>
        from proc in Procedure from at in Time from router in Router from ha in Gen.Choose(0, 6) from home in Prefix
        from others in Gen.ListOf(Gen.Choose(0, 6)).Select(l => l.Take(8).ToArray())
        select new WireCase(new HomeAgentSwitch(proc, at, ha, home, router, others), Anchor(ha), Endpoint.MobileNode(proc.MobileNode, router));

    /// <summary>RFC 6275 §7.1, §7.4: a home agent's RA on the home link, with the H flag and its Home Agent Information option.</summary>
    static Gen<WireCase> HomeAgentAdvertisements =>
        from proc in Procedure from at in Time from ha in Gen.Choose(0, 6) from other in Gen.Choose(0, 6) from preference in UShort from lifetime in UShort
        select new WireCase(new HomeAgentAdvertisement(proc, at, ha, preference, lifetime), Anchor(ha), Anchor(other));

    static Gen<ulong> Cookie => ArbMap.Default.GeneratorFor<ulong>();

    static Gen<WireCase> HomeTestInits =>
        from proc in Procedure from at in Time from mn in Mn from home in Prefix from cn in Index from cookie in Cookie
        from router in Router from tunnelled in ArbMap.Default.GeneratorFor<bool>()
        select tunnelled
            ? new WireCase(new HomeTestInit(proc, at, mn, home, cn, cookie), Endpoint.MobileNode(mn, router), Anchor(HomeAgentOf(mn)))
            : new WireCase(new HomeTestInit(proc, at, mn, home, cn, cookie), Anchor(HomeAgentOf(mn)), Endpoint.Correspondent(cn));

    static Gen<WireCase> CareOfTestInits =>
        from proc in Procedure from at in Time from mn in Mn from router in Router from cn in Index from cookie in Cookie
        select new WireCase(new CareOfTestInit(proc, at, mn, router, cn, cookie), Endpoint.MobileNode(mn, router), Endpoint.Correspondent(cn));

    static Gen<WireCase> HomeTests =>
        from proc in Procedure from at in Time from mn in Mn from home in Prefix from cn in Index from nonce in UShort from cookie in Cookie
        from token in Cookie from router in Router from tunnelled in ArbMap.Default.GeneratorFor<bool>()
        select tunnelled
            ? new WireCase(new HomeTest(proc, at, mn, home, cn, nonce, cookie, token), Anchor(HomeAgentOf(mn)), Endpoint.MobileNode(mn, router))
            : new WireCase(new HomeTest(proc, at, mn, home, cn, nonce, cookie, token), Endpoint.Correspondent(cn), Anchor(HomeAgentOf(mn)));

    static Gen<WireCase> CareOfTests =>
        from proc in Procedure from at in Time from mn in Mn from router in Router from cn in Index from nonce in UShort from cookie in Cookie
        from token in Cookie
        select new WireCase(new CareOfTest(proc, at, mn, router, cn, nonce, cookie, token), Endpoint.Correspondent(cn), Endpoint.MobileNode(mn, router));

    static Gen<BindingAuthorizationData> Authorizer =>
        from high in Cookie from low in Gen.Choose(int.MinValue, int.MaxValue) select new BindingAuthorizationData(high, (uint)low);

    static Gen<WireCase> CorrespondentBindingUpdates =>
        from proc in Procedure from at in Time from mn in Mn from home in Prefix from router in Router from cn in Index from seq in UShort
        from life in UShort from hn in UShort from cn2 in UShort from bad in Authorizer
        select new WireCase(new CorrespondentBindingUpdate(proc, at, mn, home, router, cn, seq, life, hn, cn2, bad),
            Endpoint.MobileNode(mn, router), Endpoint.Correspondent(cn));

    static Gen<WireCase> CorrespondentBindingAcknowledgements =>
        from proc in Procedure from at in Time from status in Status from mn in Mn from home in Prefix from router in Router from cn in Index
        from seq in UShort from life in UShort from bad in Authorizer
        select new WireCase(new CorrespondentBindingAcknowledgement(proc, at, status, mn, home, router, cn, seq, life, bad),
            Endpoint.Correspondent(cn), Endpoint.MobileNode(mn, router));

    /// <summary>RFC 5568 §6.1.1: from the PCoA to the PAR, naming the new access point.</summary>
    static Gen<WireCase> RouterSolicitationsForProxy =>
        from proc in Procedure from at in Time from mn in Mn from par in Router from ap in Router
        select new WireCase(new RouterSolicitationForProxyAdvertisement(proc, at, mn, par, ap), Endpoint.MobileNode(mn, par), AccessRouter(par));

    /// <summary>RFC 5568 §6.1.2: code 0 with the NAR's addresses and prefix, or code 2 where none is known.</summary>
    static Gen<WireCase> ProxyRouterAdvertisements =>
        from proc in Procedure from at in Time from mn in Mn from par in Router from ap in Router from known in ArbMap.Default.GeneratorFor<bool>()
        select new WireCase(new ProxyRouterAdvertisement(proc, at, mn, par, ap, known ? ap : -1), AccessRouter(par), Endpoint.MobileNode(mn, par));

    /// <summary>RFC 5568 §6.2.2: from the PCoA on the old link, or from the NCoA on the new one; the PCoA in a Home Address option, the NCoA on another router's prefix.</summary>
    static Gen<WireCase> FastBindingUpdates =>
        from proc in Procedure from at in Time from mn in Mn from par in Router from step in Gen.Choose(1, AccessRouters - 1) from seq in UShort from life in UShort
        from fromNew in ArbMap.Default.GeneratorFor<bool>() from auth in Authentication
        let nar = (par + step) % AccessRouters
        select new WireCase(new FastBindingUpdate(proc, at, mn, par, nar, seq, life) { FromNewLink = fromNew, Authentication = auth },
            Endpoint.MobileNode(mn, fromNew ? nar : par), AccessRouter(par));

    /// <summary>RFC 5568 §6.2.3: to the PCoA, or to the NCoA through the PAR's tunnel to the NAR.</summary>
    static Gen<WireCase> FastBindingAcknowledgements =>
        from proc in Procedure from at in Time from status in Gen.Elements(Enum.GetValues<FastBindingStatus>()) from mn in Mn from par in Router
        from step in Gen.Choose(1, AccessRouters - 1) from seq in UShort from life in UShort from toNew in ArbMap.Default.GeneratorFor<bool>() from auth in Authentication
        let nar = (par + step) % AccessRouters
        select new WireCase(new FastBindingAcknowledgement(proc, at, status, mn, par, nar, seq, life) { ToNewCareOf = toNew, Authentication = auth },
            AccessRouter(par), Endpoint.MobileNode(mn, toNew ? nar : par));

    /// <summary>RFC 5568 §6.2.1.1: PAR to NAR, P clear, the node's link-layer address, PCoA and NCoA.</summary>
    static Gen<WireCase> FastHandoverInitiates =>
        from proc in Procedure from at in Time from mn in Mn from par in Router from nar in Router from code in Gen.Elements(Enum.GetValues<FastHandoverInitiateCode>())
        from buffer in ArbMap.Default.GeneratorFor<bool>() from ncoa in Router from auth in Authentication
        select new WireCase(new FastHandoverInitiate(proc, at, mn, par, nar, code, buffer, ncoa) { Authentication = auth }, AccessRouter(par), AccessRouter(nar));

    /// <summary>RFC 5568 §6.2.1.2: NAR to PAR, with the NCoA confirmed or assigned, or none (then matched by the procedure's sequence number).</summary>
    static Gen<WireCase> FastHandoverAcknowledges =>
        from proc in Procedure from at in Time from mn in Mn from par in Router from nar in Router from code in Gen.Elements(Enum.GetValues<HandoverAcknowledgeCode>())
        from ncoa in Gen.OneOf(Gen.Constant(-1), Router) from auth in Authentication
        select new WireCase(new FastHandoverAcknowledge(proc, at, ncoa < 0 ? proc.MobileNode : mn, par, nar, code, ncoa) { Authentication = auth },
            AccessRouter(nar), AccessRouter(par));

    /// <summary>RFC 5568 §6.3: from the NCoA to all nodes.</summary>
    static Gen<WireCase> UnsolicitedNeighborAdvertisements =>
        from proc in Procedure from at in Time from mn in Mn from nar in Router
        select new WireCase(new UnsolicitedNeighborAdvertisement(proc, at, mn, nar), Endpoint.MobileNode(mn, nar), AccessRouter(nar));

    /// <summary>RFC 5949 §4.1 (c): previous MAG to new MAG, P and F set, with the node's prefix and LMA.</summary>
    static Gen<WireCase> PredictiveHandoverInitiates =>
        from proc in Procedure from at in Time from mn in Mn from pmag in Index from nmag in Index from hnp in Prefix from lma in Index
        from buffer in ArbMap.Default.GeneratorFor<bool>() from auth in Authentication
        where !hnp.IsNone
        select new WireCase(new PredictiveHandoverInitiate(proc, at, mn, pmag, nmag, hnp, lma, buffer) { Authentication = auth }, AccessRouter(pmag), AccessRouter(nmag));

    static Gen<WireCase> PredictiveHandoverAcknowledges =>
        from proc in Procedure from at in Time from mn in Mn from pmag in Index from nmag in Index
        from code in Gen.Elements(HandoverAcknowledgeCode.Accepted, HandoverAcknowledgeCode.NotAccepted, HandoverAcknowledgeCode.InsufficientResources) from auth in Authentication
        select new WireCase(new PredictiveHandoverAcknowledge(proc, at, mn, pmag, nmag, code) { Authentication = auth }, AccessRouter(nmag), AccessRouter(pmag));

    static Gen<IkeSpis> Spis => from i in ArbMap.Default.GeneratorFor<ulong>() from r in ArbMap.Default.GeneratorFor<ulong>() select new IkeSpis(i | 1, r);

    /// <summary>RFC 7296 §1.2: the node's request from its care-of address, or the gateway's answer to it.</summary>
    static Gen<WireCase> IkeSaInits =>
        from proc in Procedure from at in Time from mn in Mn from gw in Gen.Choose(0, 60) from router in Router from spis in Spis
        from response in ArbMap.Default.GeneratorFor<bool>()
        select response
            ? new WireCase(new IkeSaInit(proc, at, mn, gw, router, spis, true), Anchor(gw), Endpoint.MobileNode(mn, router))
            : new WireCase(new IkeSaInit(proc, at, mn, gw, router, spis with { Responder = 0 }, false), Endpoint.MobileNode(mn, router), Anchor(gw));

    /// <summary>RFC 7296 §1.2, §2.19: encrypted, the request asking for an inner address, the answer giving one.</summary>
    static Gen<WireCase> IkeAuths =>
        from proc in Procedure from at in Time from mn in Mn from gw in Gen.Choose(0, 60) from router in Router from spis in Spis
        from response in ArbMap.Default.GeneratorFor<bool>() from esp in ArbMap.Default.GeneratorFor<uint>()
        select response
            ? new WireCase(new IkeAuth(proc, at, mn, gw, router, spis, true, Prefix64.Delegated(gw, mn.Index), esp), Anchor(gw), Endpoint.MobileNode(mn, router))
            : new WireCase(new IkeAuth(proc, at, mn, gw, router, spis, false, Prefix64.None, esp), Endpoint.MobileNode(mn, router), Anchor(gw));

    /// <summary>RFC 4555 §3.5, §3.7: either end's request or answer, with UPDATE_SA_ADDRESSES and COOKIE2 or empty.</summary>
    static Gen<WireCase> IkeInformationals =>
        from proc in Procedure from at in Time from mn in Mn from gw in Gen.Choose(0, 60) from router in Router from spis in Spis
        from id in ArbMap.Default.GeneratorFor<uint>() from fromNode in ArbMap.Default.GeneratorFor<bool>() from response in ArbMap.Default.GeneratorFor<bool>()
        from update in ArbMap.Default.GeneratorFor<bool>() from cookie in Gen.OneOf(Gen.Constant(0UL), ArbMap.Default.GeneratorFor<ulong>())
        let m = new IkeInformational(proc, at, mn, gw, router, spis, id, fromNode, response) { UpdateSaAddresses = update, Cookie2 = cookie }
        select fromNode ? new WireCase(m, Endpoint.MobileNode(mn, router), Anchor(gw)) : new WireCase(m, Anchor(gw), Endpoint.MobileNode(mn, router));

    // ---- GTPv2-C (TS 29.274 §7.2): an MME, SGW and PGW stand in as anchors and routers, whose addresses the codec knows ----

    static Gen<uint> Teid => ArbMap.Default.GeneratorFor<uint>();
    static Gen<uint> GtpSequence => Gen.Choose(0, (1 << 24) - 1).Select(v => (uint)v);
    static Gen<byte> Ebi => Gen.Choose(5, 15).Select(v => (byte)v);
    static Gen<GtpCause> Cause => Gen.Elements(Enum.GetValues<GtpCause>());
    static Gen<FullyQualifiedTeid> Fteid =>
        from i in Gen.Elements(Enum.GetValues<GtpInterface>()) from t in Teid from anchor in ArbMap.Default.GeneratorFor<bool>() from n in Index
        select new FullyQualifiedTeid(i, t, anchor ? Anchor(n) : AccessRouter(n));
    static Gen<FullyQualifiedTeid?> MaybeFteid => Gen.OneOf(Gen.Constant<FullyQualifiedTeid?>(null), Fteid.Select(f => (FullyQualifiedTeid?)f));
    static Gen<UserLocation> Location =>
        from tac in UShort from eci in Gen.Choose(0, int.MaxValue).Select(v => (uint)v & UserLocation.MaxCellId) select new UserLocation(tac, eci);
    /// <summary>A message's two ends: the MME or an SGW (anchors here) and the SGW or PGW it asks.</summary>
    static Gen<(Endpoint From, Endpoint To)> GtpEnds => from a in Index from b in Index select (Anchor(a), Anchor(b));
    /// <summary>A PAA as the PGW allocates it: a node's /64, or none (an attach's request).</summary>
    static Gen<Prefix64> Paa => Gen.OneOf(Gen.Constant(Prefix64.None), from a in Gen.Choose(0, 64) from n in Index select Prefix64.Delegated(a, n));

    static Gen<WireCase> CreateSessionRequests =>
        from proc in Procedure from at in Time from teid in Teid from seq in GtpSequence from mn in Mn from sender in Fteid from ebi in Ebi from uli in Location
        from pgw in MaybeFteid from enb in MaybeFteid from sgwU in MaybeFteid from pgwU in MaybeFteid from paa in Paa from ends in GtpEnds
        select new WireCase(new CreateSessionRequest(proc, at, teid, seq, mn, sender, ebi, uli)
            { PgwControl = pgw, S1uEnodeB = enb, S5S8uSgw = sgwU, S5S8uPgw = pgwU, Paa = paa }, ends.From, ends.To);

    static Gen<WireCase> CreateSessionResponses =>
        from proc in Procedure from at in Time from teid in Teid from seq in GtpSequence from cause in Cause from sender in MaybeFteid from pgw in MaybeFteid
        from paa in Paa from ebi in Ebi from bearerCause in Cause from sgwU in MaybeFteid from pgwU in MaybeFteid from ends in GtpEnds
        select new WireCase(new CreateSessionResponse(proc, at, teid, seq, cause)
            { SenderControl = sender, PgwControl = pgw, Paa = paa, Ebi = ebi, BearerCause = bearerCause, S1uSgw = sgwU, S5S8uPgw = pgwU }, ends.From, ends.To);

    static Gen<WireCase> ModifyBearerRequests =>
        from proc in Procedure from at in Time from teid in Teid from seq in GtpSequence from ebi in Ebi from sender in MaybeFteid
        from located in ArbMap.Default.GeneratorFor<bool>() from uli in Location from enb in MaybeFteid from sgwU in MaybeFteid from ends in GtpEnds
        select new WireCase(new ModifyBearerRequest(proc, at, teid, seq, ebi)
            { SenderControl = sender, Location = located ? uli : null, S1uEnodeB = enb, S5S8uSgw = sgwU }, ends.From, ends.To);

    static Gen<WireCase> ModifyBearerResponses =>
        from proc in Procedure from at in Time from teid in Teid from seq in GtpSequence from cause in Cause from ebi in Ebi from bearerCause in Cause
        from sgwU in MaybeFteid from ends in GtpEnds
        select new WireCase(new ModifyBearerResponse(proc, at, teid, seq, cause, ebi) { BearerCause = bearerCause, S1uSgw = sgwU }, ends.From, ends.To);

    static Gen<WireCase> DeleteSessionRequests =>
        from proc in Procedure from at in Time from teid in Teid from seq in GtpSequence from ebi in Ebi
        from si in ArbMap.Default.GeneratorFor<bool>() from oi in ArbMap.Default.GeneratorFor<bool>() from ends in GtpEnds
        select new WireCase(new DeleteSessionRequest(proc, at, teid, seq, ebi) { ScopeIndication = si, OperationIndication = oi }, ends.From, ends.To);

    static Gen<WireCase> DeleteSessionResponses =>
        from proc in Procedure from at in Time from teid in Teid from seq in GtpSequence from cause in Cause from ends in GtpEnds
        select new WireCase(new DeleteSessionResponse(proc, at, teid, seq, cause), ends.From, ends.To);

    /// <summary>TS 29.303: an MME (an anchor here) asks the DNS (a correspondent here) for a tracking area's gateways, and the answer lists them.</summary>
    static Gen<WireCase> GatewayQueries =>
        from proc in Procedure from at in Time from id in UShort from tac in UShort from service in Gen.Elements(Enum.GetValues<GatewayService>())
        from mme in Gen.Choose(0, 60) from dns in Gen.Choose(0, 60)
        select new WireCase(new GatewayQuery(proc, at, id, tac, service), Anchor(mme), Endpoint.Correspondent(dns));

    static Gen<WireCase> GatewayAnswers =>
        from proc in Procedure from at in Time from id in UShort from tac in UShort from service in Gen.Elements(Enum.GetValues<GatewayService>())
        from mme in Gen.Choose(0, 60) from dns in Gen.Choose(0, 60)
        from gateways in Gen.ArrayOf(Gen.Choose(0, 200)).Resize(6)
        from order in UShort from preference in UShort
        select new WireCase(new GatewayAnswer(proc, at, id, tac, service,
            gateways.Distinct().Select((g, i) => new GatewayCandidate(Anchor(g), (ushort)(order + i), preference)).ToArray()), Endpoint.Correspondent(dns), Anchor(mme));

    /// <summary>TS 36.413: an eNB (a router) and the MME (an anchor) either way, each optional field present or not.</summary>
    static Gen<WireCase> S1apMessages =>
        from proc in Procedure from at in Time from code in Gen.Elements(Enum.GetValues<S1apProcedure>()) from pdu in Gen.Elements(Enum.GetValues<S1apPdu>())
        from mn in Mn from enb in Router from mme in Gen.Choose(0, 60) from located in ArbMap.Default.GeneratorFor<bool>() from uli in Location
        from bearer in MaybeFteid from paa in Paa from up in ArbMap.Default.GeneratorFor<bool>()
        from localPaa in Paa from lgw in Gen.Choose(-1, 60)
        let m = new S1apMessage(proc, at, code, pdu, mn, enb)
            { Location = located ? uli : null, Bearer = bearer, Paa = paa, LocalPaa = localPaa, LocalGateway = lgw < 0 ? null : Anchor(lgw) }
        select up ? new WireCase(m, AccessRouter(enb), Anchor(mme)) : new WireCase(m, Anchor(mme), AccessRouter(enb));

    /// <summary>Every message type, each with its own generator, so none is left to chance.</summary>
    public static readonly IReadOnlyDictionary<string, Gen<WireCase>> ByType = new Dictionary<string, Gen<WireCase>>
    {
        [nameof(ProxyBindingUpdate)] = ProxyBindingUpdates,
        [nameof(ProxyBindingAcknowledgement)] = ProxyBindingAcknowledgements,
        [nameof(BindingUpdate)] = BindingUpdates,
        [nameof(BindingAcknowledgement)] = BindingAcknowledgements,
        [nameof(HandoverInitiate)] = HandoverInitiates,
        [nameof(HandoverAcknowledge)] = HandoverAcknowledges,
        [nameof(ContextTransferData)] = ContextTransfers,
        [nameof(ContextTransferDataReply)] = ContextTransferReplies,
        [nameof(AnchorRelocated)] = Relocations,
        [nameof(LocalizedRoutingInitiation)] = LocalizedRoutingInitiations,
        [nameof(LocalizedRoutingAcknowledgement)] = LocalizedRoutingAcknowledgements,
        [nameof(PrefixRoute)] = PrefixRoutes,
        [nameof(AnchorAdvertisement)] = AnchorAdvertisements,
        [nameof(PrefixRelease)] = PrefixReleases,
        [nameof(NeighborSolicitation)] = NeighborSolicitations,
        [nameof(RouterSolicitation)] = Solicitations,
        [nameof(PrefixesInUse)] = PrefixesInUseCases,
        [nameof(RouterAdvertisement)] = Advertisements,
        [nameof(MldReport)] = MldReports,
        [nameof(MldQuery)] = MldQueries,
        [nameof(MldProxyReport)] = MldProxyReports,
        [nameof(DataPacket)] = Gen.OneOf(DataPackets, UplinkPackets, DualStackPackets, PeerPackets),
        [nameof(HomeTestInit)] = HomeTestInits,
        [nameof(CareOfTestInit)] = CareOfTestInits,
        [nameof(HomeTest)] = HomeTests,
        [nameof(CareOfTest)] = CareOfTests,
        [nameof(CorrespondentBindingUpdate)] = CorrespondentBindingUpdates,
        [nameof(CorrespondentBindingAcknowledgement)] = CorrespondentBindingAcknowledgements,
        [nameof(HomeAgentAddressDiscoveryRequest)] = DhaadRequests,
        [nameof(HomeAgentSwitch)] = HomeAgentSwitches,
        [nameof(HomeAgentAdvertisement)] = HomeAgentAdvertisements,
        [nameof(HomeAgentAddressDiscoveryReply)] = DhaadReplies,
        [nameof(RouterSolicitationForProxyAdvertisement)] = RouterSolicitationsForProxy,
        [nameof(ProxyRouterAdvertisement)] = ProxyRouterAdvertisements,
        [nameof(FastBindingUpdate)] = FastBindingUpdates,
        [nameof(FastBindingAcknowledgement)] = FastBindingAcknowledgements,
        [nameof(FastHandoverInitiate)] = FastHandoverInitiates,
        [nameof(FastHandoverAcknowledge)] = FastHandoverAcknowledges,
        [nameof(UnsolicitedNeighborAdvertisement)] = UnsolicitedNeighborAdvertisements,
        [nameof(PredictiveHandoverInitiate)] = PredictiveHandoverInitiates,
        [nameof(PredictiveHandoverAcknowledge)] = PredictiveHandoverAcknowledges,
        [nameof(IkeSaInit)] = IkeSaInits,
        [nameof(IkeAuth)] = IkeAuths,
        [nameof(IkeInformational)] = IkeInformationals,
        [nameof(CreateSessionRequest)] = CreateSessionRequests,
        [nameof(CreateSessionResponse)] = CreateSessionResponses,
        [nameof(ModifyBearerRequest)] = ModifyBearerRequests,
        [nameof(ModifyBearerResponse)] = ModifyBearerResponses,
        [nameof(DeleteSessionRequest)] = DeleteSessionRequests,
        [nameof(DeleteSessionResponse)] = DeleteSessionResponses,
        [nameof(GatewayQuery)] = GatewayQueries,
        [nameof(GatewayAnswer)] = GatewayAnswers,
        [nameof(S1apMessage)] = S1apMessages,
    };
}
