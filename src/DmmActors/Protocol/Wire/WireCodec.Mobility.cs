using DmmActors.Addressing;

namespace DmmActors.Protocol.Wire;

/// <summary>Mobility header messages (RFC 6275 §6.1), and the PMIPv6 (RFC 5213 §8) and fast-handover (RFC 5568 §6.2, RFC 5949 §6) ones.</summary>
public sealed partial class WireCodec
{
    /// <summary>MH types (IANA "Mobility Header Types").</summary>
    public static class MhType
    {
        public const byte BindingUpdate = 5, BindingAcknowledgement = 6;
        /// <summary>RFC 5568 §6.2.1.1, §6.2.1.2.</summary>
        public const byte HandoverInitiate = 14, HandoverAcknowledge = 15;
        /// <summary>RFC 5568 §6.2.2, §6.2.3.</summary>
        public const byte FastBindingUpdate = 8, FastBindingAcknowledgement = 9;
        /// <summary>RFC 5847 §5.1.</summary>
        public const byte Heartbeat = 13;
        /// <summary>RFC 5142 §5.1.</summary>
        public const byte HomeAgentSwitch = 12;
        /// <summary>RFC 7077 §4.1 (no acknowledgement is asked, so no UPA, §4.2, is ever sent).</summary>
        public const byte UpdateNotification = 19;
        /// <summary>RFC 6705 §10.1, §10.2.</summary>
        public const byte LocalizedRoutingInitiation = 17, LocalizedRoutingAcknowledgement = 18;
    }

    /// <summary>RFC 6275 §6.1.7 A, H; RFC 5380 §4 M; RFC 3963 §4.1 R; RFC 5213 §8.1 P; RFC 8885 §4.1 D.</summary>
    const ushort FlagA = 0x8000, FlagH = 0x4000, FlagM = 0x0800, FlagR = 0x0400, FlagP = 0x0200, FlagD = 0x0010;
    /// <summary>RFC 3963 §4.2 R; RFC 5213 §8.2 P; RFC 8885 §4.2 D.</summary>
    const byte AckFlagR = 0x40, AckFlagP = 0x20, AckFlagD = 0x02;

    /// <summary>
    /// RFC 5949 §6.1.1, §6.1.2: the P flag marks the proxy form of HI and HAck and MUST be set; it is
    /// bit 0x20 of the HI's flags (after S and U) and 0x40 of the HAck's (after U).
    /// </summary>
    const byte HiFlagP = 0x20, HackFlagP = 0x40;
    /// <summary>RFC 5949 §6.1.1: with P set, code 0 unless forwarding completes (2) or all context went (3); the mode is who sends it.</summary>
    const byte HiCode = 0;
    /// <summary>
    /// RFC 5949 §6.1.2, §4.1(d): 5 context transfer accepted, 6 all available context transferred;
    /// 128 handover not accepted, reason unspecified; 130 insufficient resources; 131 requested context not available.
    /// </summary>
    const byte HackContextAccepted = 5, HackAllContextTransferred = 6, HackNotAccepted = 128, HackInsufficientResources = 130, HackContextNotAvailable = 131;

    /// <summary>
    /// An IPv6 packet carrying <paramref name="m"/> as one mobility header: <paramref name="body"/> writes its fixed part and
    /// options, and the message's authentication, where it carries one, is the last option (RFC 4285 §5).
    /// With a Home Address option, the home address takes the source's place in the checksum's pseudo-header (RFC 6275 §6.3);
    /// with a type 2 routing header (<paramref name="routedHome"/>), the home address is the final destination, in the checksum too (RFC 8200 §8.1).
    /// A message carries one or the other, never both.
    /// </summary>
    static void Mobility(PacketWriter w, Signal m, Ipv6Address src, Ipv6Address dst, byte type, Action<MobilityHeaderWriter, PacketWriter> body,
        Ipv6Address? home = null, Ipv6Address? routedHome = null)
    {
        if (home is not null && routedHome is not null) throw new ArgumentException("a mobility header with both a Home Address option and a type 2 routing header");
        var first = home is not null ? NextHeader.DestinationOptions : routedHome is not null ? NextHeader.Routing : NextHeader.MobilityHeader;
        var ip = Ipv6Packet.Open(w, src, dst, first, HopLimit);
        if (home is { } address) ExtensionHeaders.HomeAddressOption(w, NextHeader.MobilityHeader, address);
        if (routedHome is { } routed) ExtensionHeaders.RoutingType2(w, NextHeader.MobilityHeader, routed);
        var mh = new MobilityHeaderWriter(w);
        mh.Begin(type);
        body(mh, w);
        if (m.Authentication is { } authentication) mh.Authentication(authentication);
        mh.End(home ?? src, routedHome ?? dst);
        Ipv6Packet.Close(w, ip);
    }

    /// <summary>
    /// RFC 5213 §8.1; RFC 6463 §5.3.2: relayed by an rfLMA, from its address, with the MAG's Proxy-CoA as Alternate Care-of Address;
    /// RFC 8885 §3.2: sent on by a CMD, from its address, with the serving MAAR in the Serving MAAR option.
    /// </summary>
    void ProxyBindingUpdate(PacketWriter w, ProxyBindingUpdate m, Endpoint to) =>
        Mobility(w, m, m.RelayedBy >= 0 ? NodeAddresses.Anchor(m.RelayedBy) : NodeAddresses.AccessRouter(m.ProxyCareOf), Global(to), MhType.BindingUpdate, (mh, b) =>
        {
            b.U16(m.SequenceNumber); b.U16((ushort)(FlagA | FlagH | FlagP | (m.Dmm ? FlagD : 0))); b.U16(m.LifetimeUnits);
            ProxyOptions(mh, m.MnId, m.HomeNetworkPrefix, m.HandoffIndicator, m.AccessTechnologyType, m.Timestamp);
            foreach (var anchored in m.AnchoredPrefixes) mh.AnchoredPrefix(anchored);
            if (m.RedirectCapability) mh.RedirectCapability();
            if (m.ServingMaar >= 0) mh.ServingMaar(NodeAddresses.AccessRouter(m.ServingMaar));
            else if (m.RelayedBy >= 0) mh.AlternateCareOf(NodeAddresses.AccessRouter(m.ProxyCareOf));
            var meta = EmulatorMetadata.Begin(m);
            meta.I32(m.Sessions); EmulatorMetadata.Ints(meta, m.Groups);
            mh.Metadata(meta);
        });

