using DmmActors.Addressing;

namespace DmmActors.Protocol;

// Fast handovers for Mobile IPv6 (RFC 5568): what a mobile node and its previous (PAR) and new
// (NAR) access routers exchange. A care-of address is named, as bindings name it, by the access
// router whose prefix it is on (CareOfAddress): the node's previous care-of address (PCoA) by
// its PAR, its new one (NCoA) by the router whose prefix it was formed on.

/// <summary>
/// RtSolPr (RFC 5568 §6.1.1): the node, on its PAR's link, asks about the access point its link
/// layer is about to move to, named by the AP's link-layer address (the emulator's APs are one per router).
/// </summary>
public sealed record RouterSolicitationForProxyAdvertisement(
    ProcedureRef Procedure,
    ModelTime SentAt,
    MnIdentifier MnId,
    int PreviousAccessRouter,
    int NewAccessPoint) : Signal
{
    public override SignalType Type => SignalType.RouterSolicitationForProxyAdvertisement;
}

/// <summary>
/// PrRtAdv (RFC 5568 §6.1.2): the PAR's answer. Code 0 with the NAR's link-layer address, IP
/// address and prefix; code 2 where it knows no router behind the AP (the NAP-LLA option's code 6),
/// and the node then hands over without a fast handover from this link.
/// </summary>
public sealed record ProxyRouterAdvertisement(
    ProcedureRef Procedure,
    ModelTime SentAt,
    MnIdentifier MnId,
    int PreviousAccessRouter,
    int NewAccessPoint,
    int NewAccessRouter) : Signal
{
    public override SignalType Type => SignalType.ProxyRouterAdvertisement;

    /// <summary>RFC 5568 §6.1.2: 0, use the [AP-ID, AR-Info] tuple; 2, no new router information.</summary>
    public byte Code => NewAccessRouter < 0 ? (byte)2 : (byte)0;

    public bool Known => NewAccessRouter >= 0;
}

/// <summary>
/// FBU (RFC 5568 §6.2.2): the node asks its PAR to tunnel what comes for its PCoA to its NCoA.
/// Sent from the PAR's link (source the PCoA, the NCoA in the Alternate Care-of Address option:
/// predictive) or from the NAR's link (source the NCoA, by way of the NAR: reactive, §5.2).
/// </summary>
public sealed record FastBindingUpdate(
    ProcedureRef Procedure,
    ModelTime SentAt,
    MnIdentifier MnId,
    int PreviousAccessRouter,
    int NewCareOf,
    ushort SequenceNumber,
    ushort LifetimeUnits) : Signal
{
    public override SignalType Type => SignalType.FastBindingUpdate;

    /// <summary>Sent from the NAR's link, its source the NCoA.</summary>
    public bool FromNewLink { get; init; }
}

/// <summary>RFC 5568 §6.2.3: the FBack's status.</summary>
public enum FastBindingStatus : byte
{
    Accepted = 0,
    /// <summary>Accepted, but the NCoA is invalid: use the one supplied in the Alternate Care-of Address option.</summary>
    AcceptedUseSuppliedCareOf = 1,
    ReasonUnspecified = 128,
    AdministrativelyProhibited = 129,
    InsufficientResources = 130,
}

/// <summary>
/// FBack (RFC 5568 §6.2.3): the PAR's answer, sent to the NCoA through the tunnel and, predictive,
/// to the PCoA on its own link as well (§3.2, Figure 2).
/// </summary>
public sealed record FastBindingAcknowledgement(
    ProcedureRef Procedure,
    ModelTime SentAt,
    FastBindingStatus Status,
    MnIdentifier MnId,
    int PreviousAccessRouter,
    int NewCareOf,
    ushort SequenceNumber,
    ushort LifetimeUnits) : Signal
{
    public override SignalType Type => SignalType.FastBindingAcknowledgement;

    /// <summary>The copy to the NCoA, which the PAR tunnels to the NAR; the other goes to the PCoA.</summary>
    public bool ToNewCareOf { get; init; }

    public bool Accepted => Status is FastBindingStatus.Accepted or FastBindingStatus.AcceptedUseSuppliedCareOf;
}

/// <summary>RFC 5568 §6.2.1.1: what the PAR had when it sent the HI.</summary>
public enum FastHandoverInitiateCode : byte
{
    /// <summary>An FBU whose source was the PCoA: predictive.</summary>
    FromPreviousCareOf = 0,
    /// <summary>An FBU whose source was not the PCoA: reactive.</summary>
    FromElsewhere = 1,
}

/// <summary>RFC 5568 §6.2.1.2: the HAck's code.</summary>
public enum HandoverAcknowledgeCode : byte
{
    Accepted = 0,
    AcceptedNewCareOfNotValid = 1,
    AcceptedNewCareOfAssigned = 2,
    AcceptedUsePreviousCareOf = 3,
    NotAccepted = 128,
    AdministrativelyProhibited = 129,
    InsufficientResources = 130,
}

/// <summary>
/// HI in the form of RFC 5568 §6.2.1.1 (mobility header type 14, P flag clear), PAR to NAR: the
/// node's PCoA and NCoA, its link-layer address, and with U set the request that the NAR buffer
/// the node's packets until it arrives (§5.4).
/// </summary>
public sealed record FastHandoverInitiate(
    ProcedureRef Procedure,
    ModelTime SentAt,
    MnIdentifier MnId,
    int PreviousAccessRouter,
    int NewAccessRouter,
    FastHandoverInitiateCode Code,
    bool BufferRequested,
    int NewCareOf) : Signal
{
    public override SignalType Type => SignalType.HandoverInitiate;
}

/// <summary>HAck in the form of RFC 5568 §6.2.1.2 (mobility header type 15), NAR to PAR; <see cref="NewCareOf"/> the NCoA it confirmed or assigned.</summary>
public sealed record FastHandoverAcknowledge(
    ProcedureRef Procedure,
    ModelTime SentAt,
    MnIdentifier MnId,
    int PreviousAccessRouter,
    int NewAccessRouter,
    HandoverAcknowledgeCode Code,
    int NewCareOf) : Signal
{
    public override SignalType Type => SignalType.HandoverAcknowledge;

    public bool Accepted => Code < HandoverAcknowledgeCode.NotAccepted;
}

/// <summary>
/// UNA (RFC 5568 §6.3): an unsolicited Neighbor Advertisement from the NCoA, flags R, S and O
/// clear, as the node's link comes up at the NAR: the NAR delivers what it buffered.
/// </summary>
public sealed record UnsolicitedNeighborAdvertisement(
    ProcedureRef Procedure,
    ModelTime SentAt,
    MnIdentifier MnId,
    int NewAccessRouter) : Signal
{
    public override SignalType Type => SignalType.UnsolicitedNeighborAdvertisement;
}
