using DmmActors.Addressing;
using DmmActors.Protocol;
using DmmActors.Randomness;
using DmmActors.Scenarios;

namespace DmmActors.Traffic;

/// <summary>
/// One session of a mobile node with a correspondent, or with another mobile node (its
/// <see cref="Peer"/>; <see cref="Correspondent"/> -1 then), and the source address it picked;
/// an <see cref="Offloaded"/> one takes a local gateway's prefix where the node has one.
/// </summary>
public readonly record struct Session(int Correspondent, bool NeedsContinuity, ModelTime StartedAt, ModelTime EndsAt, Prefix64 Prefix, int Peer = -1,
    bool Offloaded = false)
{
    public bool WithMobilePeer => Peer >= 0;
}

/// <summary>Whom a session is with: a correspondent, or a mobile node (-1 for the other).</summary>
public readonly record struct SessionEnd(int Correspondent, int Peer);

/// <summary>A prefix the node no longer needs, and since when: its last session on it ended then.</summary>
public readonly record struct PrefixUnused(Prefix64 Prefix, ModelTime Since);

/// <summary>
/// A mobile node's sessions, one per slot: when one ends the next starts on the same slot. A
/// new session takes the preferred prefix, never a deprecated one (RFC 6724 §5 rule 3, the
/// source address selection of draft §5.1); a session that needs address continuity keeps
/// its prefix across moves, a nomadic one restarts on the new prefix (RFC 8653 §3.1). A session
/// of offloadable traffic (traffic.offload-share) takes the node's local prefix, where it has one
/// (TS 23.401 §4.3.15: a PDN connection at a gateway near the node). Draws come from streams of
/// their own, so the walk is the same whatever the traffic, and the rest of it whatever the offload.
/// </summary>
public sealed class SessionTable
{
    const ulong TrafficStream = 0x5E55_1011UL, PeerStream = 0x0E_E2_0E_E2UL, OffloadStream = 0x0FF1_0AD5UL;
    readonly Session[] slots;
    readonly TrafficSettings settings;
    readonly int correspondents, nodes, self;
    SplitMix64 rng, offload;

    public SessionTable(Scenario scenario, MnIdentifier mn, int correspondents)
    {
        slots = new Session[scenario.SessionsPerNode];
        settings = scenario.Traffic;
        (this.correspondents, nodes, self) = (correspondents, scenario.MobileNodes, mn.Index);
        rng = new SplitMix64(SplitMix64.Mix(scenario.Seed ^ TrafficStream, ~mn.Index));
        offload = new SplitMix64(SplitMix64.Mix(scenario.Seed ^ OffloadStream, mn.Index));
        for (int s = 0; s < slots.Length; s++)
        {
            var end = FirstEnd(scenario.Seed, mn, s);
            slots[s] = new Session(end.Correspondent, true, ModelTime.Zero, ModelTime.Zero, Prefix64.None, end.Peer);
        }
    }

    /// <summary>
    /// Whom a slot's first session is with: a mobile peer for traffic.mn-to-mn-share of them, by a
    /// draw of their own, else the correspondent it was before peers were drawn.
    /// </summary>
    SessionEnd FirstEnd(ulong seed, MnIdentifier mn, int slot)
    {
        var correspondent = (int)(SplitMix64.Mix(seed ^ TrafficStream, mn.Index * 64 + slot) % (ulong)correspondents);
        if (settings.MnToMnShare <= 0 || nodes < 2) return new(correspondent, -1);
        var draw = new SplitMix64(SplitMix64.Mix(seed ^ PeerStream, mn.Index * 64 + slot));
        return draw.NextDouble() < settings.MnToMnShare ? new(-1, PeerOtherThanSelf(draw.NextInt(nodes - 1))) : new(correspondent, -1);
    }

    /// <summary>Another node than this one, from a draw over the other nodes.</summary>
    int PeerOtherThanSelf(int draw) => draw >= self ? draw + 1 : draw;

    public IReadOnlyList<Session> Sessions => slots;

    /// <summary>The node's first address is up: every slot opens a session on it, or on <paramref name="local"/> for offloadable traffic.</summary>
    public void Open(ModelTime at, Prefix64 preferred, Prefix64 local = default)
    {
        for (int s = 0; s < slots.Length; s++) slots[s] = Draw(new(slots[s].Correspondent, slots[s].Peer), at, preferred, local);
    }