    void ProxyBindingAcknowledgement(PacketWriter w, ProxyBindingAcknowledgement m, Endpoint to) =>
        Mobility(w, m, NodeAddresses.Anchor(m.Lma), Global(to), MhType.BindingAcknowledgement, (mh, b) =>
        {
            b.U8((byte)m.Status); b.U8((byte)(AckFlagP | (m.Dmm ? AckFlagD : 0))); b.U16(m.SequenceNumber); b.U16(m.LifetimeUnits);
            ProxyOptions(mh, m.MnId, m.HomeNetworkPrefix, m.HandoffIndicator, m.AccessTechnologyType, m.Timestamp);
            if (m.Redirect >= 0) mh.Redirect(NodeAddresses.Anchor(m.Redirect));
            if (m.ServingMaar >= 0) mh.ServingMaar(NodeAddresses.AccessRouter(m.ServingMaar));
            foreach (var previous in m.PreviousMaars) mh.PreviousMaar(NodeAddresses.AccessRouter(previous.Maar), previous.Prefix);
            if (m.Load >= 0) mh.LoadInformation(sessionsInUse: (uint)m.Load, maximumSessions: 0);
            mh.Metadata(EmulatorMetadata.Begin(m));
        });

    /// <summary>RFC 5213 §8.1, §8.2: the options a PBU carries, and its PBA copies.</summary>
    static void ProxyOptions(MobilityHeaderWriter mh, MnIdentifier mn, Prefix64 hnp, HandoffIndicator hi, AccessTechnologyType att, ModelTime timestamp)
    {
        mh.MnIdentifier(mn);
        mh.HomeNetworkPrefix(hnp);
        mh.HandoffIndicator(hi);
        mh.AccessTechnologyType(att);
        mh.Timestamp(timestamp);
    }

    /// <summary>
    /// RFC 7077 §4.1: an anchor's notice to a MAG that is no answer to any PBU. Reason 3,
    /// VENDOR-SPECIFIC-REASON, with the emulator's Vendor Specific option saying why: the prefix is
    /// anchored here now (no IANA reason says so), the previous anchor in the LMA Address option
    /// (RFC 5949 §6.2.3). No acknowledgement is asked (A = 0): the serving router only learns where
    /// to send its next refresh.
    /// </summary>
    void AnchorRelocated(PacketWriter w, AnchorRelocated m, Endpoint to) =>
        Mobility(w, m, NodeAddresses.Anchor(m.Anchor), Global(to), MhType.UpdateNotification, (mh, b) =>
        {
            // RFC 7077 §4.1: Sequence # (16), Notification Reason (8), then A, D and 22 reserved bits.
            b.U16((ushort)m.Procedure.Number); b.U8(UpnVendorSpecificReason); b.U8(0); b.U16(0);
            mh.MnIdentifier(m.MnId);
            mh.HomeNetworkPrefix(m.Prefix);
            mh.LmaAddress(NodeAddresses.Anchor(m.PreviousAnchor));
            var meta = EmulatorMetadata.Begin(m);
            meta.U8(UpnReasonAnchorRelocated);
            mh.Metadata(meta);
        });

    /// <summary>
    /// RFC 5847 §5.1: an unsolicited Heartbeat (U set, R clear) whose sequence number is the anchor's
    /// own count of heartbeats, with its load in the Load Information option (RFC 6463 §4.3).
    /// </summary>
    void AnchorAdvertisement(PacketWriter w, AnchorAdvertisement m, Endpoint to) =>
        Mobility(w, m, NodeAddresses.Anchor(m.Anchor), Global(to), MhType.Heartbeat, (mh, b) =>
        {
            b.U8(0); b.U8(HeartbeatUnsolicited); b.U32(m.SequenceNumber);
            mh.LoadInformation(sessionsInUse: (uint)m.Load, maximumSessions: (uint)m.Capacity);
            mh.Metadata(EmulatorMetadata.Begin(m));
        });

    /// <summary>RFC 6705 §10.1: sequence number, 16 reserved bits, lifetime in seconds; the nodes, each an MN-ID then its HNP; the counterpart MAG where there is one.</summary>
    void LocalizedRoutingInitiation(PacketWriter w, LocalizedRoutingInitiation m) =>
        Mobility(w, m, LocalizedRoutingEnd(m.FromMag, m.Lma, m.Mag), LocalizedRoutingEnd(!m.FromMag, m.Lma, m.Mag), MhType.LocalizedRoutingInitiation, (mh, b) =>
        {
            b.U16(m.SequenceNumber); b.U16(0); b.U16(m.LifetimeSeconds);
            LocalizedNodes(mh, m.Nodes);
            if (m.RemoteMag >= 0) mh.MagIpv6Address(NodeAddresses.AccessRouter(m.RemoteMag));
            mh.Metadata(EmulatorMetadata.Begin(m));
        });

