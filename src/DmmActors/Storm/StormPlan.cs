namespace DmmActors.Storm;

/// <summary>One stage of a storm's load, in wall-clock time, in the style of NBomber's load simulations.</summary>
public abstract record LoadPhase(TimeSpan Duration)
{
    /// <summary>How many handovers are due <paramref name="elapsed"/> into the phase, for an open-model phase.</summary>
    public abstract double DueBy(TimeSpan elapsed, int mobileNodes);

    /// <summary>When the <paramref name="k"/>-th handover (from 0) of an open-model phase is due, from the phase's start.</summary>
    public abstract TimeSpan ArrivalOf(long k, int mobileNodes);

    public abstract string Describe(int mobileNodes);
}

/// <summary>A fixed arrival rate: <see cref="Rate"/> handovers per second.</summary>
public sealed record InjectPhase(double Rate, TimeSpan Duration) : LoadPhase(Duration)
{
    public override double DueBy(TimeSpan elapsed, int mobileNodes) => Rate * elapsed.TotalSeconds;
    public override TimeSpan ArrivalOf(long k, int mobileNodes) => TimeSpan.FromSeconds(k / Rate);
    public override string Describe(int mobileNodes) => $"inject {Rate:N0}/s for {Duration.TotalSeconds:0.#} s";
}

/// <summary>An arrival rate rising (or falling) linearly from <see cref="From"/> to <see cref="To"/> per second.</summary>
public sealed record RampPhase(double From, double To, TimeSpan Duration) : LoadPhase(Duration)
{
    public override double DueBy(TimeSpan elapsed, int mobileNodes)
    {
        var t = elapsed.TotalSeconds;
        return From * t + (To - From) * t * t / (2 * Duration.TotalSeconds);
    }

    /// <summary>Solves From t + (To - From) t² / 2D = k for t.</summary>
    public override TimeSpan ArrivalOf(long k, int mobileNodes)
    {
        var a = (To - From) / (2 * Duration.TotalSeconds);
        if (Math.Abs(a) < 1e-12) return TimeSpan.FromSeconds(k / From);
        var t = (-From + Math.Sqrt(From * From + 4 * a * k)) / (2 * a);
        return TimeSpan.FromSeconds(double.IsFinite(t) ? t : Duration.TotalSeconds);
    }

    public override string Describe(int mobileNodes) => $"ramp {From:N0}/s to {To:N0}/s over {Duration.TotalSeconds:0.#} s";
}

/// <summary>A closed model: <see cref="InFlight"/> handovers under way at every moment.</summary>
public sealed record ConstantPhase(int InFlight, TimeSpan Duration) : LoadPhase(Duration)
{
    public override double DueBy(TimeSpan elapsed, int mobileNodes) => 0;
    public override TimeSpan ArrivalOf(long k, int mobileNodes) => TimeSpan.Zero;
    public override string Describe(int mobileNodes) => $"constant {InFlight:N0} in flight for {Duration.TotalSeconds:0.#} s";
}

/// <summary>A fraction of all nodes moves within one window, as when a train pulls in or a stadium empties.</summary>
public sealed record BurstPhase(double Fraction, TimeSpan Window) : LoadPhase(Window)
{
    public int Count(int mobileNodes) => (int)Math.Round(Fraction * mobileNodes);
    public override double DueBy(TimeSpan elapsed, int mobileNodes) => Count(mobileNodes) * Math.Min(1, elapsed / Window);
    public override TimeSpan ArrivalOf(long k, int mobileNodes) => Window * (k / (double)Math.Max(1, Count(mobileNodes)));
    public override string Describe(int mobileNodes) => $"burst: {Count(mobileNodes):N0} nodes ({Fraction:P0}) within {Window.TotalSeconds:0.#} s";
}

/// <summary>What a storm must achieve, or the command fails.</summary>
public sealed record StormThresholds(TimeSpan? HandoverP99, long? LostBindings, long? FailedRegistrations);

public sealed record StormPlan(IReadOnlyList<LoadPhase> Phases, StormThresholds Thresholds)
{
    public TimeSpan Duration => Phases.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Duration);

    /// <summary>The handovers the open-model phases schedule: a closed phase's count depends on how fast they complete.</summary>
    public long ScheduledHandovers(int mobileNodes) =>
        Phases.Where(p => p is not ConstantPhase).Sum(p => (long)Math.Floor(p.DueBy(p.Duration, mobileNodes)));

    public bool HasClosedPhase => Phases.Any(p => p is ConstantPhase);

    /// <summary>
    /// Where the schedule stands once <paramref name="issued"/> arrivals have been issued: the
    /// phase (from 0; the count of phases past the last), how far into it, and the arrivals of it
    /// already issued. Counting stops at a closed-model phase, whose arrivals are not scheduled:
    /// it is entered at its start.
    /// </summary>
    public (int Phase, TimeSpan Into, long IssuedInPhase) PositionAfter(long issued, int mobileNodes)
    {
        for (int k = 0; k < Phases.Count; k++)
        {
            var p = Phases[k];
            if (p is ConstantPhase) return (k, TimeSpan.Zero, 0);
            var due = (long)Math.Floor(p.DueBy(p.Duration, mobileNodes));
            if (issued < due) return (k, p.ArrivalOf(issued, mobileNodes), issued);
            issued -= due;
        }
        return (Phases.Count, TimeSpan.Zero, 0);
    }

    /// <summary>
    /// For what a storm will hold: the scheduled handovers, and a closed phase's in-flight count
    /// turned over once a second.
    /// </summary>
    public long HandoversToExpect(int mobileNodes) =>
        ScheduledHandovers(mobileNodes) + Phases.OfType<ConstantPhase>().Sum(c => (long)(c.InFlight * c.Duration.TotalSeconds));
}
