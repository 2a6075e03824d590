using DmmActors.Metrics;

namespace DmmActors.Reports;

/// <summary>
/// What one of RFC 6705's cases showed: the probes, their path stretch and anchors crossed; the
/// packets delivered, probes and flows, and the share of them that crossed no anchor.
/// </summary>
public sealed record PeerCaseFigures(long Probes, double StretchMean, double AnchorsPerProbe, long Packets, double AnchorBypassShare);

/// <summary>
/// Sessions between mobile nodes (traffic.mn-to-mn-share): the probes a peer sent, their path
/// stretch against the direct path between the two, the share that crossed no anchor (bypassed
/// the LMA, RFC 6705), each figure overall and by where the two stood (<see cref="PeerCase"/>),
/// and the packets a peer could not send, having no address then (not yet attached, or between links).
/// </summary>
public sealed record PeerTrafficSummary(PeerCaseFigures All, IReadOnlyDictionary<PeerCase, PeerCaseFigures> ByCase, long Unsent, long ProbesLost = 0)
{
    public static readonly PeerTrafficSummary None = new(new PeerCaseFigures(0, 0, 0, 0, 0), new Dictionary<PeerCase, PeerCaseFigures>(), 0);

    public bool Any => All.Packets > 0 || Unsent > 0;

    static readonly PeerCase[] Cases = [PeerCase.A11, PeerCase.A12, PeerCase.A21, PeerCase.A22];

    public static PeerTrafficSummary From(IReadOnlyList<PathRecord> paths, RunCounters counters, long unsent)
    {
        var probes = paths.Where(p => p.Case != PeerCase.None).ToArray();
        var byCase = Cases.Select(c => (Case: c, Packets: Packets(counters, c))).Where(c => c.Packets.Delivered > 0)
            .ToDictionary(c => c.Case, c => Figures(probes.Where(p => p.Case == c.Case).ToArray(), c.Packets));
        var all = (Cases.Sum(c => Packets(counters, c).Delivered), Cases.Sum(c => Packets(counters, c).NoAnchor));
        return new(Figures(probes, all), byCase, unsent, counters[Counter.PeerProbesLost]);
    }

    static (long Delivered, long NoAnchor) Packets(RunCounters counters, PeerCase c)
    {
        var (delivered, noAnchor) = PathRecord.PacketCounters(c);
        return (counters[delivered], counters[noAnchor]);
    }

    static PeerCaseFigures Figures(PathRecord[] probes, (long Delivered, long NoAnchor) packets) =>
        new(probes.Length, probes.Length == 0 ? 0 : probes.Average(p => p.Stretch), probes.Length == 0 ? 0 : probes.Average(p => p.Anchors),
            packets.Delivered, packets.Delivered == 0 ? 0 : packets.NoAnchor / (double)packets.Delivered);
}

/// <summary>RFC 6705: local routes set up by case (A11, A12, A21), those refused, and the LRIs and LRAs each case cost.</summary>
public sealed record LocalRoutingSummary(long SetUpA11, long SetUpA12, long SetUpA21, long Refused, long MessagesA11, long MessagesA12, long MessagesA21)
{
    public bool Any => SetUpA11 + SetUpA12 + SetUpA21 + Refused + MessagesA11 + MessagesA12 + MessagesA21 > 0;

    public static LocalRoutingSummary From(RunCounters c) => new(c[Counter.LocalRoutesA11], c[Counter.LocalRoutesA12], c[Counter.LocalRoutesA21],
        c[Counter.LocalRoutesRefused], c[Counter.LocalRoutingMessagesA11], c[Counter.LocalRoutingMessagesA12], c[Counter.LocalRoutingMessagesA21]);
}