    /// <summary>RFC 6705 §10.2: sequence number, the U flag (clear: an answer) and 7 reserved bits, status, lifetime; the nodes as the LRI named them on success.</summary>
    void LocalizedRoutingAcknowledgement(PacketWriter w, LocalizedRoutingAcknowledgement m) =>
        Mobility(w, m, LocalizedRoutingEnd(m.FromMag, m.Lma, m.Mag), LocalizedRoutingEnd(!m.FromMag, m.Lma, m.Mag), MhType.LocalizedRoutingAcknowledgement, (mh, b) =>
        {
            b.U16(m.SequenceNumber); b.U8(0); b.U8((byte)m.Status); b.U16(m.LifetimeSeconds);
            LocalizedNodes(mh, m.Nodes);
            mh.Metadata(EmulatorMetadata.Begin(m));
        });

    static Ipv6Address LocalizedRoutingEnd(bool mag, int lma, int magIndex) => mag ? NodeAddresses.AccessRouter(magIndex) : NodeAddresses.Anchor(lma);

    static void LocalizedNodes(MobilityHeaderWriter mh, IReadOnlyList<LocalizedNode> nodes)
    {
        foreach (var node in nodes)
        {
            mh.MnIdentifier(node.Mn);
            mh.HomeNetworkPrefix(node.HomeNetworkPrefix);
        }
    }

    /// <summary>The nodes an LRI or LRA names: each MN-ID with the HNP after it (RFC 6705 §10).</summary>
    static IReadOnlyList<LocalizedNode> LocalizedNodes(MobilityOptions options, string message)
    {
        if (options.MnIds.Count != options.Prefixes.Count)
            throw new WireFormatException($"{message} with {options.MnIds.Count} MN-ID and {options.Prefixes.Count} HNP options; the emulator pairs each node with one prefix (RFC 6705 §10)");
        return options.MnIds.Select((mn, i) => new LocalizedNode(mn, options.Prefixes[i].Prefix)).ToArray();
    }

    /// <summary>The LMA and MAG at the two ends of an LRI or LRA, and whether the MAG sent it.</summary>
    static (int Lma, int Mag, bool FromMag) LocalizedRoutingEnds(Ipv6Header ip, string message)
    {
        var fromMag = NodeAddresses.TryInfrastructure(ip.Source, out var kind, out _) && kind == NodeKind.AccessRouter;
        return fromMag
            ? (Infrastructure(ip.Destination, NodeKind.Anchor, $"{message} destination"), Infrastructure(ip.Source, NodeKind.AccessRouter, $"{message} source"), true)
            : (Infrastructure(ip.Source, NodeKind.Anchor, $"{message} source"), Infrastructure(ip.Destination, NodeKind.AccessRouter, $"{message} destination"), false);
    }

    /// <summary>RFC 5847 §5.1: the U flag, an unsolicited heartbeat; R (0x01) marks a response.</summary>
    const byte HeartbeatUnsolicited = 0x02;

    /// <summary>RFC 7077 §10: Notification Reason 3, VENDOR-SPECIFIC-REASON; the emulator's own reason, in its Vendor Specific option.</summary>
    const byte UpnVendorSpecificReason = 3;
    const byte UpnReasonAnchorRelocated = 1;

    void BindingUpdate(PacketWriter w, BindingUpdate m, Endpoint from, Endpoint to)
    {
        var mn = m.MnId;
        // A local BU goes to the MAP it is sent to; a home BU to the home agent, through the MAP's tunnel where it is sent to one (RFC 5380 §6.1).
        var homeAgent = m.MapRegistration ? to.Index : homeAgentOf(mn);
        var peer = m.MapRegistration ? Global(to) : NodeAddresses.Anchor(homeAgent);
        // RFC 5555 §4.1: from an IPv4 care-of address, the IPv6 packet's source is that address, IPv4-mapped.
        var source = m.Ipv4 is { } v4 ? v4.CareOf.Mapped : NodeAddresses.CareOf(m.CareOfRouter, mn, AccessRouters);
        var bu = Inner(inner => Mobility(inner, m, source, peer, MhType.BindingUpdate, (mh, b) =>
        {
            // RFC 5380 §4: a registration with a MAP sets M and A, not H.
            b.U16(m.SequenceNumber); b.U16((ushort)((m.MapRegistration ? FlagA | FlagM : FlagA | FlagH) | (m.MobileRouter ? FlagR : 0))); b.U16(m.LifetimeUnits);
            mh.MnIdentifier(mn);
            // RFC 3963 §5.1: explicit mode, the prefix in the BU.
            if (m.MobileRouter) mh.MobileNetworkPrefix(m.MobileNetworkPrefix);
            if (m.Ipv4HomeAddress is { } home) mh.Ipv4HomeAddress(home);
            if (m.Ipv4 is { } transport) mh.Ipv4CareOfAddress(transport.CareOf);
            mh.Metadata(EmulatorMetadata.Begin(m));
        }, home: NodeAddresses.OnPrefix(m.HomePrefix, mn)));
        if (m.Ipv4 is { } t) Udp4(w, t.Outer, t.Port, NodeAddresses.Ipv4Infrastructure(NodeKind.Anchor, homeAgent), NodeAddresses.Dsmipv6Port, bu);
        else if (Global(to) == peer) w.Bytes(bu);
        else Encapsulate(w, NodeAddresses.CareOf(from.Router, mn, AccessRouters), Global(to), bu);
    }

    /// <summary>RFC 5142 §5.1: the number of addresses, a reserved octet, the addresses; to the care-of address with the home address routed (RFC 6275 §6.4).</summary>
    void HomeAgentSwitch(PacketWriter w, HomeAgentSwitch m) =>
        Mobility(w, m, NodeAddresses.Anchor(m.HomeAgent), NodeAddresses.CareOf(m.CareOfRouter, m.Procedure.MobileNode, AccessRouters), MhType.HomeAgentSwitch, (mh, b) =>
        {
            b.U8((byte)m.HomeAgents.Count); b.U8(0);
            foreach (var ha in m.HomeAgents) Ipv6Packet.Address(b, NodeAddresses.Anchor(ha));
            mh.Metadata(EmulatorMetadata.Begin(m));
        }, routedHome: NodeAddresses.OnPrefix(m.HomePrefix, m.Procedure.MobileNode));

