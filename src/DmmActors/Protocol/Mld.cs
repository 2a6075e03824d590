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

    /// <summary>What the Maximum Response Code can say: the delay the listener uses is the one on the wire.</summary>
    public ModelTime MaximumResponseDelay { get => delay; init => delay = MaximumResponseCode.Representable(value); }
    readonly ModelTime delay = MaximumResponseCode.Representable(MaximumResponseDelay);
}

/// <summary>
/// RFC 3810 §5.1.3: the Maximum Response Code, in milliseconds below 32768; above, a 1 bit, 3 bits
/// of exponent and 12 of mantissa, the delay being (mantissa | 0x1000) &lt;&lt; (exponent + 3) ms.
/// </summary>
public static class MaximumResponseCode
{
    public static ushort Of(ModelTime delay)
    {
        var ms = delay.Microseconds / 1000;
        if (ms < 32768) return (ushort)ms;
        int exp = 0;
        while (exp < 7 && ms >> (exp + 3) >= 0x2000) exp++;
        return (ushort)(0x8000 | exp << 12 | (int)(ms >> (exp + 3)) & 0xFFF);
    }

    public static ModelTime Delay(ushort code) =>
        ModelTime.FromMilliseconds(code < 0x8000 ? code : ((code & 0xFFF) | 0x1000) << (((code >> 12) & 7) + 3));

    public static ModelTime Representable(ModelTime delay) => Delay(Of(delay));
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
