using DmmActors.Metrics;

namespace DmmActors.Reports;

/// <summary>What the probes of one of RFC 6705's cases showed: how many, their path stretch, and how many crossed no anchor.</summary>
public sealed record PeerCaseFigures(long Probes, double StretchMean, double AnchorBypassShare, double AnchorsPerProbe);

/// <summary>
/// Sessions between mobile nodes (traffic.mn-to-mn-share): the probes a peer sent, their path
/// stretch against the direct path between the two, the share that crossed no anchor (bypassed
/// the LMA, RFC 6705), each figure overall and by where the two stood (<see cref="PeerCase"/>),
/// and the packets a peer could not send, having no address then (not yet attached, or between links).
/// </summary>
public sealed record PeerTrafficSummary(PeerCaseFigures All, IReadOnlyDictionary<PeerCase, PeerCaseFigures> ByCase, long Unsent)
{
    public static readonly PeerTrafficSummary None = new(new PeerCaseFigures(0, 0, 0, 0), new Dictionary<PeerCase, PeerCaseFigures>(), 0);

    public bool Any => All.Probes > 0 || Unsent > 0;

    public static PeerTrafficSummary From(IReadOnlyList<PathRecord> paths, long unsent)
    {
        var peers = paths.Where(p => p.Case != PeerCase.None).ToArray();
        return new(Figures(peers), peers.GroupBy(p => p.Case).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => Figures(g.ToArray())), unsent);
    }

    static PeerCaseFigures Figures(PathRecord[] probes) => probes.Length == 0
        ? new PeerCaseFigures(0, 0, 0, 0)
        : new PeerCaseFigures(probes.Length, probes.Average(p => p.Stretch), probes.Count(p => p.Anchors == 0) / (double)probes.Length,
            probes.Average(p => p.Anchors));
}
