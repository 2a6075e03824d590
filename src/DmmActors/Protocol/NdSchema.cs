using DmmActors.Serialization;

namespace DmmActors.Protocol;

/// <summary>Neighbour discovery between a node and its access router (RFC 4861, with the MAP option of RFC 5380 §5), and the link going down.</summary>
public sealed class NdSchema : IMessageSchema
{
    public void Register(SchemaRegistry schemas)
    {
        schemas.RegisterSignal<RouterSolicitation>("RouterSolicitation.v5", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId);
        }, r => new RouterSolicitation(r.Procedure(), r.Time(), r.Mn()));
        schemas.RegisterSignal<PrefixesInUse>("PrefixesInUse.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.PreviousRouter); w.List(m.Keep, w.PrefixInUse);
        }, r => new PrefixesInUse(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32(), r.List(r.PrefixInUse)));
        schemas.RegisterSignal<RouterAdvertisement>("RouterAdvertisement.v6", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write(m.AccessRouter); w.Prefix(m.Prefix); w.List(m.Deprecated, w.Prefix);
            w.List(m.Maps, o => { w.Write(o.Map); w.Write(o.Distance); w.Write(o.Preference); w.Time(o.ValidLifetime); });
            w.Prefix(m.Local);
        }, r => new RouterAdvertisement(r.Procedure(), r.Time(), r.ReadInt32(), r.Prefix())
        {
            Deprecated = r.List(r.Prefix),
            Maps = r.List(() => new MapOption(r.ReadInt32(), r.ReadByte(), r.ReadByte(), r.Time())),
            Local = r.Prefix(),
        });
        schemas.RegisterSignal<PrefixRelease>("PrefixRelease.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Prefix(m.Prefix);
        }, r => new PrefixRelease(r.Procedure(), r.Time(), r.Mn(), r.Prefix()));
        schemas.RegisterSignal<NeighborSolicitation>("NeighborSolicitation.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Prefix(m.Prefix);
        }, r => new NeighborSolicitation(r.Procedure(), r.Time(), r.Mn(), r.Prefix()));
        schemas.Register<LinkDown>("LinkDown.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.At); w.Mn(m.MnId);
        }, r => new LinkDown(r.Procedure(), r.Time(), r.Mn()));
        schemas.Register<HandoverIndication>("HandoverIndication.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.At); w.Mn(m.MnId); w.Write(m.NewAccessPoint);
        }, r => new HandoverIndication(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32()));
        schemas.Register<LinkAssociated>("LinkAssociated.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.At); w.Mn(m.MnId); w.Write(m.PreviousAccessPoint);
        }, r => new LinkAssociated(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32()));
    }
}
