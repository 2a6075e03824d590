using System.Diagnostics;
using DmmActors.Emulation;

namespace DmmActors.Functions;

/// <summary>
/// Messages that expect an answer, kept only where messages can be lost
/// (<see cref="RunContext.SignallingTimeout"/>): which went unanswered for longer than the
/// timeout, on the wall clock. In one process it keeps nothing and nothing is ever overdue.
/// </summary>
public sealed class AwaitedAnswers<TKey, TItem>(RunContext run) where TKey : notnull
{
    readonly Dictionary<TKey, (TItem Item, long SentAt)> awaited = new();

    /// <summary>Whether anything is kept at all: only where messages can be lost.</summary>
    public bool Kept => run.Loss.SignallingTimeout is not null;

    public IEnumerable<TKey> Keys => awaited.Keys;

    public void Sent(TKey key, TItem item)
    {
        if (Kept) awaited[key] = (item, Stopwatch.GetTimestamp());
    }

    /// <summary>Whether <paramref name="key"/> was still awaited; it is not any more.</summary>
    public bool Answered(TKey key) => awaited.Remove(key);

    /// <summary>Awaits no more the answers whose keys <paramref name="matches"/>.</summary>
    public void Forget(Func<TKey, bool> matches)
    {
        foreach (var key in awaited.Keys.Where(matches).ToArray()) awaited.Remove(key);
    }

    /// <summary>Takes out what went unanswered for longer than the timeout.</summary>
    public IReadOnlyList<TItem> TakeOverdue()
    {
        if (run.Loss.SignallingTimeout is not { } timeout || awaited.Count == 0) return [];
        var now = Stopwatch.GetTimestamp();
        var overdue = awaited.Where(a => Stopwatch.GetElapsedTime(a.Value.SentAt, now) > timeout).ToArray();
        foreach (var (key, _) in overdue) awaited.Remove(key);
        return overdue.Select(a => a.Value.Item).ToArray();
    }
}
