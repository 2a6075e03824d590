using DmmActors.Addressing;

namespace DmmActors.Protocol.Wire;

/// <summary>
/// Fast handovers for Mobile IPv6 (RFC 5568 §6): RtSolPr and PrRtAdv in ICMPv6 type 154 with
/// their ND options (§6.4.1 IP Address/Prefix, §6.4.3 Link-Layer Address); FBU and FBack as
/// mobility header types 8 and 9 in the BU's and BA's layout; HI and HAck as types 14 and 15 with
/// the P flag clear, with the Mobility Header Link-Layer Address (type 7) and IPv6 Address/Prefix
/// (type 34) options; UNA as a Neighbor Advertisement (RFC 4861 §4.4) from the NCoA.
/// </summary>
public sealed partial class WireCodec
{
    /// <summary>RFC 5568 §6.1: ICMPv6 type 154 (experimental mobility protocols), subtypes 2 and 3.</summary>
    const byte FastHandoverIcmpType = 154, RtSolPrSubtype = 2, PrRtAdvSubtype = 3;
    const byte NeighborAdvertisementType = 136;
    /// <summary>RFC 4861 §4.6.1: the Target Link-Layer Address option.</summary>
    const byte TargetLinkLayerAddressOption = 2;
    /// <summary>RFC 5568 §6.4.1, §6.4.3: the IP Address/Prefix and Link-Layer Address ND options.</summary>
    const byte IpAddressOption = 17, LinkLayerAddressOption = 19;
    /// <summary>RFC 5568 §6.4.1 option-codes: old CoA, new CoA, NAR's IP address, NAR's prefix.</summary>
    const byte AddressPreviousCareOf = 1, AddressNewCareOf = 2, AddressNewRouter = 3, AddressNewRouterPrefix = 4;
    /// <summary>RFC 5568 §6.4.3 option-codes: the new AP, the MN, the NAR, the sender; no prefix known for the AP.</summary>
    const byte LlaNewAccessPoint = 1, LlaMobileNode = 2, LlaNewRouter = 3, LlaSource = 4, LlaNoPrefixInformation = 6;
    /// <summary>RFC 5568 §6.2.1.1: the HI's S and U flags.</summary>
    const byte HiFlagS = 0x80, HiFlagU = 0x40;

    /// <summary>
    /// The emulator's link-layer addresses: locally administered EUI-48s (RFC 7042 §2.1), 02, a kind
    /// octet (0 a mobile node, 1 an access point, 2 an access router), then the index.
    /// </summary>
    const byte MacOfNode = 0, MacOfAccessPoint = 1, MacOfRouter = 2;

    static byte[] Mac(byte kind, int index) => [0x02, kind, (byte)(index >> 24), (byte)(index >> 16), (byte)(index >> 8), (byte)index];