    /// <summary>
    /// Runs the slots forward to <paramref name="until"/> while the node stays on the link
    /// where <paramref name="preferred"/> is preferred (and <paramref name="local"/> is the local
    /// gateway's): each session that ends is followed by a new one on the prefix its traffic takes.
    /// Returns the deprecated prefixes whose last session ended.
    /// </summary>
    public IReadOnlyList<PrefixUnused> AdvanceTo(ModelTime until, Prefix64 preferred, Prefix64 local = default)
    {
        if (!settings.SessionsEnd) return [];
        Dictionary<Prefix64, ModelTime>? lastEnd = null;
        for (int s = 0; s < slots.Length; s++)
        {
            while (slots[s].EndsAt <= until)
            {
                var ended = slots[s];
                slots[s] = Draw(NextEnd(), ended.EndsAt, preferred, local);
                if (Current(ended.Prefix, preferred, local)) continue;
                lastEnd ??= new();
                if (!lastEnd.TryGetValue(ended.Prefix, out var end) || end < ended.EndsAt) lastEnd[ended.Prefix] = ended.EndsAt;
            }
        }
        if (lastEnd is null) return [];
        return lastEnd.Where(p => !InUse(p.Key)).Select(p => new PrefixUnused(p.Key, p.Value)).OrderBy(p => p.Since).ToArray();
    }

    /// <summary>Prefixes that sessions needing continuity still use: the node asks for them to be kept across its move.</summary>
    public IReadOnlyList<PrefixInUse> NeedingContinuity() =>
        slots.Where(s => s.NeedsContinuity).GroupBy(s => s.Prefix).Select(g => new PrefixInUse(g.Key, g.Count())).ToArray();

    /// <summary>
    /// The node is on a new link at <paramref name="at"/>, where <paramref name="preferred"/> is
    /// preferred, <paramref name="local"/> the local gateway's, and <paramref name="kept"/> are
    /// still anchored. Sessions that ended during the move, nomadic ones and any whose prefix was
    /// not kept start again on the prefix their traffic takes. Returns how many of those needed
    /// continuity: sessions the move broke (an offloaded one whose local gateway changed, among them).
    /// </summary>
    public int Moved(ModelTime at, Prefix64 preferred, IReadOnlyCollection<Prefix64> kept, Prefix64 local = default)
    {
        var broken = 0;
        for (int s = 0; s < slots.Length; s++)
        {
            var session = slots[s];
            if (session.EndsAt <= at) slots[s] = Draw(NextEnd(), at, preferred, local);
            else if (!Current(session.Prefix, preferred, local) && (!session.NeedsContinuity || !kept.Contains(session.Prefix)))
            {
                if (session.NeedsContinuity) broken++;
                slots[s] = Draw(new(session.Correspondent, session.Peer), at, preferred, local);
            }
        }
        return broken;
    }

    /// <summary>Whether a session's prefix is one a new session may take now: the preferred one, or the local gateway's.</summary>
    static bool Current(Prefix64 prefix, Prefix64 preferred, Prefix64 local) => prefix == preferred || !local.IsNone && prefix == local;

    bool InUse(Prefix64 prefix)
    {
        foreach (var s in slots) if (s.Prefix == prefix) return true;
        return false;
    }

    /// <summary>Whom a new session is with; no draw for a peer where the scenario has none, so those runs draw as before.</summary>
    SessionEnd NextEnd() =>
        settings.MnToMnShare > 0 && nodes >= 2 && rng.NextDouble() < settings.MnToMnShare
            ? new(-1, PeerOtherThanSelf(rng.NextInt(nodes - 1)))
            : new(rng.NextInt(correspondents), -1);

    /// <summary>A new session; its traffic offloadable by a draw of its own, never a mobile peer's, whose packets come through the peer's anchor.</summary>
    Session Draw(SessionEnd end, ModelTime at, Prefix64 preferred, Prefix64 local)
    {
        var needsContinuity = settings.ContinuityShare >= 1.0 || rng.NextDouble() < settings.ContinuityShare;
        var ends = settings.SessionsEnd
            ? at + new ModelTime(Math.Max(1, (long)rng.NextExponential(settings.MeanSessionDuration.Microseconds)))
            : new ModelTime(long.MaxValue);
        var offloaded = settings.OffloadShare > 0 && end.Peer < 0 && offload.NextDouble() < settings.OffloadShare;
        return new Session(end.Correspondent, needsContinuity, at, ends, offloaded && !local.IsNone ? local : preferred, end.Peer, offloaded);
    }
}
