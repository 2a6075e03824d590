using DmmActors.Serialization;

namespace DmmActors.Protocol;

/// <summary>PMIPv6 localized routing between an LMA and a MAG (RFC 6705 §10).</summary>
public sealed class LocalizedRoutingSchema : IMessageSchema
{
    public void Register(SchemaRegistry schemas)
    {
        schemas.RegisterSignal<LocalizedRoutingInitiation>("LocalizedRoutingInitiation.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write(m.SequenceNumber); w.Write(m.LifetimeSeconds);
            w.Write(m.Lma); w.Write(m.Mag); w.Write(m.FromMag); w.List(m.Nodes, n => { w.Mn(n.Mn); w.Prefix(n.HomeNetworkPrefix); }); w.Write(m.RemoteMag);
        }, r => new LocalizedRoutingInitiation(r.Procedure(), r.Time(), r.ReadUInt16(), r.ReadUInt16(), r.ReadInt32(), r.ReadInt32(), r.ReadBoolean(),
            r.List(() => new LocalizedNode(r.Mn(), r.Prefix()))) { RemoteMag = r.ReadInt32() });
        schemas.RegisterSignal<LocalizedRoutingAcknowledgement>("LocalizedRoutingAcknowledgement.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write(m.SequenceNumber); w.Write((byte)m.Status); w.Write(m.LifetimeSeconds);
            w.Write(m.Lma); w.Write(m.Mag); w.Write(m.FromMag); w.List(m.Nodes, n => { w.Mn(n.Mn); w.Prefix(n.HomeNetworkPrefix); });
        }, r => new LocalizedRoutingAcknowledgement(r.Procedure(), r.Time(), r.ReadUInt16(), (LocalizedRoutingStatus)r.ReadByte(), r.ReadUInt16(),
            r.ReadInt32(), r.ReadInt32(), r.ReadBoolean(), r.List(() => new LocalizedNode(r.Mn(), r.Prefix()))));
    }
}
