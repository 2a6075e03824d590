using DmmActors.Metrics;
using DmmActors.Traffic;

namespace DmmActors.Multicast;

/// <summary>What the multicast data plane delivered, and what it wasted (RFC 7028 §1: tunnel convergence).</summary>
public sealed record MulticastSummary(
    string Mode,
    int Groups,
    int Listeners,
    long SourcePackets,
    long CopiesAtAccessRouters,
    long DistinctAtAccessRouters,
    double MaxDuplicateFactor,
    int AccessRoutersWithDuplicates,
    Percentiles JoinLatencyAfterHandoverMs,
    long JoinSamples,
    long PacketsLostInHandoverGaps,
    long PacketsDelivered)
{
    /// <summary>
    /// Copies that reached an access router while no listener they were for was on its links:
    /// what a router still joined for listeners that left costs (multicast.leave).
    /// </summary>
    public long CopiesWithoutListener { get; init; }

    /// <summary>Copies and distinct packets at each access router that received any.</summary>
    public IReadOnlyList<(int AccessRouter, long Copies, long Distinct)> PerAccessRouter { get; init; } = [];

    /// <summary>An RTP packet of seven MPEG-TS cells: 7 × 188 + 12 bytes, the usual IPTV payload.</summary>
    public const int PacketBytes = 7 * 188 + 12;

    /// <summary>Copies per distinct packet over all access routers: 1 when no router gets a packet twice.</summary>
    public double DuplicateFactor => DistinctAtAccessRouters == 0 ? 0 : CopiesAtAccessRouters / (double)DistinctAtAccessRouters;

    public long WastedCopies => CopiesAtAccessRouters - DistinctAtAccessRouters;

    public long WastedBytes => WastedCopies * PacketBytes;

    public static MulticastSummary From(MulticastPlan plan, int listeners, IReadOnlyList<MulticastEmitted> emitted, IReadOnlyList<MulticastTally> tallies)
    {
        var latencies = tallies.SelectMany(t => t.JoinLatencies).Select(l => l.Milliseconds).Order().ToArray();
        long lost = 0, delivered = 0;
        // A listener's packets may have come through several routers: the gaps between the
        // first and the last it got are what its moves cost it.
        foreach (var stream in tallies.SelectMany(t => t.Deliveries).GroupBy(d => (d.MnId, d.Group)))
        {
            var sequences = stream.SelectMany(d => d.Sequences).Distinct().ToArray();
            delivered += sequences.Length;
            lost += sequences.Max() - sequences.Min() + 1 - sequences.Length;
        }
        return new MulticastSummary(
            plan.Settings.Mode.ToString().ToLowerInvariant(), plan.Settings.Groups, listeners, emitted.Sum(e => (long)e.Packets),
            tallies.Sum(t => t.Copies), tallies.Sum(t => t.Distinct),
            tallies.Where(t => t.Distinct > 0).Select(t => t.Copies / (double)t.Distinct).DefaultIfEmpty(0).Max(),
            tallies.Count(t => t.Copies > t.Distinct),
            latencies.Length == 0 ? new Percentiles(0, 0, 0, 0, 0)
                : new Percentiles(Percentiles.Quantile(latencies, 0.5), Percentiles.Quantile(latencies, 0.95), Percentiles.Quantile(latencies, 0.99),
                    latencies[^1], latencies.Average()),
            latencies.Length, lost, delivered)
        {
            CopiesWithoutListener = tallies.Sum(t => t.Unheard),
            PerAccessRouter = tallies.Where(t => t.Copies > 0).OrderBy(t => t.AccessRouter).Select(t => (t.AccessRouter, t.Copies, t.Distinct)).ToArray(),
        };
    }
}
