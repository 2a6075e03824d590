using DmmActors.Addressing;

namespace DmmActors.Bindings;

/// <summary>
/// When a location client refreshes a binding: after a fixed fraction of each granted
/// lifetime, so the binding never lapses while the node stays put (RFC 5213 §6.9.1.3 for
/// the MAG, RFC 6275 §11.7.1 for the mobile node). The RFCs leave the fraction to the
/// implementation; the scenario sets it (bindings.refresh-ratio).
/// </summary>
public readonly record struct RefreshSchedule(ModelTime Lifetime, double Ratio)
{
    public ModelTime Interval => new((long)(Lifetime.Microseconds * Ratio));

    /// <summary>Send times of the refreshes due after a registration sent at <paramref name="registeredAt"/>, strictly before <paramref name="until"/>.</summary>
    public IEnumerable<ModelTime> Due(ModelTime registeredAt, ModelTime until)
    {
        if (Interval <= ModelTime.Zero) yield break;
        for (var t = registeredAt + Interval; t < until; t += Interval) yield return t;
    }
}
