using DmmActors.Addressing;

namespace DmmActors.Protocol;

/// <summary>The S1-AP elementary procedures the emulator's eNBs and MME run (TS 36.413 §9.3.7, procedure codes).</summary>
public enum S1apProcedure : byte
{
    /// <summary>Handover Required, and its Handover Command or Handover Preparation Failure (§8.4.1).</summary>
    HandoverPreparation = 0,
    /// <summary>Handover Request, and its Acknowledge (§8.4.2).</summary>
    HandoverResourceAllocation = 1,
    /// <summary>Handover Notify (§8.4.3).</summary>
    HandoverNotification = 2,
    PathSwitchRequest = 3,
    InitialContextSetup = 9,
    DownlinkNasTransport = 11,
    InitialUeMessage = 12,
    /// <summary>UE Context Release Command, and its Complete (§8.3.3).</summary>
    UeContextRelease = 23,
}

/// <summary>Which of the three S1AP-PDU choices a message is (TS 36.413 §9.3.2): a request, its success, or its failure.</summary>
public enum S1apPdu : byte
{
    InitiatingMessage = 0,
    SuccessfulOutcome = 1,
    UnsuccessfulOutcome = 2,
}

/// <summary>
/// An S1-AP message between an eNB and the MME, kept at the level of its elementary procedure
/// (TS 36.413 §8) and the state it moves: the UE it is about, the eNB, the UE's location, the
/// E-RAB's user-plane endpoint (the eNB's or the SGW's S1-U F-TEID) and the UE's PDN address.
/// The NAS messages it carries (Attach Request, Attach Accept, Attach Reject) are named by the
/// procedure, not encoded: there is no NAS security and no radio.
/// </summary>
public sealed record S1apMessage(ProcedureRef Procedure, ModelTime SentAt, S1apProcedure Code, S1apPdu Pdu, MnIdentifier Ue, int Enb) : Signal
{
    public override SignalType Type => SignalType.S1ap;

    /// <summary>TAI and ECGI (TS 36.413 §9.2.3.16, §9.2.1.38): where the UE is, in an Initial UE Message and a Path Switch Request.</summary>
    public UserLocation? Location { get; init; }

    /// <summary>The E-RAB's transport layer address and GTP-TEID (§9.2.2.1, §9.2.2.2): the eNB's downlink endpoint, or the SGW's uplink one.</summary>
    public FullyQualifiedTeid? Bearer { get; init; }

    /// <summary>
    /// The UE's IPv6 prefix, which the MME holds from the Create Session Response (TS 23.401 §5.7.2):
    /// in the Attach Accept of an Initial Context Setup Request, and, as the emulator's stand-in for
    /// the UE keeping its address across the move, in a Path Switch Request Acknowledge.
    /// </summary>
    public Prefix64 Paa { get; init; }

    /// <summary>
    /// GW Transport Layer Address (TS 36.413 §9.1.7.1, §9.2.2.1): the address of the L-GW collocated
    /// with a HeNB, which the HeNB names in its Initial UE Message, and in its Path Switch Request,
    /// as the LHN ID is named (§9.1.5.8), for the MME to set up a LIPA PDN connection (TS 23.401 §4.3.16).
    /// </summary>
    public Endpoint? LocalGateway { get; init; }

    /// <summary>The prefix of the UE's PDN connection at a local gateway (SIPTO or LIPA), beside <see cref="Paa"/>'s at the PGW; none where it has none.</summary>
    public Prefix64 LocalPaa { get; init; }
}
