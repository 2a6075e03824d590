using DmmActors.Serialization;

namespace DmmActors.Protocol;

/// <summary>The return routability test and the correspondent registration it authorises (RFC 6275 §5.2, §6.1.3 to §6.1.6).</summary>
public sealed class ReturnRoutabilitySchema : IMessageSchema
{
    public void Register(SchemaRegistry schemas)
    {
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
    }
}
