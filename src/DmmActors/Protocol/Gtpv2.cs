using DmmActors.Addressing;

namespace DmmActors.Protocol;

/// <summary>GTPv2-C Cause values (TS 29.274 §8.4, Table 8.4-1): 16 and 17 accept, from 64 a rejection.</summary>
public enum GtpCause : byte
{
    RequestAccepted = 16,
    ContextNotFound = 64,
    NoResourcesAvailable = 73,
    RequestRejected = 94,
    RemotePeerNotResponding = 100,
}

/// <summary>F-TEID interface types (TS 29.274 §8.22, Table 8.22-1): which interface, and which end of it, a tunnel endpoint is.</summary>
public enum GtpInterface : byte
{
    S1uEnodeB = 0,
    S1uSgw = 1,
    S5S8uSgw = 4,
    S5S8uPgw = 5,
    S5S8cSgw = 6,
    S5S8cPgw = 7,
    S11Mme = 10,
    S11Sgw = 11,
}

/// <summary>
/// A fully qualified TEID (TS 29.274 §8.22): the interface, the tunnel endpoint identifier the
/// receiver of the tunnel's packets chose, and the node whose IPv6 address ends the tunnel.
/// </summary>
public readonly record struct FullyQualifiedTeid(GtpInterface Interface, uint Teid, Endpoint Node);

/// <summary>
/// The TEID a tunnel's receiving end chose for a UE's default bearer, which its F-TEIDs carry and
/// its G-PDUs name (TS 29.281 §5.1): one per UE at each node, never 0, which §5.1 keeps for
/// messages that belong to no tunnel.
/// </summary>
public static class GtpTeids
{
    public static uint Bearer(MnIdentifier mn) => (uint)mn.Index + 1;
}

/// <summary>
/// User Location Information (TS 29.274 §8.21.4, §8.21.5): the UE's tracking area (TAI) and
/// E-UTRAN cell (ECGI, a 28-bit cell identity), both in the emulated network's PLMN.
/// </summary>
public readonly record struct UserLocation(ushort TrackingAreaCode, uint EutranCellId)
{
    /// <summary>TS 36.413 §9.2.1.38: the 28-bit E-UTRAN cell identity.</summary>
    public const uint MaxCellId = (1u << 28) - 1;
}

/// <summary>
/// What every GTPv2-C message of a session carries in its header (TS 29.274 §5.5.1): the TEID
/// the receiver chose for the session's control plane (0 where it has none yet, §5.5.2) and the
/// sequence number its response copies (§7.6).
/// </summary>
public interface IGtpControlMessage : ISignal
{
    uint Teid { get; }
    uint SequenceNumber { get; }
}

/// <summary>
/// Create Session Request (TS 29.274 §7.2.1): an MME asks an SGW, or an SGW a PGW, for a PDN
/// connection's session and its default bearer <paramref name="Ebi"/>, for the UE whose IMSI is
/// <paramref name="Imsi"/>; the sender's control-plane endpoint goes with it, and the user-plane
/// endpoints already known (the eNB's at an X2 handover with SGW relocation, the SGW's towards the PGW).
/// </summary>
public sealed record CreateSessionRequest(
    ProcedureRef Procedure,
    ModelTime SentAt,
    uint Teid,
    uint SequenceNumber,
    MnIdentifier Imsi,
    FullyQualifiedTeid SenderControl,
    byte Ebi,
    UserLocation Location) : Signal, IGtpControlMessage
{
    public override SignalType Type => SignalType.CreateSessionRequest;

    /// <summary>The PGW S5/S8 address for the control plane (instance 1): on S11 the PGW the MME selected.</summary>
    public FullyQualifiedTeid? PgwControl { get; init; }

    /// <summary>Bearer Context to be created: the S1-U eNodeB F-TEID (instance 0), S5/S8-U SGW (instance 2), S5/S8-U PGW (instance 3).</summary>
    public FullyQualifiedTeid? S1uEnodeB { get; init; }
    public FullyQualifiedTeid? S5S8uSgw { get; init; }
    public FullyQualifiedTeid? S5S8uPgw { get; init; }

    /// <summary>The PDN Address Allocation (§8.14): all zero at an attach, for the PGW to allocate; the UE's prefix where it is kept.</summary>
    public Prefix64 Paa { get; init; }
}

