using DmmActors.Serialization;

namespace DmmActors.Protocol;

/// <summary>The signalling messages and packets the emulated nodes exchange, across cluster members.</summary>
public sealed class SignallingSchema : IMessageSchema
{
    public void Register(SchemaRegistry schemas)
    {
        schemas.RegisterSignal<RouterSolicitation>("RouterSolicitation.v4", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.PreviousRouter); w.List(m.KeepPrefixes, w.PrefixInUse);
        }, r => new RouterSolicitation(r.Procedure(), r.Time(), r.Mn()) { PreviousRouter = r.ReadInt32(), KeepPrefixes = r.List(r.PrefixInUse) });
        schemas.RegisterSignal<RouterAdvertisement>("RouterAdvertisement.v5", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write(m.AccessRouter); w.Prefix(m.Prefix); w.List(m.Deprecated, w.Prefix);
            w.List(m.Maps, o => { w.Write(o.Map); w.Write(o.Distance); w.Write(o.Preference); w.Time(o.ValidLifetime); });
        }, r => new RouterAdvertisement(r.Procedure(), r.Time(), r.ReadInt32(), r.Prefix())
        {
            Deprecated = r.List(r.Prefix),
            Maps = r.List(() => new MapOption(r.ReadInt32(), r.ReadByte(), r.ReadByte(), r.Time())),
        });
        schemas.Register<LinkDown>("LinkDown.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.At); w.Mn(m.MnId);
        }, r => new LinkDown(r.Procedure(), r.Time(), r.Mn()));
        schemas.RegisterSignal<ProxyBindingUpdate>("ProxyBindingUpdate.v6", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Prefix(m.HomeNetworkPrefix);
            w.Write((byte)m.HandoffIndicator); w.Write(m.SequenceNumber); w.Time(m.Timestamp); w.Write(m.LifetimeUnits);
            w.Write(m.ProxyCareOf); w.Write(m.Sessions); w.List(m.Groups, w.Write); w.Write((byte)m.AccessTechnologyType); 
        }, r => new ProxyBindingUpdate(r.Procedure(), r.Time(), r.Mn(), r.Prefix(), (HandoffIndicator)r.ReadByte(),
            r.ReadUInt16(), r.Time(), r.ReadUInt16(), r.ReadInt32())
        {
            Sessions = r.ReadInt32(), Groups = r.List(r.ReadInt32), AccessTechnologyType = (AccessTechnologyType)r.ReadByte(),
        });
        schemas.RegisterSignal<ProxyBindingAcknowledgement>("ProxyBindingAcknowledgement.v5", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write((byte)m.Status); w.Mn(m.MnId); w.Prefix(m.HomeNetworkPrefix);
            w.Write(m.SequenceNumber); w.Time(m.Timestamp); w.Write(m.LifetimeUnits); w.Write(m.Lma);
            w.Write((byte)m.HandoffIndicator); w.Write((byte)m.AccessTechnologyType);
        }, r => new ProxyBindingAcknowledgement(r.Procedure(), r.Time(), (BindingStatus)r.ReadByte(), r.Mn(), r.Prefix(),
            r.ReadUInt16(), r.Time(), r.ReadUInt16(), r.ReadInt32())
        {
            HandoffIndicator = (HandoffIndicator)r.ReadByte(), AccessTechnologyType = (AccessTechnologyType)r.ReadByte(),
        });
        schemas.RegisterSignal<BindingUpdate>("BindingUpdate.v4", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Prefix(m.HomePrefix); w.Write(m.SequenceNumber);
            w.Write(m.LifetimeUnits); w.Write(m.CareOfRouter); w.Write(m.MapRegistration);
        }, r => new BindingUpdate(r.Procedure(), r.Time(), r.Mn(), r.Prefix(), r.ReadUInt16(), r.ReadUInt16(), r.ReadInt32())
        { MapRegistration = r.ReadBoolean() });
        schemas.RegisterSignal<BindingAcknowledgement>("BindingAcknowledgement.v3", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write((byte)m.Status); w.Write(m.SequenceNumber);
            w.Write(m.LifetimeUnits); w.Write(m.HomeAgent);
        }, r => new BindingAcknowledgement(r.Procedure(), r.Time(), (BindingStatus)r.ReadByte(), r.ReadUInt16(),
            r.ReadUInt16(), r.ReadInt32()));
        schemas.RegisterSignal<HomeTestInit>("HomeTestInit.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Prefix(m.HomePrefix); w.Write(m.Correspondent); w.Write(m.Cookie);
        }, r => new HomeTestInit(r.Procedure(), r.Time(), r.Mn(), r.Prefix(), r.ReadInt32(), r.ReadUInt64()));
        schemas.RegisterSignal<CareOfTestInit>("CareOfTestInit.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.CareOfRouter); w.Write(m.Correspondent); w.Write(m.Cookie);
        }, r => new CareOfTestInit(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32(), r.ReadInt32(), r.ReadUInt64()));
        schemas.RegisterSignal<HomeTest>("HomeTest.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Prefix(m.HomePrefix); w.Write(m.Correspondent);
            w.Write(m.HomeNonceIndex); w.Write(m.Cookie); w.Write(m.HomeKeygenToken);
        }, r => new HomeTest(r.Procedure(), r.Time(), r.Mn(), r.Prefix(), r.ReadInt32(), r.ReadUInt16(), r.ReadUInt64(), r.ReadUInt64()));
        schemas.RegisterSignal<CareOfTest>("CareOfTest.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.CareOfRouter); w.Write(m.Correspondent);
            w.Write(m.CareOfNonceIndex); w.Write(m.Cookie); w.Write(m.CareOfKeygenToken);
        }, r => new CareOfTest(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32(), r.ReadInt32(), r.ReadUInt16(), r.ReadUInt64(), r.ReadUInt64()));
        schemas.RegisterSignal<CorrespondentBindingUpdate>("CorrespondentBindingUpdate.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Prefix(m.HomePrefix); w.Write(m.CareOfRouter); w.Write(m.Correspondent);
            w.Write(m.SequenceNumber); w.Write(m.LifetimeUnits); w.Write(m.HomeNonceIndex); w.Write(m.CareOfNonceIndex);
            w.Write(m.Authorizer.High); w.Write(m.Authorizer.Low);
        }, r => new CorrespondentBindingUpdate(r.Procedure(), r.Time(), r.Mn(), r.Prefix(), r.ReadInt32(), r.ReadInt32(), r.ReadUInt16(),
            r.ReadUInt16(), r.ReadUInt16(), r.ReadUInt16(), new BindingAuthorizationData(r.ReadUInt64(), r.ReadUInt32())));
        schemas.RegisterSignal<CorrespondentBindingAcknowledgement>("CorrespondentBindingAcknowledgement.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write((byte)m.Status); w.Mn(m.MnId); w.Prefix(m.HomePrefix); w.Write(m.CareOfRouter);
            w.Write(m.Correspondent); w.Write(m.SequenceNumber); w.Write(m.LifetimeUnits); w.Write(m.Authorizer.High); w.Write(m.Authorizer.Low);
        }, r => new CorrespondentBindingAcknowledgement(r.Procedure(), r.Time(), (BindingStatus)r.ReadByte(), r.Mn(), r.Prefix(), r.ReadInt32(),
            r.ReadInt32(), r.ReadUInt16(), r.ReadUInt16(), new BindingAuthorizationData(r.ReadUInt64(), r.ReadUInt32())));
        schemas.Register<DataPacket>("DataPacket.v2", (w, m) =>
        {
            w.Write(m.Session); w.Mn(m.Destination); w.Prefix(m.DestinationPrefix); w.Write(m.Correspondent);
            w.Time(m.SentAt); w.Time(m.PathDelay); w.Write(m.PathHops); w.Write(m.Tunnels); w.Write(m.RoutedToCareOf);
        }, r => new DataPacket(r.ReadInt32(), r.Mn(), r.Prefix(), r.ReadInt32(), r.Time(), r.Time(), r.ReadInt32(), r.ReadInt32())
        { RoutedToCareOf = r.ReadInt32() });
        schemas.RegisterOlder("DataPacket.v1", r => new DataPacket(r.ReadInt32(), r.Mn(), r.Prefix(), r.ReadInt32(), r.Time(), r.Time(), r.ReadInt32(), r.ReadInt32()));
        schemas.RegisterSignal<HandoverInitiate>("HandoverInitiate.v3", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.NewAccessRouter); w.List(m.KeepPrefixes, w.PrefixInUse);
        }, r => new HandoverInitiate(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32(), r.List(r.PrefixInUse)));
        schemas.RegisterSignal<HandoverAcknowledge>("HandoverAcknowledge.v3", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.PreviousAccessRouter); w.List(m.Contexts, w.Context);
            w.List(m.Groups, w.Write);
        }, r => new HandoverAcknowledge(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32(), r.List(r.Context), r.List(r.ReadInt32)));
        schemas.RegisterSignal<ContextTransferData>("ContextTransferData.v3", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.FromAnchor); w.Write(m.CareOf); w.Context(m.Context);
            w.List(m.Groups, w.Write);
        }, r => new ContextTransferData(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32(), r.ReadInt32(), r.Context(), r.List(r.ReadInt32)));
        schemas.RegisterSignal<ContextTransferDataReply>("ContextTransferDataReply.v3", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write((byte)m.Status); w.Mn(m.MnId); w.Prefix(m.Prefix); w.Write(m.ToAnchor);
        }, r => new ContextTransferDataReply(r.Procedure(), r.Time(), (BindingStatus)r.ReadByte(), r.Mn(), r.Prefix(), r.ReadInt32()));
        schemas.RegisterSignal<AnchorRelocated>("AnchorRelocated.v3", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Prefix(m.Prefix); w.Write(m.Anchor); w.Write(m.PreviousAnchor);
        }, r => new AnchorRelocated(r.Procedure(), r.Time(), r.Mn(), r.Prefix(), r.ReadInt32(), r.ReadInt32()));
        schemas.RegisterSignal<PrefixRoute>("PrefixRoute.v3", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Prefix(m.Prefix); w.Write(m.Anchor);
        }, r => new PrefixRoute(r.Procedure(), r.Time(), r.Prefix(), r.ReadInt32()));
        schemas.Register<RelocateAnchor>("RelocateAnchor.v1", (w, m) =>
        {
            w.Prefix(m.Prefix); w.Write(m.TargetAnchor);
        }, r => new RelocateAnchor(r.Prefix(), r.ReadInt32()));
        schemas.Register<AnchorAdvertisement>("AnchorAdvertisement.v2", (w, m) =>
        {
            w.Write(m.Anchor); w.Write(m.Load); w.Write(m.Capacity);
        }, r => new AnchorAdvertisement(r.ReadInt32(), r.ReadInt32(), r.ReadInt32()));
        schemas.RegisterSignal<MldReport>("MldReport.v3", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.List(m.Groups, w.Write);
        }, r => new MldReport(r.Procedure(), r.Time(), r.Mn(), r.List(r.ReadInt32)));
        schemas.RegisterSignal<MldProxyReport>("MldProxyReport.v3", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write(m.AccessRouter); w.Write(m.Tunnel); w.Write(m.Group); w.Write(m.Join);
        }, r => new MldProxyReport(r.Procedure(), r.Time(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadBoolean()));
        schemas.Register<MulticastPacket>("MulticastPacket.v1", (w, m) =>
        {
            w.Write(m.Group); w.Write(m.Sequence); w.Time(m.SentAt); w.Time(m.PathDelay); w.Write(m.ViaRouter); w.Write(m.ViaTunnel);
        }, r => new MulticastPacket(r.ReadInt32(), r.ReadInt32(), r.Time(), r.Time(), r.ReadInt32(), r.ReadInt32()));
    }
}
