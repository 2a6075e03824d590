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
    /// <summary>RFC 6275 §6.2.6, §6.2.7: the Nonce Indices and Binding Authorization Data options.</summary>
    const byte OptionNonceIndices = 4, OptionBindingAuthorizationData = 5;
    /// <summary>RFC 6275 §6.4: the routing header's Next Header value and its type.</summary>
    const byte NextHeaderRouting = 43, RoutingType2 = 2;

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
        var ip = Ipv6Packet.Open(w, source, careOf, NextHeaderRouting, HopLimit);
        RoutingHeader2(w, NextHeader.MobilityHeader, NodeAddresses.OnPrefix(m.HomePrefix, m.MnId));
        var mh = new MobilityHeaderWriter(w);
        mh.Begin(MhType.BindingAcknowledgement);
        w.U8((byte)m.Status); w.U8(0); w.U16(m.SequenceNumber); w.U16(m.LifetimeUnits);
        Authorization(mh, w, m.Authorizer);
        mh.Metadata(EmulatorMetadata.Begin(m));
        mh.End(source, careOf);
        Ipv6Packet.Close(w, ip);
    }

    /// <summary>RFC 6275 §6.2.6: 2n alignment, the home nonce index then the care-of nonce index.</summary>
    static void NonceIndices(MobilityHeaderWriter mh, PacketWriter b, ushort home, ushort careOf)
    {
        mh.Align(2, 0);
        b.U8(OptionNonceIndices); b.U8(4); b.U16(home); b.U16(careOf);
    }

    /// <summary>RFC 6275 §6.2.7: 8n+2 alignment; it is the last option of the message the authenticator covers.</summary>
    static void Authorization(MobilityHeaderWriter mh, PacketWriter b, BindingAuthorizationData authorizer)
    {
        mh.Align(8, 2);
        b.U8(OptionBindingAuthorizationData); b.U8(BindingAuthorizationData.Length);
        Span<byte> value = stackalloc byte[BindingAuthorizationData.Length];
        authorizer.Write(value);
        b.Bytes(value);
    }

    /// <summary>RFC 6275 §6.4.1: the type 2 routing header, one address (the home address), segments left 1.</summary>
    static void RoutingHeader2(PacketWriter w, byte next, Ipv6Address home)
    {
        w.U8(next); w.U8(2); w.U8(RoutingType2); w.U8(1); w.U32(0);
        Ipv6Packet.Address(w, home);
    }
}
