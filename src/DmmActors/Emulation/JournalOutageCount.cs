using Akka.Actor;
using DmmActors.Metrics;
using DmmActors.Persistence;

namespace DmmActors.Emulation;

/// <summary>Puts this process's journal outages (<see cref="JournalOutage"/>) among a run's counters, once, as its report is made.</summary>
public static class JournalOutageCount
{
    public static void CountJournalOutage(this RunRecorder recorder, ActorSystem system)
    {
        var tally = JournalOutage.Of(system).Tally();
        var counters = recorder.Counters;
        counters.Add(Counter.JournalBreakersOpened, tally.BreakerOpened);
        counters.Add(Counter.JournalWritesHeld, tally.WritesHeld);
        counters.Add(Counter.JournalEventsHeld, tally.EventsHeld);
        counters.RaiseTo(Counter.JournalStallMilliseconds, (long)tally.Stalled.TotalMilliseconds);
        counters.RaiseTo(Counter.JournalLongestHeldMilliseconds, (long)tally.LongestHeld.TotalMilliseconds);
    }
}