    void BindingAcknowledgement(PacketWriter w, BindingAcknowledgement m, Endpoint from, Endpoint to)
    {
        var mn = m.Procedure.MobileNode;
        var relayed = from.Kind != NodeKind.MobileNode && from.Index != m.HomeAgent;
        // To a regional care-of address where it goes to a MAP, or the MAP tunnels it on (RFC 5380 §6.2); to an IPv4 one, IPv4-mapped (RFC 5555 §4.1).
        var careOf = m.Ipv4 is { } v4 ? v4.CareOf.Mapped
            : to.Kind == NodeKind.MobileNode && !relayed ? NodeAddresses.CareOf(to.Router, mn, AccessRouters)
            : NodeAddresses.CareOf(CareOfAddress.Regional(relayed ? from.Index : to.Index, AccessRouters), mn, AccessRouters);
        // RFC 6275 §9.5.4: to the care-of address, with the home address in a type 2 routing header.
        var ba = Inner(inner => Mobility(inner, m, NodeAddresses.Anchor(m.HomeAgent), careOf, MhType.BindingAcknowledgement, (mh, b) =>
        {
            b.U8((byte)m.Status); b.U8(m.MobileRouter ? AckFlagR : (byte)0); b.U16(m.SequenceNumber); b.U16(m.LifetimeUnits);
            if (m.Ipv4HomeAddress is { } ack) mh.Ipv4AddressAcknowledgement(ack);
            if (m.NatRefreshTime is { } refresh) mh.NatDetection(refresh);
            mh.Metadata(EmulatorMetadata.Begin(m));
        }, routedHome: NodeAddresses.OnPrefix(m.HomePrefix, mn)));
        if (m.Ipv4 is { } t) Udp4(w, NodeAddresses.Ipv4Infrastructure(NodeKind.Anchor, m.HomeAgent), NodeAddresses.Dsmipv6Port, t.Outer, t.Port, ba);
        else if (!relayed) w.Bytes(ba);
        else Encapsulate(w, Global(from), NodeAddresses.CareOf(to.Router, mn, AccessRouters), ba);
    }

    void HandoverInitiate(PacketWriter w, HandoverInitiate m, Endpoint to) =>
        Mobility(w, m, NodeAddresses.AccessRouter(m.NewAccessRouter), Global(to), MhType.HandoverInitiate, (mh, b) =>
        {
            // RFC 5568 §6.2.1.1: the sequence number its HAck copies back.
            b.U16((ushort)m.Procedure.Number); b.U8(HiFlagP | (m.ForwardingRequested ? HiFlagF : 0)); b.U8(HiCode);
            mh.MnIdentifier(m.MnId);
            foreach (var keep in m.KeepPrefixes) mh.HomeNetworkPrefix(keep.Prefix);
            // RFC 5949 §4.1(d), §6.2.1: reactive, the new MAG asks for the prefixes and for the binding state in the emulator's Vendor Specific option.
            mh.ContextRequest([MobilityOptionType.HomeNetworkPrefix], [(MobilityOptionType.DocumentationEnterpriseNumber, MobilityOptionType.ProtocolStateSubtype)]);
            // The prefixes ride in their HNP options; only how many sessions each carries is the emulator's own.
            var meta = EmulatorMetadata.Begin(m);
            EmulatorMetadata.SessionCounts(meta, m.KeepPrefixes);
            mh.Metadata(meta);
        });

    void HandoverAcknowledge(PacketWriter w, HandoverAcknowledge m, Endpoint to) =>
        Mobility(w, m, NodeAddresses.AccessRouter(m.PreviousAccessRouter), Global(to), MhType.HandoverAcknowledge, (mh, b) =>
        {
            // RFC 5568 §6.2.1.2: the HI's sequence number, copied (both name the new router's procedure).
            // RFC 5949 §6.1.2: 6, all the context there is; 131, none (the node was never there); F echoed where forwarding.
            b.U16((ushort)m.Procedure.Number); b.U8(HackFlagP | (m.Forwarding ? HackFlagF : 0));
            b.U8(m.Contexts.Count > 0 ? HackAllContextTransferred : HackContextNotAvailable);
            mh.MnIdentifier(m.MnId);
            // RFC 5949 §6.2: each prefix's context, with the LMA that anchors it.
            foreach (var c in m.Contexts)
            {
                mh.HomeNetworkPrefix(c.Prefix);
                mh.LmaAddress(NodeAddresses.Anchor(c.Anchor));
            }
            var meta = EmulatorMetadata.Begin(m);
            meta.U16(m.Contexts.Count);
            foreach (var c in m.Contexts) EmulatorMetadata.Context(meta, c, timestampInOption: false);
            EmulatorMetadata.Ints(meta, m.Groups);
            mh.Metadata(meta);
        });

    /// <summary>RFC 5949 §6.1.1: the HI's F flag, after S, U (RFC 5568 §6.2.1.1) and P; §6.1.2: the HAck's, after U and P.</summary>
    const byte HiFlagF = 0x10, HackFlagF = 0x20;

    /// <summary>RFC 5949 §4.1 (c): PMAG to NMAG, P and F set, U where it asks for buffering; the node's identifier, prefix and LMA address.</summary>
    void PredictiveHandoverInitiate(PacketWriter w, PredictiveHandoverInitiate m) =>
        Mobility(w, m, NodeAddresses.AccessRouter(m.PreviousAccessRouter), NodeAddresses.AccessRouter(m.NewAccessRouter), MhType.HandoverInitiate, (mh, b) =>
        {
            b.U16((ushort)m.Procedure.Number); b.U8(HiFlagP | HiFlagF | (m.BufferRequested ? HiFlagU : 0)); b.U8(HiCode);
            mh.MnIdentifier(m.MnId);
            mh.HomeNetworkPrefix(m.HomeNetworkPrefix);
            mh.LmaAddress(NodeAddresses.Anchor(m.Lma));
            mh.Metadata(EmulatorMetadata.Begin(m));
        });

