using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using Akka.Persistence;
using Akka.Persistence.Sql.Journal;

namespace DmmActors.Persistence;

/// <summary>
/// The PostgreSQL write side: Akka.Persistence.Sql's journal, with its writes held through an
/// outage of the database instead of failed. Akka.Persistence stops an actor whose write
/// failed; an anchor stopped so would drop every registration queued behind it. Here a write
/// the database could not take goes through a circuit breaker of its own
/// (<c>outage</c> in postgres.conf): once it opens no attempt reaches the database until its
/// reset timeout, which doubles up to a limit, lets one through. Held writes are tried again
/// until the database takes them or <c>hold-for</c> has passed; only then does the write fail,
/// as it would without the hold. A writer's acknowledgements wait with its write, so nothing
/// is acknowledged that is not durable; the anchors' admission control sees the backlog and
/// refuses new registrations with 130 meanwhile (RFC 5213 §8.9, RFC 6275 §6.1.8).
/// </summary>
public sealed class HoldingSqlJournal : SqlWriteJournal
{
    /// <summary>A write held through an outage: what is left of it, where its outcome goes, and since when.</summary>
    sealed class Held(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellation)
    {
        public IReadOnlyList<AtomicWrite> Original { get; } = writes;
        /// <summary>What is still to be written: a write the database took before the outage showed is left out.</summary>
        public IReadOnlyList<AtomicWrite> Writes { get; set; } = writes;
        public CancellationToken Cancellation { get; } = cancellation;
        public TaskCompletionSource<IImmutableList<Exception>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public long Since { get; set; }
        public int Events => Original.Sum(w => ((IImmutableList<IPersistentRepresentation>)w.Payload).Count);
    }

    sealed record TryAgain(Held Write);

    sealed record Stored(Held Write, IReadOnlyList<AtomicWrite> Remaining);

    readonly CircuitBreaker breaker;
    readonly TimeSpan retryInterval;
    readonly TimeSpan holdFor;
    readonly JournalOutage outage;
    readonly ILoggingAdapter log = Context.GetLogger();
    readonly string pluginId;
    readonly IScheduler scheduler;
    int open;

    public HoldingSqlJournal(Akka.Configuration.Config config) : base(config)
    {
        var settings = config.GetConfig("outage")
                       ?? throw new ArgumentException("the PostgreSQL journal plugin's outage block is not set (cluster-config/postgres.conf)");
        pluginId = Self.Path.Name;
        scheduler = Context.System.Scheduler;
        outage = JournalOutage.Of(Context.System);
        breaker = new CircuitBreaker(Context.System.Scheduler, settings.GetInt("max-failures"),
                settings.GetTimeSpan("call-timeout"), settings.GetTimeSpan("reset-timeout"))
            .WithExponentialBackoff(settings.GetTimeSpan("max-reset-timeout"));
        // A try let through half-open that fails opens the breaker again: an outage is counted, and logged, once.
        breaker.OnOpen(() =>
        {
            if (Interlocked.Exchange(ref open, 1) == 1) return;
            outage.BreakerOpened();
            log.Warning("journal {0}: the database does not take writes; circuit breaker open, writes held (at most {1})", pluginId, holdFor);
        });
        breaker.OnClose(() =>
        {
            if (Interlocked.Exchange(ref open, 0) == 1) log.Warning("journal {0}: the database takes writes again; circuit breaker closed", pluginId);
        });
        retryInterval = settings.GetTimeSpan("retry-interval");
        holdFor = settings.GetTimeSpan("hold-for");
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var held = new Held(messages.ToList(), cancellationToken);
        Attempt(held);
        return held.Done.Task;
    }

    protected override bool ReceivePluginInternal(object message)
    {
        switch (message)
        {
            case TryAgain again:
                DropStoredThenAttempt(again.Write);
                return true;
            case Stored stored:
                stored.Write.Writes = stored.Remaining;
                Attempt(stored.Write);
                return true;
            default:
                return base.ReceivePluginInternal(message);
        }
    }

    /// <summary>On the journal's own thread: the base journal keeps its writes in progress in a plain dictionary.</summary>
    void Attempt(Held held)
    {
        if (held.Writes.Count == 0)
        {
            Release(held, null);
            return;
        }
        Through(held, (h, token) => base.WriteMessagesAsync(h.Writes, token), outcomes => Release(held, outcomes!));
    }

    /// <summary>
    /// A call to the database on the journal's thread, through the circuit breaker: an outage
    /// brings the held write back after a retry interval, for as long as it may be held.
    /// </summary>
    void Through<T>(Held held, Func<Held, CancellationToken, Task<T>> call, Action<T> then)
    {
        Task<T> attempt;
        try { attempt = breaker.WithCircuitBreaker(held, call); }
        catch (Exception e) { attempt = Task.FromException<T>(e); }
        var self = Self;
        attempt.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully) then(t.Result);
            else if (t.Exception?.GetBaseException() is { } cause && Unavailable(cause) && Within(held))
                scheduler.ScheduleTellOnce(retryInterval, self, new TryAgain(held), ActorRefs.NoSender);
            else held.Done.TrySetException(t.Exception?.GetBaseException() ?? new TaskCanceledException());
        }, TaskContinuationOptions.ExecuteSynchronously);
    }

    bool Within(Held held)
    {
        if (held.Cancellation.IsCancellationRequested) return false;
        if (held.Since == 0)
        {
            held.Since = Stopwatch.GetTimestamp();
            outage.WriteHeld(held.Events);
        }
        return Stopwatch.GetElapsedTime(held.Since) < holdFor;
    }

    /// <summary>
    /// A write whose connection broke may have committed before the answer was lost; written
    /// again it would collide with itself. What the journal already holds is left out, once the
    /// database answers; until then the next try waits a retry interval.
    /// </summary>
    void DropStoredThenAttempt(Held held)
    {
        var self = Self;
        Through(held, (h, _) => Task.WhenAll(h.Writes.Select(w => ReadHighestSequenceNrAsync(w.PersistenceId, 0, h.Cancellation))),
            // Every event of an atomic write is stored, or none is.
            highest => self.Tell(new Stored(held, held.Writes.Where((w, i) => highest[i] < w.LowestSequenceNr).ToArray())));
    }

    /// <summary>Answers the write: null where every part was written (Akka's convention), else an outcome per part in the caller's order.</summary>
    void Release(Held held, IImmutableList<Exception?>? outcomes)
    {
        if (held.Since != 0) outage.WriteReleased(Stopwatch.GetElapsedTime(held.Since));
        if (outcomes is null || outcomes.All(o => o is null))
        {
            held.Done.TrySetResult(null!);
            return;
        }
        var written = new Dictionary<AtomicWrite, Exception>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < held.Writes.Count; i++) written[held.Writes[i]] = outcomes[i]!;
        held.Done.TrySetResult(held.Original.Select(w => written.GetValueOrDefault(w)!).ToImmutableList());
    }

    /// <summary>Whether a write failed because the database was not there, as opposed to refusing the write.</summary>
    static bool Unavailable(Exception e)
    {
        for (var cause = e; cause is not null; cause = cause.InnerException)
        {
            switch (cause)
            {
                case OpenCircuitException or TimeoutException or System.Net.Sockets.SocketException or IOException:
                    return true;
                // Class 08: connection exception; 57P01-57P03: the server shutting down or starting.
                case Npgsql.PostgresException pg:
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal);
                case Npgsql.NpgsqlException { IsTransient: true }:
                    return true;
            }
        }
        return false;
    }
}
