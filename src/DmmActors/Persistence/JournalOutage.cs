using System.Diagnostics;
using Akka.Actor;

namespace DmmActors.Persistence;

/// <summary>
/// What the database's outages cost this process's journal writers (<see cref="HoldingSqlJournal"/>),
/// in wall-clock time: how often a circuit breaker opened, the writes and events held, the
/// longest a write was held, and the stall: the time from the first write held to the last
/// released, summed over the outages. Model time does not see the stall, only what the
/// anchors' admission control refused meanwhile.
/// </summary>
public sealed class JournalOutage : IExtension
{
    readonly object gate = new();
    long breakerOpened, writesHeld, eventsHeld, heldNow;
    TimeSpan longestHeld, stalled;
    long stallSince;

    public static JournalOutage Of(ActorSystem system) => system.WithExtension<JournalOutage, JournalOutageProvider>();

    public void BreakerOpened()
    {
        lock (gate) breakerOpened++;
    }

    public void WriteHeld(int events)
    {
        lock (gate)
        {
            writesHeld++;
            eventsHeld += events;
            if (heldNow++ == 0) stallSince = Stopwatch.GetTimestamp();
        }
    }

    public void WriteReleased(TimeSpan heldFor)
    {
        lock (gate)
        {
            if (heldFor > longestHeld) longestHeld = heldFor;
            if (--heldNow == 0) stalled += Stopwatch.GetElapsedTime(stallSince);
        }
    }

    public JournalOutageTally Tally()
    {
        lock (gate)
            return new JournalOutageTally(breakerOpened, writesHeld, eventsHeld, longestHeld,
                stalled + (heldNow > 0 ? Stopwatch.GetElapsedTime(stallSince) : TimeSpan.Zero));
    }
}

/// <summary>This process's outages so far, as they go among a run's counters.</summary>
public sealed record JournalOutageTally(long BreakerOpened, long WritesHeld, long EventsHeld, TimeSpan LongestHeld, TimeSpan Stalled);

public sealed class JournalOutageProvider : ExtensionIdProvider<JournalOutage>
{
    public override JournalOutage CreateExtension(ExtendedActorSystem system) => new();
}