    /// <summary>RFC 5949 §4.1 (d): NMAG to PMAG, P and F set, the HI's sequence number and its MN-ID.</summary>
    void PredictiveHandoverAcknowledge(PacketWriter w, PredictiveHandoverAcknowledge m) =>
        Mobility(w, m, NodeAddresses.AccessRouter(m.NewAccessRouter), NodeAddresses.AccessRouter(m.PreviousAccessRouter), MhType.HandoverAcknowledge, (mh, b) =>
        {
            b.U16((ushort)m.Procedure.Number); b.U8(HackFlagP | HackFlagF); b.U8((byte)m.Code);
            mh.MnIdentifier(m.MnId);
            mh.Metadata(EmulatorMetadata.Begin(m));
        });

    /// <summary>
    /// Context transfer between anchors (RFC 8818 §3.2) in the mobility-header form PMIPv6 uses to
    /// move a node's context (RFC 5949 §6: HI carrying MN-ID, HNP, the LMA address and the timestamp).
    /// </summary>
    void ContextTransferData(PacketWriter w, ContextTransferData m, Endpoint to) =>
        Mobility(w, m, NodeAddresses.Anchor(m.FromAnchor), Global(to), MhType.HandoverInitiate, (mh, b) =>
        {
            // The relocation's sequence number, which the CTDR copies (RFC 5568 §6.2.1.2); the binding's own travels with its context.
            b.U16((ushort)m.Procedure.Number); b.U8(HiFlagP); b.U8(HiCode);
            mh.MnIdentifier(m.MnId);
            mh.HomeNetworkPrefix(m.Context.Prefix);
            mh.LmaAddress(NodeAddresses.Anchor(m.Context.Anchor));
            mh.Timestamp(m.Context.Timestamp);
            var meta = EmulatorMetadata.Begin(m);
            meta.I32(m.CareOf); EmulatorMetadata.Context(meta, m.Context, timestampInOption: true); EmulatorMetadata.Ints(meta, m.Groups);
            mh.Metadata(meta);
        });

    void ContextTransferDataReply(PacketWriter w, ContextTransferDataReply m, Endpoint to) =>
        Mobility(w, m, NodeAddresses.Anchor(m.ToAnchor), Global(to), MhType.HandoverAcknowledge, (mh, b) =>
        {
            b.U16((ushort)m.Procedure.Number); b.U8(HackFlagP);
            b.U8(m.Status switch
            {
                BindingStatus.Accepted => HackContextAccepted,
                BindingStatus.InsufficientResources => HackInsufficientResources,
                _ => HackNotAccepted,
            });
            mh.MnIdentifier(m.MnId);
            mh.HomeNetworkPrefix(m.Prefix);
            var meta = EmulatorMetadata.Begin(m);
            meta.U8((byte)m.Status);
            mh.Metadata(meta);
        });

    IDmmMessage DecodeMobility(ref PacketReader r, ReadOnlySpan<byte> packet, Ipv6Header ip, ExtensionHeaders.Read extensions)
    {
        var start = r.Position;
        var checksumSource = extensions.HomeAddress ?? ip.Source;
        var header = MobilityHeaderReader.Read(ref r, packet, checksumSource, extensions.RoutedHome ?? ip.Destination);
        var message = DecodeMobilityMessage(ref r, header.Type, start + header.Length, ip, extensions, out var options);
        message.Authenticated(options.Authentication);
        return message;
    }

