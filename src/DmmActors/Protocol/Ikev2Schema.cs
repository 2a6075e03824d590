using DmmActors.Serialization;

namespace DmmActors.Protocol;

/// <summary>IKEv2's exchanges as MOBIKE uses them (RFC 7296, RFC 4555).</summary>
public sealed class Ikev2Schema : IMessageSchema
{
    public void Register(SchemaRegistry schemas)
    {
        schemas.RegisterSignal<IkeSaInit>("IkeSaInit.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.Gateway); w.Write(m.CareOf); w.Write(m.Spis.Initiator); w.Write(m.Spis.Responder);
            w.Write(m.Response);
        }, r => new IkeSaInit(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32(), r.ReadInt32(), new IkeSpis(r.ReadUInt64(), r.ReadUInt64()), r.ReadBoolean()));
        schemas.RegisterSignal<IkeAuth>("IkeAuth.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.Gateway); w.Write(m.CareOf); w.Write(m.Spis.Initiator); w.Write(m.Spis.Responder);
            w.Write(m.Response); w.Prefix(m.InnerPrefix); w.Write(m.EspSpi);
        }, r => new IkeAuth(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32(), r.ReadInt32(), new IkeSpis(r.ReadUInt64(), r.ReadUInt64()), r.ReadBoolean(),
            r.Prefix(), r.ReadUInt32()));
        schemas.RegisterSignal<IkeInformational>("IkeInformational.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.Gateway); w.Write(m.CareOf); w.Write(m.Spis.Initiator); w.Write(m.Spis.Responder);
            w.Write(m.MessageId); w.Write(m.FromInitiator); w.Write(m.Response); w.Write(m.UpdateSaAddresses); w.Write(m.Cookie2);
        }, r => new IkeInformational(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32(), r.ReadInt32(), new IkeSpis(r.ReadUInt64(), r.ReadUInt64()),
            r.ReadUInt32(), r.ReadBoolean(), r.ReadBoolean()) { UpdateSaAddresses = r.ReadBoolean(), Cookie2 = r.ReadUInt64() });
    }
}
