using DmmActors.Addressing;

namespace DmmActors.Traffic;

/// <summary>Packets sent at a constant rate: <see cref="Count"/> of them, the first at <see cref="First"/>, <see cref="Interval"/> apart.</summary>
public readonly record struct PacketTrain(ModelTime First, ModelTime Interval, int Count);

/// <summary>A stay of a node on a link: from when it held a usable address there until its link went down, and the prefix its sessions used.</summary>
public readonly record struct Stay(ModelTime From, ModelTime Until, int Router, Prefix64 Prefix);

/// <summary>
/// Where a node was, in model time, for its mobile peers (traffic.mn-to-mn-share): each asks it
/// to send from wherever it was when each packet leaves. The node knows its stays up to its
/// horizon: the moment it got its current address, or, once it has drawn when it leaves, up to
/// then. A request for later waits until the node gets there, so that each packet leaves from
/// where its sender really was, whatever order the actors run in; none waits on a node that
/// waits on it, as the node furthest behind always knows enough to answer (the driver starts every
/// node where there are mobile peers: Scenario.NodesInFlight). A packet due while the node was
/// between links is lost at the source. In a storm, where the generator moves the node in
/// wall-clock time, it answers at once from where it stands, and keeps only its last stays.
/// </summary>
/// <typeparam name="T">What a peer's request is; the node sends each of its packets.</typeparam>
public sealed class PeerStays<T>(bool waitForHorizon)
{
    /// <summary>Stays kept in a storm, whose moves never end; a walk keeps every one of its few.</summary>
    const int KeptInAStorm = 16;
    /// <summary>The end of a stay not yet over, and the horizon of a node whose moves are.</summary>
    static readonly ModelTime Open = new(long.MaxValue);
    readonly List<Stay> stays = new(2);
    ModelTime horizon = new(long.MinValue);
    /// <summary>Requests past the horizon, each with the index of its next packet; null where none waits, as on most nodes.</summary>
    List<(T Request, PacketTrain Train, int Next)>? waiting;

    /// <summary>The node holds an address on <paramref name="router"/>'s link from <paramref name="at"/>, its sessions on <paramref name="prefix"/>.</summary>
    public void OnLink(ModelTime at, int router, Prefix64 prefix, Action<T, ModelTime, Stay?> send)
    {
        if (!waitForHorizon && stays.Count == KeptInAStorm) stays.RemoveAt(0);
        stays.Add(new Stay(at, Open, router, prefix));
        Advance(at, send);
    }

    /// <summary>The node leaves its link at <paramref name="at"/>; until it holds an address again it sends nothing.</summary>
    public void Leaves(ModelTime at, Action<T, ModelTime, Stay?> send)
    {
        if (stays.Count > 0 && stays[^1].Until == Open) stays[^1] = stays[^1] with { Until = at };
        Advance(new ModelTime(at.Microseconds - 1), send);
    }

    /// <summary>The node's moves are over: it stays where it is.</summary>
    public void Settled(Action<T, ModelTime, Stay?> send) => Advance(Open, send);

    /// <summary>A peer asks for its packets: each is sent, from where the node was as it left, once the horizon reaches it.</summary>
    public void Request(T request, PacketTrain train, Action<T, ModelTime, Stay?> send)
    {
        var next = SendUpTo(request, train, 0, send);
        if (next < train.Count) (waiting ??= new()).Add((request, train, next));
    }

    void Advance(ModelTime to, Action<T, ModelTime, Stay?> send)
    {
        if (to > horizon) horizon = to;
        if (waiting is null) return;
        var still = waiting;
        waiting = null;
        foreach (var (request, train, next) in still)
        {
            var after = SendUpTo(request, train, next, send);
            if (after < train.Count) (waiting ??= new()).Add((request, train, after));
        }
    }

    /// <summary>Sends the request's packets from <paramref name="next"/> on while the horizon covers them; returns the first not sent.</summary>
    int SendUpTo(T request, PacketTrain train, int next, Action<T, ModelTime, Stay?> send)
    {
        for (; next < train.Count; next++)
        {
            var at = train.First + train.Interval * next;
            if (waitForHorizon && at > horizon) break;
            send(request, at, Where(at));
        }
        return next;
    }

    /// <summary>The stay that covers <paramref name="at"/>; none where the node was between links, or not yet attached.</summary>
    public Stay? Where(ModelTime at)
    {
        for (int i = stays.Count - 1; i >= 0; i--)
        {
            var stay = stays[i];
            if (at >= stay.From) return at < stay.Until ? stay : null;
        }
        return null;
    }
}
