namespace DmmActors.Metrics;

public sealed record Percentiles(double P50, double P95, double P99, double Max, double Mean)
{
    /// <summary>Nearest-rank quantile of sorted values: exact, so a replay reproduces it bit for bit.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) return 0;
        var rank = (int)Math.Ceiling(q * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
