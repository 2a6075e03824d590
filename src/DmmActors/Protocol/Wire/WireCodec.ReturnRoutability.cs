using DmmActors.Addressing;

namespace DmmActors.Protocol.Wire;

/// <summary>
/// The return routability test and the binding update to a correspondent (RFC 6275 §6.1.3–§6.1.8,
/// §6.2.6, §6.2.7), and the type 2 routing header that a correspondent puts on what it sends
/// to a care-of address (§6.4).
/// </summary>
public sealed partial class WireCodec
{
    /// <summary>RFC 6275 §6.1: Mobility Header types 1 to 4.</summary>
    const byte MhHomeTestInit = 1, MhCareOfTestInit = 2, MhHomeTest = 3, MhCareOfTest = 4;

    Ipv6Address CareOfOf(MnIdentifier mn, int careOfRouter) => NodeAddresses.CareOf(careOfRouter, mn, AccessRouters);

    void HomeTestInit(PacketWriter w, HomeTestInit m, Endpoint from, Endpoint to)
    {
        var home = NodeAddresses.OnPrefix(m.HomePrefix, m.MnId);
        var inner = Inner(i => Mobility(i, m, home, NodeAddresses.Infrastructure(NodeKind.Correspondent, m.Correspondent), MhHomeTestInit, (mh, b) =>
        {
            b.U16(0); b.U64(m.Cookie);
            mh.Metadata(EmulatorMetadata.Begin(m));
        }));
        // §5.2.5: reverse-tunnelled from the care-of address to the home agent, which sends it on.
        if (from.Kind == NodeKind.MobileNode) Encapsulate(w, CareOfOf(m.MnId, from.Router), Global(to), inner);
        else w.Bytes(inner);
    }

    void CareOfTestInit(PacketWriter w, CareOfTestInit m) =>
        Mobility(w, m, CareOfOf(m.MnId, m.CareOfRouter), NodeAddresses.Infrastructure(NodeKind.Correspondent, m.Correspondent), MhCareOfTestInit, (mh, b) =>
        {
            b.U16(0); b.U64(m.Cookie);
            mh.Metadata(EmulatorMetadata.Begin(m));
        });

    void HomeTest(PacketWriter w, HomeTest m, Endpoint from, Endpoint to)
    {
        var inner = Inner(i => Mobility(i, m, NodeAddresses.Infrastructure(NodeKind.Correspondent, m.Correspondent),
            NodeAddresses.OnPrefix(m.HomePrefix, m.MnId), MhHomeTest, (mh, b) =>
            {
                b.U16(m.HomeNonceIndex); b.U64(m.Cookie); b.U64(m.HomeKeygenToken);
                mh.Metadata(EmulatorMetadata.Begin(m));
            }));
        // To the home address: the home agent intercepts it and tunnels it to the care-of address (§10.4.1).
        if (to.Kind == NodeKind.MobileNode) Encapsulate(w, Global(from), CareOfOf(m.MnId, to.Router), inner);
        else w.Bytes(inner);
    }

    void CareOfTest(PacketWriter w, CareOfTest m) =>
        Mobility(w, m, NodeAddresses.Infrastructure(NodeKind.Correspondent, m.Correspondent), CareOfOf(m.MnId, m.CareOfRouter), MhCareOfTest, (mh, b) =>
        {
            b.U16(m.CareOfNonceIndex); b.U64(m.Cookie); b.U64(m.CareOfKeygenToken);
            mh.Metadata(EmulatorMetadata.Begin(m));
        });

    void CorrespondentBindingUpdate(PacketWriter w, CorrespondentBindingUpdate m) =>
        Mobility(w, m, CareOfOf(m.MnId, m.CareOfRouter), NodeAddresses.Infrastructure(NodeKind.Correspondent, m.Correspondent),
            MhType.BindingUpdate, (mh, b) =>
            {
                b.U16(m.SequenceNumber); b.U16(FlagA); b.U16(m.LifetimeUnits);
                NonceIndices(mh, b, m.HomeNonceIndex, m.CareOfNonceIndex);
                Authorization(mh, b, m.Authorizer);
                mh.Metadata(EmulatorMetadata.Begin(m));
            }, home: NodeAddresses.OnPrefix(m.HomePrefix, m.MnId));

    void CorrespondentBindingAcknowledgement(PacketWriter w, CorrespondentBindingAcknowledgement m)
    {
        var source = NodeAddresses.Infrastructure(NodeKind.Correspondent, m.Correspondent);
        var careOf = CareOfOf(m.MnId, m.CareOfRouter);
        var home = NodeAddresses.OnPrefix(m.HomePrefix, m.MnId);
        var ip = Ipv6Packet.Open(w, source, careOf, NextHeader.Routing, HopLimit);
        ExtensionHeaders.RoutingType2(w, NextHeader.MobilityHeader, home);
        var mh = new MobilityHeaderWriter(w);
        mh.Begin(MhType.BindingAcknowledgement);
        w.U8((byte)m.Status); w.U8(0); w.U16(m.SequenceNumber); w.U16(m.LifetimeUnits);
        Authorization(mh, w, m.Authorizer);
        mh.Metadata(EmulatorMetadata.Begin(m));
        // RFC 8200 §8.1: the checksum's pseudo-header names the final destination, the home address.
        mh.End(source, home);
        Ipv6Packet.Close(w, ip);
    }

