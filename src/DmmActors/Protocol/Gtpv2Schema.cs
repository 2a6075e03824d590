using DmmActors.Serialization;

namespace DmmActors.Protocol;

/// <summary>GTPv2-C session management between an MME, an SGW and a PGW (TS 29.274 §7.2), the gateways' selection by DNS (TS 29.303), and S1-AP between the eNBs and the MME (TS 36.413).</summary>
public sealed class Gtpv2Schema : IMessageSchema
{
    static void Teid(BinaryWriter w, FullyQualifiedTeid? f)
    {
        w.Write(f.HasValue);
        if (f is not { } t) return;
        w.Write((byte)t.Interface); w.Write(t.Teid); w.Endpoint(t.Node);
    }

    static FullyQualifiedTeid? Teid(BinaryReader r) => r.ReadBoolean() ? new FullyQualifiedTeid((GtpInterface)r.ReadByte(), r.ReadUInt32(), r.Endpoint()) : null;

    static void Location(BinaryWriter w, UserLocation l) { w.Write(l.TrackingAreaCode); w.Write(l.EutranCellId); }

    static UserLocation Location(BinaryReader r) => new(r.ReadUInt16(), r.ReadUInt32());

    static void Header(BinaryWriter w, IGtpControlMessage m) { w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write(m.Teid); w.Write(m.SequenceNumber); }

    public void Register(SchemaRegistry schemas)
    {
        schemas.RegisterSignal<CreateSessionRequest>("CreateSessionRequest.v1", (w, m) =>
        {
            Header(w, m); w.Mn(m.Imsi); Teid(w, m.SenderControl); w.Write(m.Ebi); Location(w, m.Location);
            Teid(w, m.PgwControl); Teid(w, m.S1uEnodeB); Teid(w, m.S5S8uSgw); Teid(w, m.S5S8uPgw); w.Prefix(m.Paa);
        }, r => new CreateSessionRequest(r.Procedure(), r.Time(), r.ReadUInt32(), r.ReadUInt32(), r.Mn(), Teid(r)!.Value, r.ReadByte(), Location(r))
        {
            PgwControl = Teid(r), S1uEnodeB = Teid(r), S5S8uSgw = Teid(r), S5S8uPgw = Teid(r), Paa = r.Prefix(),
        });
        schemas.RegisterSignal<CreateSessionResponse>("CreateSessionResponse.v1", (w, m) =>
        {
            Header(w, m); w.Write((byte)m.Cause); Teid(w, m.SenderControl); Teid(w, m.PgwControl); w.Prefix(m.Paa);
            w.Write(m.Ebi); w.Write((byte)m.BearerCause); Teid(w, m.S1uSgw); Teid(w, m.S5S8uPgw);
        }, r => new CreateSessionResponse(r.Procedure(), r.Time(), r.ReadUInt32(), r.ReadUInt32(), (GtpCause)r.ReadByte())
        {
            SenderControl = Teid(r), PgwControl = Teid(r), Paa = r.Prefix(), Ebi = r.ReadByte(), BearerCause = (GtpCause)r.ReadByte(),
            S1uSgw = Teid(r), S5S8uPgw = Teid(r),
        });
        schemas.RegisterSignal<ModifyBearerRequest>("ModifyBearerRequest.v1", (w, m) =>
        {
            Header(w, m); w.Write(m.Ebi); Teid(w, m.SenderControl);
            w.Write(m.Location.HasValue);
            if (m.Location is { } l) Location(w, l);
            Teid(w, m.S1uEnodeB); Teid(w, m.S5S8uSgw);
        }, r => new ModifyBearerRequest(r.Procedure(), r.Time(), r.ReadUInt32(), r.ReadUInt32(), r.ReadByte())
        {
            SenderControl = Teid(r), Location = r.ReadBoolean() ? Location(r) : null, S1uEnodeB = Teid(r), S5S8uSgw = Teid(r),
        });
        schemas.RegisterSignal<ModifyBearerResponse>("ModifyBearerResponse.v1", (w, m) =>
        {
            Header(w, m); w.Write((byte)m.Cause); w.Write(m.Ebi); w.Write((byte)m.BearerCause); Teid(w, m.S1uSgw);
        }, r => new ModifyBearerResponse(r.Procedure(), r.Time(), r.ReadUInt32(), r.ReadUInt32(), (GtpCause)r.ReadByte(), r.ReadByte())
        {
            BearerCause = (GtpCause)r.ReadByte(), S1uSgw = Teid(r),
        });
        schemas.RegisterSignal<DeleteSessionRequest>("DeleteSessionRequest.v1", (w, m) =>
        {
            Header(w, m); w.Write(m.LinkedEbi); w.Write(m.ScopeIndication); w.Write(m.OperationIndication);
        }, r => new DeleteSessionRequest(r.Procedure(), r.Time(), r.ReadUInt32(), r.ReadUInt32(), r.ReadByte())
        {
            ScopeIndication = r.ReadBoolean(), OperationIndication = r.ReadBoolean(),
        });
        schemas.RegisterSignal<DeleteSessionResponse>("DeleteSessionResponse.v1", (w, m) =>
        {
            Header(w, m); w.Write((byte)m.Cause);
        }, r => new DeleteSessionResponse(r.Procedure(), r.Time(), r.ReadUInt32(), r.ReadUInt32(), (GtpCause)r.ReadByte()));
        schemas.RegisterSignal<GatewayQuery>("GatewayQuery.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write(m.Id); w.Write(m.TrackingAreaCode); w.Write((byte)m.Service);
        }, r => new GatewayQuery(r.Procedure(), r.Time(), r.ReadUInt16(), r.ReadUInt16(), (GatewayService)r.ReadByte()));
        schemas.RegisterSignal<GatewayAnswer>("GatewayAnswer.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write(m.Id); w.Write(m.TrackingAreaCode); w.Write((byte)m.Service);
            w.List(m.Candidates, c => { w.Endpoint(c.Node); w.Write(c.Order); w.Write(c.Preference); });
        }, r => new GatewayAnswer(r.Procedure(), r.Time(), r.ReadUInt16(), r.ReadUInt16(), (GatewayService)r.ReadByte(),
            r.List(() => new GatewayCandidate(r.Endpoint(), r.ReadUInt16(), r.ReadUInt16()))));
        schemas.RegisterSignal<S1apMessage>("S1apMessage.v2", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write((byte)m.Code); w.Write((byte)m.Pdu); w.Mn(m.Ue); w.Write(m.Enb);
            w.Write(m.Location.HasValue);
            if (m.Location is { } l) Location(w, l);
            Teid(w, m.Bearer); w.Prefix(m.Paa);
            w.Write(m.LocalGateway.HasValue);
            if (m.LocalGateway is { } g) w.Endpoint(g);
            w.Prefix(m.LocalPaa);
        }, r => new S1apMessage(r.Procedure(), r.Time(), (S1apProcedure)r.ReadByte(), (S1apPdu)r.ReadByte(), r.Mn(), r.ReadInt32())
        {
            Location = r.ReadBoolean() ? Location(r) : null, Bearer = Teid(r), Paa = r.Prefix(),
            LocalGateway = r.ReadBoolean() ? r.Endpoint() : null, LocalPaa = r.Prefix(),
        });
    }
}
