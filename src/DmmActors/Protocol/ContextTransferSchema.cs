using DmmActors.Serialization;

namespace DmmActors.Protocol;

/// <summary>Handover between access routers and context transfer between anchors (RFC 5949, RFC 4067, RFC 8818 §3.2), with the anchors' advertisements.</summary>
public sealed class ContextTransferSchema : IMessageSchema
{
    public void Register(SchemaRegistry schemas)
    {
        schemas.RegisterSignal<HandoverInitiate>("HandoverInitiate.v4", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.NewAccessRouter); w.List(m.KeepPrefixes, w.PrefixInUse);
            w.Write(m.ForwardingRequested);
        }, r => new HandoverInitiate(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32(), r.List(r.PrefixInUse)) { ForwardingRequested = r.ReadBoolean() });
        schemas.RegisterSignal<HandoverAcknowledge>("HandoverAcknowledge.v4", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.PreviousAccessRouter); w.List(m.Contexts, w.Context);
            w.List(m.Groups, w.Write); w.Write(m.Forwarding);
        }, r => new HandoverAcknowledge(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32(), r.List(r.Context), r.List(r.ReadInt32)) { Forwarding = r.ReadBoolean() });
        schemas.RegisterSignal<PredictiveHandoverInitiate>("PredictiveHandoverInitiate.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.PreviousAccessRouter); w.Write(m.NewAccessRouter);
            w.Prefix(m.HomeNetworkPrefix); w.Write(m.Lma); w.Write(m.BufferRequested);
        }, r => new PredictiveHandoverInitiate(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32(), r.ReadInt32(), r.Prefix(), r.ReadInt32(), r.ReadBoolean()));
        schemas.RegisterSignal<PredictiveHandoverAcknowledge>("PredictiveHandoverAcknowledge.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.PreviousAccessRouter); w.Write(m.NewAccessRouter); w.Write((byte)m.Code);
        }, r => new PredictiveHandoverAcknowledge(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32(), r.ReadInt32(), (HandoverAcknowledgeCode)r.ReadByte()));
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
        schemas.RegisterSignal<AnchorAdvertisement>("AnchorAdvertisement.v3", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write(m.Anchor); w.Write(m.Load); w.Write(m.Capacity); w.Write(m.SequenceNumber);
        }, r => new AnchorAdvertisement(r.Procedure(), r.Time(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32()) { SequenceNumber = r.ReadUInt32() });
    }
}
