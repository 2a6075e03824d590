using DmmActors.Metrics;
using DmmActors.Topology;

namespace DmmActors.Reports;

/// <summary>
/// The nodes' processing queues in model time (topology.processing): per node kind, how busy its
/// nodes were and how long messages waited for their turn; and each node's own figures.
/// </summary>
public sealed record QueueSummary(IReadOnlyList<QueueRecord> Nodes, IReadOnlyList<KindQueues> ByKind)
{
    public static readonly QueueSummary None = new([], []);

    public static QueueSummary Of(IReadOnlyList<QueueRecord> nodes) =>
        new(nodes, nodes.GroupBy(n => n.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => KindQueues.Of(g.Key, g.ToArray())).ToArray());

    /// <summary>The wait percentiles, in ms, of the messages <paramref name="nodes"/> served: from their histograms, each to the upper edge of its quarter-octave (at most the exact max); max and mean exact.</summary>
    public static Percentiles WaitMs(IReadOnlyCollection<QueueRecord> nodes)
    {
        var messages = nodes.Sum(n => n.Messages);
        if (messages == 0) return new Percentiles(0, 0, 0, 0, 0);
        var buckets = new long[ProcessingLoad.Octaves * ProcessingLoad.PerOctave];
        foreach (var n in nodes)
            for (int k = 0; k < n.WaitHistogram.Count; k++) buckets[k] += n.WaitHistogram[k];
        var waitedNot = messages - buckets.Sum();
        var max = nodes.Max(n => n.MaxWaitMicroseconds);
        double At(double q)
        {
            var rank = (long)Math.Ceiling(q * messages);
            if (rank <= waitedNot) return 0;
            var seen = waitedNot;
            for (int k = 0; k < buckets.Length; k++)
                if ((seen += buckets[k]) >= rank) return Math.Min(ProcessingLoad.BucketTop(k), max) / 1000.0;
            return 0;
        }
        return new Percentiles(At(0.50), At(0.95), At(0.99), max / 1000.0,
            nodes.Sum(n => n.WaitedMicroseconds) / 1000.0 / messages);
    }
}

/// <summary>
/// One node kind's queues: the mean utilisation of its nodes, the busiest node and its utilisation
/// in its busiest second, the highest mean queue length, and its messages' waits.
/// </summary>
public sealed record KindQueues(string Kind, int Nodes, long Messages, double MeanUtilisation, double PeakUtilisation, string Busiest,
    double MaxMeanQueueLength, Percentiles WaitMs)
{
    public static KindQueues Of(string kind, IReadOnlyList<QueueRecord> nodes)
    {
        var busiest = nodes.MaxBy(n => n.PeakUtilisation)!;
        return new KindQueues(kind, nodes.Count, nodes.Sum(n => n.Messages), nodes.Average(n => n.Utilisation), busiest.PeakUtilisation,
            $"{kind}-{busiest.Index}", nodes.Max(n => n.MeanQueueLength), QueueSummary.WaitMs(nodes));
    }
}
