using DmmActors.Addressing;

namespace DmmActors.Protocol;

// Neighbor Discovery (RFC 4861) as the mobile node sees it on its access link.

/// <summary>RFC 4861 §4.1. Sent by the node when its link comes up; the MAG takes it as an attach trigger (RFC 5213 §6.9.2).</summary>
public sealed record RouterSolicitation(ProcedureRef Procedure, ModelTime SentAt, MnIdentifier MnId) : ISignal
{
    public SignalType Type => SignalType.RouterSolicitation;
}

/// <summary>
/// RFC 4861 §4.2. In PMIPv6 it carries the node's home network prefix, emulating the home
/// link (RFC 5213 §6.7); in MIPv6 it carries the access router's own prefix, from which the
/// node forms its care-of address.
/// </summary>
public sealed record RouterAdvertisement(ProcedureRef Procedure, ModelTime SentAt, int AccessRouter, Prefix64 Prefix) : ISignal
{
    public SignalType Type => SignalType.RouterAdvertisement;
}

/// <summary>Loss of the radio link to an access router; an L2 trigger, not IP signalling.</summary>
public sealed record LinkDown(ProcedureRef Procedure, ModelTime At, MnIdentifier MnId) : IDmmMessage;