/// <summary>Create Session Response (TS 29.274 §7.2.2).</summary>
public sealed record CreateSessionResponse(
    ProcedureRef Procedure,
    ModelTime SentAt,
    uint Teid,
    uint SequenceNumber,
    GtpCause Cause) : Signal, IGtpControlMessage
{
    public override SignalType Type => SignalType.CreateSessionResponse;

    public bool Accepted => Cause == GtpCause.RequestAccepted;

    /// <summary>The responder's control-plane F-TEID (instance 0), and on S11 the PGW's (instance 1).</summary>
    public FullyQualifiedTeid? SenderControl { get; init; }
    public FullyQualifiedTeid? PgwControl { get; init; }

    /// <summary>The UE's IPv6 prefix the PGW allocated (§8.14).</summary>
    public Prefix64 Paa { get; init; }

    /// <summary>Bearer Context created: its EBI, its own Cause, the S1-U SGW F-TEID (instance 0) and the S5/S8-U PGW F-TEID (instance 2).</summary>
    public byte Ebi { get; init; }
    public GtpCause BearerCause { get; init; } = GtpCause.RequestAccepted;
    public FullyQualifiedTeid? S1uSgw { get; init; }
    public FullyQualifiedTeid? S5S8uPgw { get; init; }
}

/// <summary>
/// Modify Bearer Request (TS 29.274 §7.2.7): the MME points the SGW's downlink at the eNB the UE
/// is on now (X2 or S1 handover), or a new SGW points the PGW's downlink at itself.
/// </summary>
public sealed record ModifyBearerRequest(
    ProcedureRef Procedure,
    ModelTime SentAt,
    uint Teid,
    uint SequenceNumber,
    byte Ebi) : Signal, IGtpControlMessage
{
    public override SignalType Type => SignalType.ModifyBearerRequest;

    /// <summary>The sender's control-plane F-TEID (instance 0): a new SGW's towards the PGW.</summary>
    public FullyQualifiedTeid? SenderControl { get; init; }
    public UserLocation? Location { get; init; }

    /// <summary>Bearer Context to be modified: the S1-U eNodeB F-TEID (instance 0), the S5/S8-U SGW F-TEID (instance 1).</summary>
    public FullyQualifiedTeid? S1uEnodeB { get; init; }
    public FullyQualifiedTeid? S5S8uSgw { get; init; }
}

/// <summary>Modify Bearer Response (TS 29.274 §7.2.8).</summary>
public sealed record ModifyBearerResponse(
    ProcedureRef Procedure,
    ModelTime SentAt,
    uint Teid,
    uint SequenceNumber,
    GtpCause Cause,
    byte Ebi) : Signal, IGtpControlMessage
{
    public override SignalType Type => SignalType.ModifyBearerResponse;

    public bool Accepted => Cause == GtpCause.RequestAccepted;

    /// <summary>Bearer Context modified: its own Cause and the S1-U SGW F-TEID (instance 0).</summary>
    public GtpCause BearerCause { get; init; } = GtpCause.RequestAccepted;
    public FullyQualifiedTeid? S1uSgw { get; init; }
}

/// <summary>
/// Delete Session Request (TS 29.274 §7.2.9.1) for the PDN connection of the default bearer
/// <paramref name="LinkedEbi"/>. After a handover with SGW relocation the MME sends it to the source
/// SGW with the Scope Indication set and the Operation Indication clear, so that it goes no further
/// than that SGW (§8.12: SI, OI).
/// </summary>
public sealed record DeleteSessionRequest(
    ProcedureRef Procedure,
    ModelTime SentAt,
    uint Teid,
    uint SequenceNumber,
    byte LinkedEbi) : Signal, IGtpControlMessage
{
    public override SignalType Type => SignalType.DeleteSessionRequest;

    public bool ScopeIndication { get; init; }
    public bool OperationIndication { get; init; }
}

/// <summary>Delete Session Response (TS 29.274 §7.2.10.1).</summary>
public sealed record DeleteSessionResponse(
    ProcedureRef Procedure,
    ModelTime SentAt,
    uint Teid,
    uint SequenceNumber,
    GtpCause Cause) : Signal, IGtpControlMessage
{
    public override SignalType Type => SignalType.DeleteSessionResponse;
}
