using DmmActors.Addressing;

namespace DmmActors.Protocol;

// Multicast Listener Discovery (MLDv2, RFC 3810) as the PMIPv6 multicast documents use it:
// listeners report to their access router, whose MLD proxy reports upstream (RFC 6224 §4.2).

/// <summary>
/// The General Query (RFC 3810 §5.1) an access router sends on a node's link when it sees the
/// node arrive (RFC 6224 §3, §4.2): a node that moved does not report unsolicited, so this is
/// how the router learns what it listens to. Listeners answer within <see cref="MaximumResponseDelay"/>.
/// </summary>
public sealed record MldQuery(ProcedureRef Procedure, ModelTime SentAt, int AccessRouter, ModelTime MaximumResponseDelay) : Signal
{
    public override SignalType Type => SignalType.MldQuery;
}

/// <summary>A listener's report (RFC 3810 §5.2) to its access router: it listens to <see cref="Groups"/>.</summary>
public sealed record MldReport(ProcedureRef Procedure, ModelTime SentAt, MnIdentifier MnId, IReadOnlyList<int> Groups) : Signal
{
    public override SignalType Type => SignalType.MldReport;
}

/// <summary>
/// The MLD proxy's report on its upstream interface (RFC 4605 §4.1): join a group when its
/// first downstream listener appears, leave when the last goes.
/// </summary>
/// <remarks><see cref="Tunnel"/> is the node whose own tunnel carries the report (MIPv6 home subscription, RFC 6275 §10.4.1), or -1 for the router's shared tunnel.</remarks>
public sealed record MldProxyReport(ProcedureRef Procedure, ModelTime SentAt, int AccessRouter, int Tunnel, int Group, bool Join) : Signal
{
    public override SignalType Type => SignalType.MldProxyReport;
}

/// <summary>
/// One packet of a group's stream, sent by its source at <see cref="SentAt"/>; on the last leg
/// it says which upstream interface of the access router it came through.
/// </summary>
public sealed record MulticastPacket(int Group, int Sequence, ModelTime SentAt, ModelTime PathDelay, int ViaRouter, int ViaTunnel) : IDmmMessage
{
    public ModelTime ArrivesAt => SentAt + PathDelay;
}
