using DmmActors.Serialization;

namespace DmmActors.Protocol;

/// <summary>Proxy Mobile IPv6 registration between a MAG and its LMA (RFC 5213 §8.1, §8.2).</summary>
public sealed class Pmipv6Schema : IMessageSchema
{
    public void Register(SchemaRegistry schemas)
    {
        schemas.RegisterSignal<ProxyBindingUpdate>("ProxyBindingUpdate.v8", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Prefix(m.HomeNetworkPrefix);
            w.Write((byte)m.HandoffIndicator); w.Write(m.SequenceNumber); w.Time(m.Timestamp); w.Write(m.LifetimeUnits);
            w.Write(m.ProxyCareOf); w.Write(m.Sessions); w.List(m.Groups, w.Write); w.Write((byte)m.AccessTechnologyType);
            w.Write(m.RedirectCapability); w.Write(m.RelayedBy);
            w.Write(m.Dmm); w.List(m.AnchoredPrefixes, w.Prefix); w.Write(m.ServingMaar);
        }, r => new ProxyBindingUpdate(r.Procedure(), r.Time(), r.Mn(), r.Prefix(), (HandoffIndicator)r.ReadByte(),
            r.ReadUInt16(), r.Time(), r.ReadUInt16(), r.ReadInt32())
        {
            Sessions = r.ReadInt32(), Groups = r.List(r.ReadInt32), AccessTechnologyType = (AccessTechnologyType)r.ReadByte(),
            RedirectCapability = r.ReadBoolean(), RelayedBy = r.ReadInt32(),
            Dmm = r.ReadBoolean(), AnchoredPrefixes = r.List(r.Prefix), ServingMaar = r.ReadInt32(),
        });
        schemas.RegisterSignal<ProxyBindingAcknowledgement>("ProxyBindingAcknowledgement.v7", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write((byte)m.Status); w.Mn(m.MnId); w.Prefix(m.HomeNetworkPrefix);
            w.Write(m.SequenceNumber); w.Time(m.Timestamp); w.Write(m.LifetimeUnits); w.Write(m.Lma);
            w.Write((byte)m.HandoffIndicator); w.Write((byte)m.AccessTechnologyType); w.Write(m.Redirect); w.Write(m.Load);
            w.Write(m.Dmm); w.Write(m.ServingMaar); w.List(m.PreviousMaars, p => { w.Write(p.Maar); w.Prefix(p.Prefix); });
        }, r => new ProxyBindingAcknowledgement(r.Procedure(), r.Time(), (BindingStatus)r.ReadByte(), r.Mn(), r.Prefix(),
            r.ReadUInt16(), r.Time(), r.ReadUInt16(), r.ReadInt32())
        {
            HandoffIndicator = (HandoffIndicator)r.ReadByte(), AccessTechnologyType = (AccessTechnologyType)r.ReadByte(),
            Redirect = r.ReadInt32(), Load = r.ReadInt32(),
            Dmm = r.ReadBoolean(), ServingMaar = r.ReadInt32(), PreviousMaars = r.List(() => new PreviousMaar(r.ReadInt32(), r.Prefix())),
        });
    }
}