    static int MacIndex(ReadOnlySpan<byte> mac, byte kind, string what) =>
        mac.Length >= 6 && mac[0] == 0x02 && mac[1] == kind ? (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(mac[2..6])
        : throw new WireFormatException($"{what} link-layer address {Convert.ToHexString(mac)} is none the emulator gives");

    /// <summary>RFC 5568 §6.4.3: type, length in 8 octets, option-code, the address, zero padding.</summary>
    static void LinkLayerAddress(PacketWriter w, byte code, byte kind, int index)
    {
        w.U8(LinkLayerAddressOption); w.U8(2); w.U8(code);
        w.Bytes(Mac(kind, index));
        w.Zeros(16 - 9);
    }

    /// <summary>RFC 5568 §6.4.1: type, length 3, option-code, prefix length, reserved, the address.</summary>
    static void IpAddress(PacketWriter w, byte code, Ipv6Address address, byte prefixLength = 128)
    {
        w.U8(IpAddressOption); w.U8(3); w.U8(code); w.U8(prefixLength); w.U32(0);
        Ipv6Packet.Address(w, address);
    }

    void RouterSolicitationForProxyAdvertisement(PacketWriter w, RouterSolicitationForProxyAdvertisement m) =>
        Icmpv6(w, CareOfOf(m.MnId, m.PreviousAccessRouter), NodeAddresses.AccessRouter(m.PreviousAccessRouter), FastHandoverIcmpType, () =>
        {
            w.U8(RtSolPrSubtype); w.U8(0); w.U16((ushort)m.Procedure.Number);
            LinkLayerAddress(w, LlaSource, MacOfNode, m.MnId.Index);
            LinkLayerAddress(w, LlaNewAccessPoint, MacOfAccessPoint, m.NewAccessPoint);
        }, () => EmulatorMetadata.Begin(m));

    /// <summary>RFC 5568 §6.1.2: from the PAR's link-local address to the RtSolPr's source, its options in the order the RFC gives.</summary>
    void ProxyRouterAdvertisement(PacketWriter w, ProxyRouterAdvertisement m) =>
        Icmpv6(w, NodeAddresses.RouterLinkLocal(m.PreviousAccessRouter), CareOfOf(m.MnId, m.PreviousAccessRouter), FastHandoverIcmpType, () =>
        {
            w.U8(PrRtAdvSubtype); w.U8(0); w.U16((ushort)m.Procedure.Number);
            LinkLayerAddress(w, LlaSource, MacOfRouter, m.PreviousAccessRouter);
            LinkLayerAddress(w, m.Known ? LlaNewAccessPoint : LlaNoPrefixInformation, MacOfAccessPoint, m.NewAccessPoint);
            if (!m.Known) return;
            LinkLayerAddress(w, LlaNewRouter, MacOfRouter, m.NewAccessRouter);
            IpAddress(w, AddressNewRouter, NodeAddresses.AccessRouter(m.NewAccessRouter));
            IpAddress(w, AddressNewRouterPrefix, new Ipv6Address(Prefix64.AccessLink(m.NewAccessRouter).Bits, 0), 64);
        }, () => EmulatorMetadata.Begin(m), code: m.Code);

    /// <summary>
    /// RFC 5568 §6.2.2: the BU's layout with A and H set, the PCoA in a Home Address option and the
    /// NCoA in the Alternate Care-of Address option; its source is the PCoA on the old link, the NCoA on the new.
    /// </summary>
    void FastBindingUpdate(PacketWriter w, FastBindingUpdate m)
    {
        var previous = CareOfOf(m.MnId, m.PreviousAccessRouter);
        var next = CareOfOf(m.MnId, m.NewCareOf);
        Mobility(w, m, m.FromNewLink ? next : previous, NodeAddresses.AccessRouter(m.PreviousAccessRouter), MhType.FastBindingUpdate, (mh, b) =>
        {
            b.U16(m.SequenceNumber); b.U16(FlagA | FlagH); b.U16(m.LifetimeUnits);
            mh.AlternateCareOf(next);
            mh.Metadata(EmulatorMetadata.Begin(m));
        }, home: previous);
    }

    /// <summary>RFC 5568 §6.2.3: the BA's layout; the copy to the NCoA goes through the PAR's tunnel (§3.2).</summary>
    void FastBindingAcknowledgement(PacketWriter w, FastBindingAcknowledgement m)
    {
        var par = NodeAddresses.AccessRouter(m.PreviousAccessRouter);
        var next = CareOfOf(m.MnId, m.NewCareOf);
        var to = m.ToNewCareOf ? next : CareOfOf(m.MnId, m.PreviousAccessRouter);
        var fback = Inner(inner => Mobility(inner, m, par, to, MhType.FastBindingAcknowledgement, (mh, b) =>
        {
            b.U8((byte)m.Status); b.U8(0); b.U16(m.SequenceNumber); b.U16(m.LifetimeUnits);
            if (m.Status == FastBindingStatus.AcceptedUseSuppliedCareOf) mh.AlternateCareOf(next);
            var meta = EmulatorMetadata.Begin(m);
            meta.I32(m.NewCareOf);
            mh.Metadata(meta);
        }));
        // RFC 5568 §4: through the PAR's tunnel to the NCoA.
        if (m.ToNewCareOf) Encapsulate(w, par, next, fback);
        else w.Bytes(fback);
    }

    void FastHandoverInitiate(PacketWriter w, FastHandoverInitiate m) =>
        Mobility(w, m, NodeAddresses.AccessRouter(m.PreviousAccessRouter), NodeAddresses.AccessRouter(m.NewAccessRouter), MhType.HandoverInitiate, (mh, b) =>
        {
            b.U16((ushort)m.Procedure.Number); b.U8(m.BufferRequested ? HiFlagU : 0); b.U8((byte)m.Code);
            mh.LinkLayerAddress(LlaMobileNode, Mac(MacOfNode, m.MnId.Index));
            mh.AddressOrPrefix(AddressPreviousCareOf, CareOfOf(m.MnId, m.PreviousAccessRouter));
            mh.AddressOrPrefix(AddressNewCareOf, CareOfOf(m.MnId, m.NewCareOf));
            mh.Metadata(EmulatorMetadata.Begin(m));
        });

    void FastHandoverAcknowledge(PacketWriter w, FastHandoverAcknowledge m) =>
        Mobility(w, m, NodeAddresses.AccessRouter(m.NewAccessRouter), NodeAddresses.AccessRouter(m.PreviousAccessRouter), MhType.HandoverAcknowledge, (mh, b) =>
        {
            b.U16((ushort)m.Procedure.Number); b.U8(0); b.U8((byte)m.Code);
            if (m.NewCareOf >= 0) mh.AddressOrPrefix(AddressNewCareOf, CareOfOf(m.MnId, m.NewCareOf));
            mh.Metadata(EmulatorMetadata.Begin(m));
        });

    /// <summary>RFC 5568 §6.3: from the NCoA to all nodes, R, S and O clear, the NCoA as target with the node's link-layer address.</summary>
    void UnsolicitedNeighborAdvertisement(PacketWriter w, UnsolicitedNeighborAdvertisement m)
    {
        var target = CareOfOf(m.MnId, m.NewAccessRouter);
        Icmpv6(w, target, NodeAddresses.AllNodes, NeighborAdvertisementType, () =>
        {
            w.U32(0);
            Ipv6Packet.Address(w, target);
            w.U8(TargetLinkLayerAddressOption); w.U8(1);
            w.Bytes(Mac(MacOfNode, m.MnId.Index));
        }, () => EmulatorMetadata.Begin(m));
    }

    /// <summary>The ND options of RtSolPr and PrRtAdv (RFC 5568 §6.4.1, §6.4.3) and of UNA's target link-layer address.</summary>
    sealed class FastHandoverNdOptions
    {
        public List<(byte Code, byte[] Address)> LinkLayer { get; } = new();
        public List<(byte Code, Ipv6Address Address)> Addresses { get; } = new();
        public byte[]? TargetLinkLayer { get; set; }

        public byte[]? LinkLayerOf(byte code) => LinkLayer.Find(l => l.Code == code).Address;
    }

    IDmmMessage DecodeFastHandoverIcmp(ref PacketReader r, int end, Ipv6Header ip, byte code)
    {
        var subtype = r.U8("FMIPv6 subtype");
        r.U8("FMIPv6 reserved");
        r.U16("FMIPv6 identifier");
        var fmip = new FastHandoverNdOptions();
        var meta = NdOptions(ref r, end, out _, out _, out _, out _, fmip);
        var common = EmulatorMetadata.Read(ref meta);
        // The node's PCoA is the RtSolPr's source and the PrRtAdv's destination (§6.1.1, §6.1.2).
        if (!NodeAddresses.TryMobileNode(subtype == RtSolPrSubtype ? ip.Source : ip.Destination, out var mn))
            throw new WireFormatException($"FMIPv6 message between {ip.Source} and {ip.Destination}: neither is a mobile node's address");
        switch (subtype)
        {
            case RtSolPrSubtype:
            {
                var ap = fmip.LinkLayerOf(LlaNewAccessPoint) ?? throw new WireFormatException("RtSolPr without a New Access Point Link-layer Address option (RFC 5568 §6.1.1)");
                return new RouterSolicitationForProxyAdvertisement(common.Procedure, common.SentAt, mn,
                    Infrastructure(ip.Destination, NodeKind.AccessRouter, "RtSolPr destination"), MacIndex(ap, MacOfAccessPoint, "new access point"));
            }
            case PrRtAdvSubtype:
            {
                if (!NodeAddresses.TryRouterLinkLocal(ip.Source, out var par)) throw new WireFormatException($"PrRtAdv from {ip.Source}, not a router's link-local address (RFC 5568 §6.1.2)");
                if (code == 2)
                {
                    var unknown = fmip.LinkLayerOf(LlaNoPrefixInformation) ?? throw new WireFormatException("PrRtAdv code 2 without an access point of option-code 6");
                    return new ProxyRouterAdvertisement(common.Procedure, common.SentAt, mn, par, MacIndex(unknown, MacOfAccessPoint, "new access point"), -1);
                }
                if (code != 0) throw new WireFormatException($"PrRtAdv code {code}: the emulator's routers send 0 or 2 (RFC 5568 §6.1.2)");
                var ap = fmip.LinkLayerOf(LlaNewAccessPoint) ?? throw new WireFormatException("PrRtAdv without the New Access Point Link-layer Address option");
                var nar = fmip.Addresses.Find(a => a.Code == AddressNewRouter);
                var prefix = fmip.Addresses.Find(a => a.Code == AddressNewRouterPrefix);
                if (fmip.LinkLayerOf(LlaNewRouter) is null || nar.Code == 0 || prefix.Code == 0)
                    throw new WireFormatException("PrRtAdv code 0 without the NAR's link-layer address, IP address and prefix options (RFC 5568 §6.1.2)");
                var router = Infrastructure(nar.Address, NodeKind.AccessRouter, "NAR");
                if (prefix.Address.Prefix != Prefix64.AccessLink(router)) throw new WireFormatException($"PrRtAdv whose NAR prefix {prefix.Address} is not router {router}'s");
                return new ProxyRouterAdvertisement(common.Procedure, common.SentAt, mn, par, MacIndex(ap, MacOfAccessPoint, "new access point"), router);
            }
            default:
                throw new WireFormatException($"ICMPv6 type 154 subtype {subtype}: the emulator sends RtSolPr and PrRtAdv only (RFC 5568 §6.1; HI and HAck go as mobility headers)");
        }
    }

    IDmmMessage DecodeUnsolicitedNeighborAdvertisement(ref PacketReader r, int end, Ipv6Header ip)
    {
        if ((r.U32("NA flags") & 0xE000_0000) != 0) throw new WireFormatException("Neighbor Advertisement with R, S or O set: the emulator sends only UNA (RFC 5568 §6.3)");
        var target = Ipv6Address.Read(r.Bytes(16, "NA target address"));
        var fmip = new FastHandoverNdOptions();
        var meta = NdOptions(ref r, end, out _, out _, out _, out _, fmip);
        var common = EmulatorMetadata.Read(ref meta);
        if (ip.Source != target) throw new WireFormatException($"UNA from {ip.Source} for target {target}: its source is the NCoA (RFC 5568 §6.3)");
        if (fmip.TargetLinkLayer is null) throw new WireFormatException("UNA without a Target Link-layer Address option");
        if (!NodeAddresses.TryMobileNode(target, out var mn) || MacIndex(fmip.TargetLinkLayer, MacOfNode, "UNA target") != mn.Index)
            throw new WireFormatException($"UNA target {target} and its link-layer address name different nodes");
        return new UnsolicitedNeighborAdvertisement(common.Procedure, common.SentAt, mn, NodeAddresses.CareOfNumber(target, AccessRouters));
    }

    Signal DecodeFastBindingUpdate(ushort sequence, ushort flags, ushort lifetime, MobilityOptions options, EmulatorMetadata.Common common, Ipv6Header ip,
        ExtensionHeaders.Read extensions)
    {
        if ((flags & (FlagA | FlagH)) != (FlagA | FlagH)) throw new WireFormatException("FBU without A and H set (RFC 5568 §6.2.2)");
        var next = options.AlternateCareOf ?? throw new WireFormatException("FBU without an Alternate Care-of Address option (RFC 5568 §6.2.2)");
        var previous = extensions.HomeAddress ?? throw new WireFormatException("FBU without the PCoA in a Home Address option (RFC 5568 §6.2.2)");
        if (!NodeAddresses.TryMobileNode(previous, out var mn)) throw new WireFormatException($"FBU for {previous}, not a mobile node's address");
        var par = Infrastructure(ip.Destination, NodeKind.AccessRouter, "FBU destination");
        if (NodeAddresses.CareOfNumber(previous, AccessRouters) != par) throw new WireFormatException($"FBU to router {par} for a PCoA {previous} not on its prefix");
        return new FastBindingUpdate(common.Procedure, common.SentAt, mn, par, NodeAddresses.CareOfNumber(next, AccessRouters), sequence, lifetime)
        {
            FromNewLink = ip.Source != previous,
        };
    }

    Signal DecodeFastBindingAcknowledgement(FastBindingStatus status, ushort sequence, ushort lifetime, MobilityOptions options, PacketReader meta,
        EmulatorMetadata.Common common, Ipv6Header ip)
    {
        var newCareOf = meta.I32("FBack NCoA");
        if (status == FastBindingStatus.AcceptedUseSuppliedCareOf && options.AlternateCareOf is null)
            throw new WireFormatException("FBack status 1 without the supplied NCoA in an Alternate Care-of Address option (RFC 5568 §6.2.3)");
        if (!NodeAddresses.TryMobileNode(ip.Destination, out var mn)) throw new WireFormatException($"FBack to {ip.Destination}, not a mobile node's address");
        var par = Infrastructure(ip.Source, NodeKind.AccessRouter, "FBack source");
        return new FastBindingAcknowledgement(common.Procedure, common.SentAt, status, mn, par, newCareOf, sequence, lifetime)
        {
            ToNewCareOf = NodeAddresses.CareOfNumber(ip.Destination, AccessRouters) != par,
        };
    }

    Signal DecodeFastHandoverInitiate(byte flags, byte code, MobilityOptions options, EmulatorMetadata.Common common, Ipv6Header ip)
    {
        if ((flags & HiFlagS) != 0) throw new WireFormatException("HI with S set: the emulator's routers do not ask for an assigned address (RFC 5568 §6.2.1.1)");
        if (code > 1) throw new WireFormatException($"HI code {code} without the P flag (RFC 5568 §6.2.1.1 defines 0 and 1)");
        var lla = options.LinkLayer ?? throw new WireFormatException("HI without the node's Mobility Header Link-layer Address option (RFC 5568 §6.2.1.1)");
        var mn = new MnIdentifier(MacIndex(lla, MacOfNode, "HI node"));
        var previous = options.AddressOf(AddressPreviousCareOf) ?? throw new WireFormatException("HI without the PCoA's IPv6 Address/Prefix option");
        var next = options.AddressOf(AddressNewCareOf) ?? throw new WireFormatException("HI without the NCoA's IPv6 Address/Prefix option");
        return new FastHandoverInitiate(common.Procedure, common.SentAt, mn, Infrastructure(ip.Source, NodeKind.AccessRouter, "HI source"),
            Infrastructure(ip.Destination, NodeKind.AccessRouter, "HI destination"), (FastHandoverInitiateCode)code, (flags & HiFlagU) != 0,
            NodeAddresses.CareOfNumber(next, AccessRouters)) is var hi && NodeAddresses.CareOfNumber(previous, AccessRouters) == hi.PreviousAccessRouter
            ? hi : throw new WireFormatException($"HI from router {hi.PreviousAccessRouter} for a PCoA {previous} not on its prefix");
    }

    Signal DecodeFastHandoverAcknowledge(byte code, MobilityOptions options, EmulatorMetadata.Common common, Ipv6Header ip)
    {
        var next = options.AddressOf(AddressNewCareOf);
        // RFC 5568 §6.2.1.2: the HAck names the node only by the NCoA it carries; one that carries none is matched by its sequence number, the procedure's.
        var mn = next is { } ncoa && NodeAddresses.TryMobileNode(ncoa, out var named) ? named : common.Procedure.MobileNode;
        return new FastHandoverAcknowledge(common.Procedure, common.SentAt, mn,
            Infrastructure(ip.Destination, NodeKind.AccessRouter, "HAck destination"), Infrastructure(ip.Source, NodeKind.AccessRouter, "HAck source"),
            (HandoverAcknowledgeCode)code, next is { } address ? NodeAddresses.CareOfNumber(address, AccessRouters) : -1);
    }
}
