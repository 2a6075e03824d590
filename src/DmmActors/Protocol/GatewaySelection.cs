using DmmActors.Addressing;

namespace DmmActors.Protocol;

/// <summary>The gateway a query looks for (TS 29.303 §6.3, Table 19.4.3-1 of TS 23.003): its S-NAPTR application service and protocol.</summary>
public enum GatewayService : byte
{
    /// <summary>x-3gpp-sgw:x-s5-gtp: an SGW.</summary>
    Sgw,
    /// <summary>x-3gpp-pgw:x-s5-gtp: a PGW for the UE's PDN connection, the central IP anchor.</summary>
    Pgw,
    /// <summary>
    /// x-3gpp-pgw:x-s5-gtp for an APN that allows SIPTO (TS 23.401 §4.3.15.2; TS 29.303 §5.6): the
    /// PGWs collocated with SGWs, near the UE's tracking area, found by the same tracking-area name.
    /// </summary>
    LocalPgw,
}

/// <summary>One NAPTR record of an answer (RFC 3403 §4.1): a gateway, in the order and preference the client tries them.</summary>
public readonly record struct GatewayCandidate(Endpoint Node, ushort Order, ushort Preference);

/// <summary>
/// An S-NAPTR query (RFC 3958, TS 29.303 §4.3.2): the NAPTR records of the tracking area's FQDN
/// (TS 23.003 §19.4.2.3), asked by an MME of the DNS for the gateways that serve the UE's tracking area.
/// </summary>
public sealed record GatewayQuery(ProcedureRef Procedure, ModelTime SentAt, ushort Id, ushort TrackingAreaCode, GatewayService Service) : Signal
{
    public override SignalType Type => SignalType.GatewayQuery;
}

/// <summary>The DNS's answer to <see cref="GatewayQuery"/> <paramref name="Id"/>: the gateways with the service, each a NAPTR record and its AAAA record.</summary>
public sealed record GatewayAnswer(ProcedureRef Procedure, ModelTime SentAt, ushort Id, ushort TrackingAreaCode, GatewayService Service,
    IReadOnlyList<GatewayCandidate> Candidates) : Signal
{
    public override SignalType Type => SignalType.GatewayAnswer;
}
