using DmmActors.Addressing;

namespace DmmActors.Protocol;

// Multicast Listener Discovery (MLDv2, RFC 3810) as the PMIPv6 multicast documents use it:
// listeners report to their access router, whose MLD proxy reports upstream (RFC 6224 §4.2).

/// <summary>
/// A General Query (RFC 3810 §5.1) on a node's point-to-point link (RFC 5213 §6.9.1): the
/// router sends one when it sees the node arrive (RFC 6224 §3, §4.2), since a node that moved
/// does not report unsolicited, and then one every <see cref="QueryInterval"/> while the link is
/// up (§7.1). Listeners answer within <see cref="MaximumResponseDelay"/>.
/// </summary>
public sealed record MldQuery(ProcedureRef Procedure, ModelTime SentAt, int AccessRouter, ModelTime MaximumResponseDelay) : Signal
{
    public override SignalType Type => SignalType.MldQuery;

    /// <summary>What the Maximum Response Code can say: the delay the listener uses is the one on the wire.</summary>
    public ModelTime MaximumResponseDelay { get => delay; init => delay = MaximumResponseCode.Representable(value); }
    readonly ModelTime delay = MaximumResponseCode.Representable(MaximumResponseDelay);

    /// <summary>RFC 3810 §9.2: the querier's Query Interval, as its QQIC says it (§5.1.9).</summary>
    public ModelTime QueryInterval { get => interval; init => interval = QueryIntervalCode.Representable(value); }
    ModelTime interval = DefaultQueryInterval;

    /// <summary>RFC 3810 §9.1: the querier's Robustness Variable, the QRV field (3 bits, §5.1.8).</summary>
    public int Robustness { get; init; } = DefaultRobustness;

    public static readonly ModelTime DefaultQueryInterval = ModelTime.FromSeconds(125);
    public const int DefaultRobustness = 2;

    /// <summary>
    /// The General Queries the querier sends on the same link after this one, every Query
    /// Interval, before <paramref name="until"/>: while the link lasts (RFC 3810 §7.1). The
    /// router sends them by this rule, and a listener counts on it to know which are still to come.
    /// </summary>
    public IEnumerable<MldQuery> Following(ModelTime until)
    {
        // A QQIC of 0 says no interval: no periodic query follows.
        if (QueryInterval <= ModelTime.Zero) yield break;
        for (var at = SentAt + QueryInterval; at < until; at += QueryInterval) yield return this with { SentAt = at };
    }

    /// <summary>Whether <paramref name="query"/> is one of the periodic queries that follow this one on its link.</summary>
    public bool IsFollowedBy(MldQuery query) =>
        QueryInterval > ModelTime.Zero && query.SentAt > SentAt && (query.SentAt - SentAt).Microseconds % QueryInterval.Microseconds == 0;
}

/// <summary>
/// RFC 3810 §5.1.3, §5.1.9: a value in a fixed-point code: below 2^(m+3) the code is the value;
/// above, a 1 bit, 3 bits of exponent and m of mantissa, the value being (mantissa | 2^m) &lt;&lt; (exponent + 3).
/// </summary>
static class FloatingCode
{
    public static long Of(long value, int mantissaBits)
    {
        if (value < 1L << (mantissaBits + 3)) return value;
        int exp = 0;
        while (exp < 7 && value >> (exp + 3) >= 1L << (mantissaBits + 1)) exp++;
        var mantissa = (value >> (exp + 3)) & ((1L << mantissaBits) - 1);
        return 1L << (mantissaBits + 3) | (long)exp << mantissaBits | mantissa;
    }

    public static long Value(long code, int mantissaBits) =>
        code < 1L << (mantissaBits + 3) ? code
            : ((code & ((1L << mantissaBits) - 1)) | 1L << mantissaBits) << (int)(((code >> mantissaBits) & 7) + 3);
}

/// <summary>RFC 3810 §5.1.3: the Maximum Response Code, in milliseconds, with 12 bits of mantissa.</summary>
public static class MaximumResponseCode
{
    public static ushort Of(ModelTime delay) => (ushort)FloatingCode.Of(delay.Microseconds / 1000, 12);

    public static ModelTime Delay(ushort code) => ModelTime.FromMilliseconds(FloatingCode.Value(code, 12));

    public static ModelTime Representable(ModelTime delay) => Delay(Of(delay));
}

/// <summary>RFC 3810 §5.1.9: the Querier's Query Interval Code, in seconds, with 4 bits of mantissa (at most 31744 s).</summary>
public static class QueryIntervalCode
{
    public static readonly ModelTime Largest = ModelTime.FromSeconds(31_744);

    public static byte Of(ModelTime interval) => (byte)FloatingCode.Of(interval.Microseconds / 1_000_000, 4);

    public static ModelTime Interval(byte code) => ModelTime.FromSeconds(FloatingCode.Value(code, 4));

    public static ModelTime Representable(ModelTime interval) => Interval(Of(interval));
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