    /// <summary>The message after a mobility header's common part, and the options it carried.</summary>
    Signal DecodeMobilityMessage(ref PacketReader r, byte type, int end, Ipv6Header ip, ExtensionHeaders.Read extensions, out MobilityOptions options)
    {
        switch (type)
        {
            case MhType.BindingUpdate:
            {
                var sequence = r.U16("BU sequence number");
                var flags = r.U16("BU flags");
                var lifetime = r.U16("BU lifetime");
                options = OptionsAndMetadata(ref r, end, out var meta, out var common);
                if (NodeAddresses.TryInfrastructure(ip.Destination, out var peerKind, out var peer) && peerKind == NodeKind.Correspondent)
                    return DecodeCorrespondentBindingUpdate(ip, extensions.HomeAddress
                        ?? throw new WireFormatException("BU without a Home Address option (RFC 6275 §6.1.7)"), peer, sequence, lifetime, options, common);
                var mn = options.MnId ?? throw new WireFormatException("BU without an MN-ID option");
                if ((flags & FlagP) != 0)
                {
                    var timestamp = Timestamp(options, "PBU");
                    // RFC 6463 §5.3.2: a PBU an rfLMA relays names the MAG in its Alternate Care-of Address option;
                    // RFC 8885 §3.2: one a CMD sends on names the serving MAAR in its Serving MAAR option.
                    // RFC 8885 §4.3, §4.6: its options come only with the D flag, from a MAAR or a CMD.
                    if ((flags & FlagD) == 0 && (options.AnchoredPrefixes.Count > 0 || options.ServingMaar is not null))
                        throw new WireFormatException("PBU with RFC 8885's Anchored Prefix or Serving MAAR option but no D flag (RFC 8885 §4.3)");
                    var servingMaar = options.ServingMaar is { } serving ? Infrastructure(serving, NodeKind.AccessRouter, "PBU's serving MAAR") : -1;
                    var relayed = options.AlternateCareOf is not null || servingMaar >= 0;
                    return new ProxyBindingUpdate(common.Procedure, common.SentAt, mn, Prefix(options, "PBU"),
                        options.HandoffIndicator ?? HandoffIndicator.Reserved, sequence, timestamp, lifetime,
                        servingMaar >= 0 ? servingMaar
                        : relayed ? Infrastructure(options.AlternateCareOf!.Value, NodeKind.AccessRouter, "relayed PBU's alternate care-of address")
                        : Infrastructure(ip.Source, NodeKind.AccessRouter, "PBU source"))
                    {
                        RedirectCapability = options.RedirectCapability,
                        RelayedBy = relayed ? Infrastructure(ip.Source, NodeKind.Anchor, "relayed PBU source") : -1,
                        Dmm = (flags & FlagD) != 0,
                        AnchoredPrefixes = options.AnchoredPrefixes.ToArray(),
                        ServingMaar = servingMaar,
                        AccessTechnologyType = options.AccessTechnologyType ?? AccessTechnologyType.Reserved,
                        Sessions = meta.I32("PBU sessions"),
                        Groups = EmulatorMetadata.Ints(ref meta),
                    };
                }
                var home = extensions.HomeAddress ?? throw new WireFormatException("BU without a Home Address option (RFC 6275 §6.1.7)");
                if ((flags & FlagR) != 0 && options.MobileNetworkPrefixes.Count != 1)
                    throw new WireFormatException($"BU with the R flag and {options.MobileNetworkPrefixes.Count} Mobile Network Prefix options; the emulator's routers send one (RFC 3963 §5.1)");
                // RFC 5555 §4.1: an IPv4-mapped source is an IPv4 care-of address, which the IPv4 Care-of Address option repeats;
                // a private one (behind a NAT) names no router, which the outer header's source then does (DecodeIpv4).
                var fromIpv4 = Ipv4Address.TryMapped(ip.Source, out var careOfV4);
                if (fromIpv4 && options.Ipv4CareOf != careOfV4)
                    throw new WireFormatException($"BU from {careOfV4} whose IPv4 Care-of Address option says {options.Ipv4CareOf?.ToString() ?? "nothing"} (RFC 5555 §3.1.2)");
                return new BindingUpdate(common.Procedure, common.SentAt, mn, home.Prefix, sequence, lifetime,
                    !fromIpv4 ? NodeAddresses.CareOfNumber(ip.Source, AccessRouters) : NodeAddresses.TryIpv4CareOfRouter(careOfV4, out var v4Router) ? v4Router : -1)
                {
                    MapRegistration = (flags & FlagM) != 0,
                    MobileNetworkPrefix = (flags & FlagR) != 0 ? options.MobileNetworkPrefixes[0] : Prefix64.None,
                    Ipv4HomeAddress = options.Ipv4HomeAddress,
                    Ipv4 = fromIpv4 ? new Ipv4Transport(careOfV4, default, 0) : null,
                };
            }
            case MhType.BindingAcknowledgement:
            {
                var status = (BindingStatus)r.U8("BA status");
                var flags = r.U8("BA flags");
                var sequence = r.U16("BA sequence number");
                var lifetime = r.U16("BA lifetime");
                options = OptionsAndMetadata(ref r, end, out var meta, out var common);
                if (NodeAddresses.TryInfrastructure(ip.Source, out var sourceKind, out var correspondent) && sourceKind == NodeKind.Correspondent)
                    return DecodeCorrespondentBindingAcknowledgement(ip, extensions, correspondent, status, sequence, lifetime, options, common);
                var from = Infrastructure(ip.Source, NodeKind.Anchor, "BA source");
                if ((flags & AckFlagP) == 0)
                    return new BindingAcknowledgement(common.Procedure, common.SentAt, status, sequence, lifetime, from)
                    {
                        HomePrefix = (extensions.RoutedHome ?? throw new WireFormatException("BA without a type 2 routing header (RFC 6275 §9.5.4)")).Prefix,
                        MobileRouter = (flags & AckFlagR) != 0,
                        Ipv4HomeAddress = options.Ipv4AddressAcknowledgement,
                        NatRefreshTime = options.NatRefreshTime,
                    };
                var mn = options.MnId ?? throw new WireFormatException("PBA without an MN-ID option");
                if ((flags & AckFlagD) == 0 && (options.PreviousMaars.Count > 0 || options.ServingMaar is not null))
                    throw new WireFormatException("PBA with RFC 8885's Previous MAAR or Serving MAAR option but no D flag (RFC 8885 §4.2)");
                return new ProxyBindingAcknowledgement(common.Procedure, common.SentAt, status, mn, Prefix(options, "PBA"), sequence,
                    Timestamp(options, "PBA"), lifetime, from)
                {
                    HandoffIndicator = options.HandoffIndicator ?? HandoffIndicator.Reserved,
                    AccessTechnologyType = options.AccessTechnologyType ?? AccessTechnologyType.Reserved,
                    Redirect = options.Redirect is { } r2Lma ? Infrastructure(r2Lma, NodeKind.Anchor, "PBA's redirect") : -1,
                    Load = options.Load is { } load ? (int)load.SessionsInUse : -1,
                    Dmm = (flags & AckFlagD) != 0,
                    ServingMaar = options.ServingMaar is { } serving ? Infrastructure(serving, NodeKind.AccessRouter, "PBA's serving MAAR") : -1,
                    PreviousMaars = options.PreviousMaars.Select(p => new PreviousMaar(Infrastructure(p.Maar, NodeKind.AccessRouter, "PBA's previous MAAR"), p.Prefix)).ToArray(),
                };
            }
            case MhType.HomeAgentSwitch:
            {
                var homeAgents = new int[r.U8("HA switch number of addresses")];
                r.U8("HA switch reserved");
                for (int i = 0; i < homeAgents.Length; i++)
                    homeAgents[i] = Infrastructure(Ipv6Address.Read(r.Bytes(16, "HA switch address")), NodeKind.Anchor, "HA switch address");
                options = OptionsAndMetadata(ref r, end, out _, out var common);
                var home = extensions.RoutedHome ?? throw new WireFormatException("Home Agent Switch without a type 2 routing header");
                return new HomeAgentSwitch(common.Procedure, common.SentAt, Infrastructure(ip.Source, NodeKind.Anchor, "HA switch source"), home.Prefix,
                    NodeAddresses.CareOfNumber(ip.Destination, AccessRouters), homeAgents);
            }
            case MhType.LocalizedRoutingInitiation:
            {
                var sequence = r.U16("LRI sequence number");
                r.U16("LRI reserved");
                var lifetime = r.U16("LRI lifetime");
                options = OptionsAndMetadata(ref r, end, out _, out var common);
                var (lma, mag, fromMag) = LocalizedRoutingEnds(ip, "LRI");
                return new LocalizedRoutingInitiation(common.Procedure, common.SentAt, sequence, lifetime, lma, mag, fromMag, LocalizedNodes(options, "LRI"))
                {
                    RemoteMag = options.MagAddress is { } remote ? Infrastructure(remote, NodeKind.AccessRouter, "LRI's MAG IPv6 address") : -1,
                };
            }
            case MhType.LocalizedRoutingAcknowledgement:
            {
                var sequence = r.U16("LRA sequence number");
                if ((r.U8("LRA flags") & 0x80) != 0) throw new WireFormatException("unsolicited LRA (U set): the emulator's LMAs answer LRIs only (RFC 6705 §10.2)");
                var status = (LocalizedRoutingStatus)r.U8("LRA status");
                var lifetime = r.U16("LRA lifetime");
                options = OptionsAndMetadata(ref r, end, out _, out var common);
                var (lma, mag, fromMag) = LocalizedRoutingEnds(ip, "LRA");
                return new LocalizedRoutingAcknowledgement(common.Procedure, common.SentAt, sequence, status, lifetime, lma, mag, fromMag, LocalizedNodes(options, "LRA"));
            }
            case MhType.Heartbeat:
            {
                r.U8("heartbeat reserved");
                if ((r.U8("heartbeat flags") & HeartbeatUnsolicited) == 0) throw new WireFormatException("heartbeat that is not unsolicited: the emulator sends only its anchors' load");
                var sequence = r.U32("heartbeat sequence number");
                options = OptionsAndMetadata(ref r, end, out _, out var common);
                var load = options.Load ?? throw new WireFormatException("heartbeat without a Load Information option (RFC 6463 §4.3)");
                return new AnchorAdvertisement(common.Procedure, common.SentAt, Infrastructure(ip.Source, NodeKind.Anchor, "heartbeat source"),
                    (int)load.SessionsInUse, (int)load.MaximumSessions) { SequenceNumber = sequence };
            }
            case MhType.UpdateNotification:
            {
                r.U16("UPN sequence number");
                var reason = r.U8("UPN notification reason");
                r.U8("UPN flags"); r.U16("UPN reserved");
                options = OptionsAndMetadata(ref r, end, out var meta, out var common);
                if (reason != UpnVendorSpecificReason || meta.U8("UPN vendor specific reason") != UpnReasonAnchorRelocated)
                    throw new WireFormatException($"UPN with notification reason {reason}: the emulator sends only its anchor-relocated notice (RFC 7077 §4.1)");
                var mn = options.MnId ?? throw new WireFormatException("UPN without an MN-ID option (RFC 7077 §5)");
                if (options.LmaAddresses.Count != 1) throw new WireFormatException("anchor-relocated UPN without the previous anchor's LMA Address option");
                return new AnchorRelocated(common.Procedure, common.SentAt, mn, Prefix(options, "UPN"), Infrastructure(ip.Source, NodeKind.Anchor, "UPN source"),
                    Infrastructure(options.LmaAddresses[0], NodeKind.Anchor, "previous anchor"));
            }
            case MhType.FastBindingUpdate:
            {
                var sequence = r.U16("FBU sequence number");
                var flags = r.U16("FBU flags");
                var lifetime = r.U16("FBU lifetime");
                options = OptionsAndMetadata(ref r, end, out _, out var common);
                return DecodeFastBindingUpdate(sequence, flags, lifetime, options, common, ip, extensions);
            }
            case MhType.FastBindingAcknowledgement:
            {
                var status = (FastBindingStatus)r.U8("FBack status");
                r.U8("FBack flags");
                var sequence = r.U16("FBack sequence number");
                var lifetime = r.U16("FBack lifetime");
                options = OptionsAndMetadata(ref r, end, out var meta, out var common);
                return DecodeFastBindingAcknowledgement(status, sequence, lifetime, options, meta, common, ip);
            }
            case MhType.HandoverInitiate:
            {
                r.U16("HI sequence number");
                var hiFlags = r.U8("HI flags");
                var hiCode = r.U8("HI code");
                if ((hiFlags & HiFlagP) == 0)
                {
                    options = OptionsAndMetadata(ref r, end, out _, out var fast);
                    return DecodeFastHandoverInitiate(hiFlags, hiCode, options, fast, ip);
                }
                options = OptionsAndMetadata(ref r, end, out var meta, out var common);
                var mn = options.MnId ?? throw new WireFormatException("HI without an MN-ID option");
                if (options.ContextRequested.Count == 0 && !(NodeAddresses.TryInfrastructure(ip.Source, out var sender, out _) && sender == NodeKind.Anchor))
                {
                    // RFC 5949 §4.1 (c): from the previous MAG, no Context Request but the prefix and LMA address it registered.
                    if (options.Prefixes.Count != 1 || options.LmaAddresses.Count != 1 || (hiFlags & HiFlagF) == 0)
                        throw new WireFormatException("predictive HI without the F flag, one Home Network Prefix and one LMA Address option (RFC 5949 §4.1)");
                    return new PredictiveHandoverInitiate(common.Procedure, common.SentAt, mn, Infrastructure(ip.Source, NodeKind.AccessRouter, "HI source"),
                        Infrastructure(ip.Destination, NodeKind.AccessRouter, "HI destination"), options.Prefixes[0].Prefix,
                        Infrastructure(options.LmaAddresses[0], NodeKind.Anchor, "LMA address"), (hiFlags & HiFlagU) != 0);
                }
                if (NodeAddresses.TryInfrastructure(ip.Source, out var kind, out var index) && kind == NodeKind.Anchor)
                {
                    var careOf = meta.I32("CTD care-of");
                    var context = EmulatorMetadata.Context(ref meta, Prefix(options, "CTD"), ContextAnchors(options, 1, "CTD")[0], Timestamp(options, "CTD"));
                    return new ContextTransferData(common.Procedure, common.SentAt, mn, index, careOf, context, EmulatorMetadata.Ints(ref meta));
                }
                return new HandoverInitiate(common.Procedure, common.SentAt, mn, Infrastructure(ip.Source, NodeKind.AccessRouter, "HI source"),
                    EmulatorMetadata.SessionCounts(ref meta, options.Prefixes.Select(p => p.Prefix).ToArray(), "HI")) { ForwardingRequested = (hiFlags & HiFlagF) != 0 };
            }
            case MhType.HandoverAcknowledge:
            {
                r.U16("HAck sequence number");
                var hackFlags = r.U8("HAck flags");
                var hackCode = r.U8("HAck code");
                if ((hackFlags & HackFlagP) == 0)
                {
                    options = OptionsAndMetadata(ref r, end, out _, out var fast);
                    return DecodeFastHandoverAcknowledge(hackCode, options, fast, ip);
                }
                options = OptionsAndMetadata(ref r, end, out var meta, out var common);
                var mn = options.MnId ?? throw new WireFormatException("HAck without an MN-ID option");
                // The context's answers (6, 131) are the reactive HAck's; the handover's (0, 128 and above), the predictive one's.
                if (hackCode is not (HackAllContextTransferred or HackContextNotAvailable) && NodeAddresses.TryInfrastructure(ip.Source, out var from, out _) && from == NodeKind.AccessRouter)
                    return new PredictiveHandoverAcknowledge(common.Procedure, common.SentAt, mn, Infrastructure(ip.Destination, NodeKind.AccessRouter, "HAck destination"),
                        Infrastructure(ip.Source, NodeKind.AccessRouter, "HAck source"), (HandoverAcknowledgeCode)hackCode);
                if (NodeAddresses.TryInfrastructure(ip.Source, out var kind, out var index) && kind == NodeKind.Anchor)
                    return new ContextTransferDataReply(common.Procedure, common.SentAt, (BindingStatus)meta.U8("CTDR status"), mn,
                        Prefix(options, "CTDR"), index);
                var contexts = new MobilityContext[meta.U16("HAck context count")];
                var anchors = ContextAnchors(options, contexts.Length, "HAck");
                for (int i = 0; i < contexts.Length; i++) contexts[i] = EmulatorMetadata.Context(ref meta, options.Prefixes[i].Prefix, anchors[i], null);
                return new HandoverAcknowledge(common.Procedure, common.SentAt, mn, Infrastructure(ip.Source, NodeKind.AccessRouter, "HAck source"),
                    contexts, EmulatorMetadata.Ints(ref meta)) { Forwarding = (hackFlags & HackFlagF) != 0 };
            }
            case MhHomeTestInit or MhCareOfTestInit or MhHomeTest or MhCareOfTest:
                return DecodeReturnRoutability(ref r, type, end, ip, out options);
            default:
                throw new WireFormatException($"MH type {type} is none the emulator sends");
        }
    }

