using DmmActors.Serialization;

namespace DmmActors.Protocol;

/// <summary>Fast handovers for Mobile IPv6 (RFC 5568 §6): the node's messages and its routers'.</summary>
public sealed class FastHandoverSchema : IMessageSchema
{
    public void Register(SchemaRegistry schemas)
    {
        schemas.RegisterSignal<RouterSolicitationForProxyAdvertisement>("RouterSolicitationForProxyAdvertisement.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.PreviousAccessRouter); w.Write(m.NewAccessPoint);
        }, r => new RouterSolicitationForProxyAdvertisement(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32(), r.ReadInt32()));
        schemas.RegisterSignal<ProxyRouterAdvertisement>("ProxyRouterAdvertisement.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.PreviousAccessRouter); w.Write(m.NewAccessPoint); w.Write(m.NewAccessRouter);
        }, r => new ProxyRouterAdvertisement(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32()));
        schemas.RegisterSignal<FastBindingUpdate>("FastBindingUpdate.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.PreviousAccessRouter); w.Write(m.NewCareOf);
            w.Write(m.SequenceNumber); w.Write(m.LifetimeUnits); w.Write(m.FromNewLink);
        }, r => new FastBindingUpdate(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32(), r.ReadInt32(), r.ReadUInt16(), r.ReadUInt16()) { FromNewLink = r.ReadBoolean() });
        schemas.RegisterSignal<FastBindingAcknowledgement>("FastBindingAcknowledgement.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write((byte)m.Status); w.Mn(m.MnId); w.Write(m.PreviousAccessRouter); w.Write(m.NewCareOf);
            w.Write(m.SequenceNumber); w.Write(m.LifetimeUnits); w.Write(m.ToNewCareOf);
        }, r => new FastBindingAcknowledgement(r.Procedure(), r.Time(), (FastBindingStatus)r.ReadByte(), r.Mn(), r.ReadInt32(), r.ReadInt32(), r.ReadUInt16(), r.ReadUInt16())
        { ToNewCareOf = r.ReadBoolean() });
        schemas.RegisterSignal<FastHandoverInitiate>("FastHandoverInitiate.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.PreviousAccessRouter); w.Write(m.NewAccessRouter);
            w.Write((byte)m.Code); w.Write(m.BufferRequested); w.Write(m.NewCareOf);
        }, r => new FastHandoverInitiate(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32(), r.ReadInt32(), (FastHandoverInitiateCode)r.ReadByte(), r.ReadBoolean(), r.ReadInt32()));
        schemas.RegisterSignal<FastHandoverAcknowledge>("FastHandoverAcknowledge.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.PreviousAccessRouter); w.Write(m.NewAccessRouter);
            w.Write((byte)m.Code); w.Write(m.NewCareOf);
        }, r => new FastHandoverAcknowledge(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32(), r.ReadInt32(), (HandoverAcknowledgeCode)r.ReadByte(), r.ReadInt32()));
        schemas.RegisterSignal<UnsolicitedNeighborAdvertisement>("UnsolicitedNeighborAdvertisement.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.NewAccessRouter);
        }, r => new UnsolicitedNeighborAdvertisement(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32()));
    }
}