    /// <summary>RFC 6275 §6.2.6: 2n alignment, the home nonce index then the care-of nonce index.</summary>
    static void NonceIndices(MobilityHeaderWriter mh, PacketWriter b, ushort home, ushort careOf)
    {
        mh.Align(2, 0);
        b.U8(MobilityOptionType.NonceIndices); b.U8(4); b.U16(home); b.U16(careOf);
    }

    /// <summary>RFC 6275 §6.2.7: 8n+2 alignment; it is the last option of the message the authenticator covers.</summary>
    static void Authorization(MobilityHeaderWriter mh, PacketWriter b, BindingAuthorizationData authorizer)
    {
        mh.Align(8, 2);
        b.U8(MobilityOptionType.BindingAuthorizationData); b.U8(BindingAuthorizationData.Length);
        Span<byte> value = stackalloc byte[BindingAuthorizationData.Length];
        authorizer.Write(value);
        b.Bytes(value);
    }

    static MnIdentifier NodeOf(Ipv6Address address, string role) => NodeAddresses.TryMobileNode(address, out var mn)
        ? mn
        : throw new WireFormatException($"{role} {address} is no mobile node's address");

    /// <summary>MH types 1 to 4 (RFC 6275 §6.1.3–§6.1.6), after the mobility header's common part.</summary>
    Signal DecodeReturnRoutability(ref PacketReader r, byte type, int end, Ipv6Header ip, out MobilityOptions options)
    {
        switch (type)
        {
            case MhHomeTestInit or MhCareOfTestInit:
            {
                r.U16("test init reserved");
                var cookie = r.U64("init cookie");
                options = OptionsAndMetadata(ref r, end, out _, out var common);
                var mn = NodeOf(ip.Source, "test init source");
                var cn = Infrastructure(ip.Destination, NodeKind.Correspondent, "test init destination");
                return type == MhHomeTestInit
                    ? new HomeTestInit(common.Procedure, common.SentAt, mn, ip.Source.Prefix, cn, cookie)
                    : new CareOfTestInit(common.Procedure, common.SentAt, mn, NodeAddresses.CareOfNumber(ip.Source, AccessRouters), cn, cookie);
            }
            default:
            {
                var nonce = r.U16("nonce index");
                var cookie = r.U64("init cookie");
                var token = r.U64("keygen token");
                options = OptionsAndMetadata(ref r, end, out _, out var common);
                var cn = Infrastructure(ip.Source, NodeKind.Correspondent, "test source");
                var mn = NodeOf(ip.Destination, "test destination");
                return type == MhHomeTest
                    ? new HomeTest(common.Procedure, common.SentAt, mn, ip.Destination.Prefix, cn, nonce, cookie, token)
                    : new CareOfTest(common.Procedure, common.SentAt, mn, NodeAddresses.CareOfNumber(ip.Destination, AccessRouters), cn, nonce, cookie, token);
            }
        }
    }

    /// <summary>A BU to a correspondent: its Home Address option names the node, its options authorise it (RFC 6275 §6.1.7).</summary>
    CorrespondentBindingUpdate DecodeCorrespondentBindingUpdate(Ipv6Header ip, Ipv6Address home, int correspondent, ushort sequence, ushort lifetime,
        MobilityOptions options, EmulatorMetadata.Common common)
    {
        var nonces = options.NonceIndices ?? throw new WireFormatException("BU to a correspondent without a Nonce Indices option (RFC 6275 §6.2.6)");
        var authorizer = options.Authorizer ?? throw new WireFormatException("BU to a correspondent without Binding Authorization Data (RFC 6275 §6.2.7)");
        return new CorrespondentBindingUpdate(common.Procedure, common.SentAt, NodeOf(home, "BU home address"), home.Prefix,
            NodeAddresses.CareOfNumber(ip.Source, AccessRouters), correspondent, sequence, lifetime, nonces.Home, nonces.CareOf, authorizer);
    }

    /// <summary>A correspondent's BA: to the care-of address, the home address in its type 2 routing header (RFC 6275 §6.1.8).</summary>
    CorrespondentBindingAcknowledgement DecodeCorrespondentBindingAcknowledgement(Ipv6Header ip, ExtensionHeaders.Read extensions, int correspondent,
        BindingStatus status, ushort sequence, ushort lifetime, MobilityOptions options, EmulatorMetadata.Common common)
    {
        var home = extensions.RoutedHome ?? throw new WireFormatException("correspondent's BA without a type 2 routing header (RFC 6275 §6.1.8)");
        var authorizer = options.Authorizer ?? throw new WireFormatException("correspondent's BA without Binding Authorization Data (RFC 6275 §6.2.7)");
        return new CorrespondentBindingAcknowledgement(common.Procedure, common.SentAt, status, NodeOf(home, "BA home address"), home.Prefix,
            NodeAddresses.CareOfNumber(ip.Destination, AccessRouters), correspondent, sequence, lifetime, authorizer);
    }
}
