using DmmActors.Metrics;
using DmmActors.Scenarios;

namespace DmmActors.Functions;

/// <summary>
/// An anchor's overload control (dmm.scenario.overload). Past its high-water mark of
/// registrations awaiting the journal, or past its capacity in registrations per second of wall
/// time, a new registration is refused with 130, Insufficient resources (RFC 6275 §6.1.8),
/// instead of being queued without bound; the client backs off and sends it again
/// (ProxyLocationClient). A de-registration is always taken: it frees what the anchor holds.
/// </summary>
public sealed class AdmissionControl(OverloadSettings settings)
{
    /// <summary>A token bucket that holds a tenth of a second of the capacity: a burst that short is taken whole.</summary>
    readonly double burst = Math.Max(1, settings.Capacity / 10.0);
    double tokens = Math.Max(1, settings.Capacity / 10.0);
    long refilledAt = StormClock.Now;

    public static AdmissionControl? For(OverloadSettings settings) => settings.Unlimited ? null : new AdmissionControl(settings);

    /// <summary>Whether a new registration is taken while <paramref name="awaitingJournal"/> registrations wait for their events to be durable.</summary>
    public bool Admits(int awaitingJournal)
    {
        if (settings.HighWater > 0 && awaitingJournal >= settings.HighWater) return false;
        if (settings.Capacity == 0) return true;
        var now = StormClock.Now;
        tokens = Math.Min(burst, tokens + StormClock.Elapsed(refilledAt, now).TotalSeconds * settings.Capacity);
        refilledAt = now;
        if (tokens < 1) return false;
        tokens--;
        return true;
    }
}