    /// <summary>The options after a message's fixed part, and the emulator's metadata among them, its common part read.</summary>
    static MobilityOptions OptionsAndMetadata(ref PacketReader r, int end, out PacketReader meta, out EmulatorMetadata.Common common)
    {
        var options = MobilityHeaderReader.Options(ref r, end);
        var state = options.ProtocolState.Written;
        var sendTime = options.Metadata.Written;
        if (sendTime.Length != EmulatorMetadata.SendTimeLength || state.Length < EmulatorMetadata.SendTimeAt)
            throw new WireFormatException("mobility header without the emulator's metadata options (Experimental, Vendor Specific)");
        // The blob as it was written: the state's head (version, procedure), the send time, the rest of the state.
        var blob = new byte[state.Length + sendTime.Length];
        state[..EmulatorMetadata.SendTimeAt].CopyTo(blob);
        sendTime.CopyTo(blob.AsSpan(EmulatorMetadata.SendTimeAt));
        state[EmulatorMetadata.SendTimeAt..].CopyTo(blob.AsSpan(EmulatorMetadata.SendTimeAt + sendTime.Length));
        meta = new PacketReader(blob);
        common = EmulatorMetadata.Read(ref meta);
        return options;
    }

    static ModelTime Timestamp(MobilityOptions options, string message) => options.Timestamp is { } t
        ? TimestampOption.ToModelTime(t)
        : throw new WireFormatException($"{message} without a Timestamp option (RFC 5213 §8.8)");

    /// <summary>RFC 5949 §6.2: each context's prefix and the LMA anchoring it, one pair of options per context.</summary>
    static int[] ContextAnchors(MobilityOptions options, int contexts, string message)
    {
        if (options.Prefixes.Count != contexts || options.LmaAddresses.Count != contexts)
            throw new WireFormatException($"{message} with {contexts} contexts, {options.Prefixes.Count} Home Network Prefix and {options.LmaAddresses.Count} LMA Address options");
        return options.LmaAddresses.Select(a => Infrastructure(a, NodeKind.Anchor, $"{message} LMA address")).ToArray();
    }

    static Prefix64 Prefix(MobilityOptions options, string message) => options.Prefixes.Count > 0
        ? options.Prefixes[0].Prefix
        : throw new WireFormatException($"{message} without a Home Network Prefix option (RFC 5213 §8)");
}
