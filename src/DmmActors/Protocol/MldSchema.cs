using DmmActors.Serialization;

namespace DmmActors.Protocol;

/// <summary>Multicast listener reports and the group packets they bring (RFC 3810, RFC 4605, RFC 6224).</summary>
public sealed class MldSchema : IMessageSchema
{
    public void Register(SchemaRegistry schemas)
    {
        schemas.RegisterSignal<MldReport>("MldReport.v3", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.List(m.Groups, w.Write);
        }, r => new MldReport(r.Procedure(), r.Time(), r.Mn(), r.List(r.ReadInt32)));
        schemas.RegisterSignal<MldQuery>("MldQuery.v2", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write(m.AccessRouter); w.Time(m.MaximumResponseDelay); w.Time(m.QueryInterval); w.Write(m.Robustness);
        }, r => new MldQuery(r.Procedure(), r.Time(), r.ReadInt32(), r.Time()) { QueryInterval = r.Time(), Robustness = r.ReadInt32() });
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
