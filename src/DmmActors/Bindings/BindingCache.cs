using System.Security.Cryptography;
using DmmActors.Addressing;
using DmmActors.Protocol;

namespace DmmActors.Bindings;

/// <summary>A registration as the location server sees it, whichever protocol carried it.</summary>
public readonly record struct BindingRequest(
    MnIdentifier MnId,
    Prefix64 Prefix,
    int CareOf,
    ushort SequenceNumber,
    ModelTime Timestamp,
    ModelTime Lifetime,
    ModelTime ReceivedAt)
{
    public bool IsDeregistration => Lifetime == ModelTime.Zero;

    /// <summary>The PBU's Handoff Indicator (RFC 5213 §8.4); none for a MIPv6 BU.</summary>
    public HandoffIndicator? Handoff { get; init; }

    /// <summary>When its sender sent it: recorded with the registration for resume to read (BindingRegistered.RequestSentAt), never decided on.</summary>
    public ModelTime? SentAt { get; init; }

    /// <summary>RFC 5213 §5.4.1.2: a PBU that leaves the prefix to the LMA asks for a new mobility session or names the one it continues.</summary>
    bool AsksForPrefix => Prefix.IsNone && Handoff is not null;

    /// <summary>
    /// RFC 5213 §5.4.1.2: attachment over a new interface is a new mobility session, never an
    /// update of one; so is an unknown handoff whose previous MAG never de-registered (§5.4.1.3).
    /// </summary>
    public bool NewMobilitySession => AsksForPrefix && (Handoff == HandoffIndicator.AttachmentOverNewInterface || NoDeregistrationCame);

    /// <summary>The LMA waited MaxDelayBeforeNewBCEAssign for the previous MAG's de-registration, and none came (RFC 5213 §5.4.1.3).</summary>
    public bool NoDeregistrationCame { get; init; }

    /// <summary>RFC 5213 §5.4.1.3: the MAG cannot tell a handoff from a new interface.</summary>
    public bool HandoffStateUnknown => AsksForPrefix && Handoff == HandoffIndicator.HandoffStateUnknown;
}

/// <summary>
/// What the location server decided: a status for the acknowledgement, and the event to persist, if any.
/// <see cref="LastAccepted"/> is the sequence number of the registration the entry holds, which a
/// refusal as out of window carries back (RFC 6275 §9.5.1) so the node can resynchronise.
/// </summary>
public readonly record struct BindingDecision(BindingStatus Status, IBindingEvent? Event, Prefix64 Prefix, ModelTime GrantedLifetime)
{
    public bool Accepted => Status == BindingStatus.Accepted;

    public ushort LastAccepted { get; init; }

    /// <summary>The sequence number an acknowledgement of <paramref name="requested"/> carries.</summary>
    public ushort AcknowledgedSequence(ushort requested) => Status == BindingStatus.SequenceNumberOutOfWindow ? LastAccepted : requested;

    public static BindingDecision Refused(BindingStatus status) => new(status, null, Prefix64.None, ModelTime.Zero);
}

/// <summary>
/// An anchor's binding cache. <see cref="Decide"/> turns a request into at most one event
/// without touching state; <see cref="Apply"/> changes state from an event, live or replayed.
/// The dictionary is mutable on purpose: an anchor may hold a hundred thousand entries.
/// Entries are keyed by prefix: a distributed anchor may hold a node's own prefix and
/// prefixes relocated to it from other anchors (RFC 8818 §3.2).
/// </summary>
/// <param name="routeHistory">
/// Whether the data plane may ask for a route at a moment before the latest change (packets sent
/// while a handover was under way, taken in after it): then the entry each current one replaced is kept.
/// </param>
/// <param name="expected">The entries it is likely to hold: room made at once rather than by growing through every size up to it.</param>
public sealed class BindingCache(int anchorIndex, BindingRules rules, bool routeHistory = false, int expected = 0) : IForwardingControl
{
    readonly Dictionary<ulong, BindingCacheEntry> entries = new(expected);
    /// <summary>
    /// The entries each prefix's current one replaced or de-registered, newest first, each with the
    /// moment it stopped holding (model time): all of them, since a flow's packet sent during any
    /// earlier stay may still be on its way, the actors running on, each node on its own model clock.
    /// </summary>
    readonly Dictionary<ulong, List<(BindingCacheEntry Entry, ModelTime Until)>>? superseded = routeHistory ? new() : null;
    /// <summary>Prefixes whose binding moved to another anchor: where to, and when (model time) its answer came.</summary>
    readonly Dictionary<ulong, Relocation> relocatedTo = new();
    /// <summary>Prefixes of other pools whose binding was handed to this anchor: it anchors them from then on.</summary>
    readonly HashSet<ulong> adopted = new();

    public int AnchorIndex { get; } = anchorIndex;
    public BindingRules Rules { get; } = rules;

    /// <summary>
    /// Whether it registers prefixes of every pool: a central mobility database (RFC 8885 §3) keeps
    /// the BCEs of the prefixes the MAARs assign from their own pools and assigns none itself.
    /// </summary>
    public bool EveryPool { get; set; }

    public int Count => entries.Count;
    public IEnumerable<BindingCacheEntry> Entries => entries.Values;

    /// <summary>The prefix this anchor delegates to a node from its own pool.</summary>
    public Prefix64 DelegatedTo(MnIdentifier mn) => Prefix64.Delegated(AnchorIndex, mn.Index);

    Prefix64 KeyOf(MnIdentifier mn, Prefix64 prefix) => prefix.IsNone ? DelegatedTo(mn) : prefix;

    public bool TryGet(Prefix64 prefix, out BindingCacheEntry entry) => entries.TryGetValue(prefix.Bits, out entry);

    /// <summary>The entry the forwarding function tunnels to, if it is active and unexpired.</summary>
    /// <summary>FM-CP at an anchor: the binding cache is the forwarding state (RFC 5213 §5.6.2).</summary>
    public bool TryRoute(Prefix64 prefix, ModelTime at, out int careOf)
    {
        var routed = TryForward(prefix, at, out var entry);
        careOf = entry.CareOf;
        return routed;
    }

    /// <remarks>
    /// A packet for a moment before the entry's latest change is routed as the entry stood then,
    /// as it would have been had it arrived first: the oldest superseded entry that still held at that moment.
    /// </remarks>
    public bool TryRouteAsOf(Prefix64 prefix, ModelTime at, out int careOf)
    {
        if (superseded is not null && superseded.TryGetValue(prefix.Bits, out var history))
            for (int i = history.Count - 1; i >= 0; i--)
                if (at < history[i].Until)
                {
                    careOf = history[i].Entry.CareOf;
                    return history[i].Entry.ForwardsAt(at);
                }
        return TryRoute(prefix, at, out careOf);
    }

    public bool TryForward(Prefix64 prefix, ModelTime now, out BindingCacheEntry entry) =>
        entries.TryGetValue(prefix.Bits, out entry) && entry.ForwardsAt(now);

    /// <summary>Where a prefix's binding was handed to, if it was, and when.</summary>
    public bool TryRelocated(Prefix64 prefix, out Relocation relocation) => relocatedTo.TryGetValue(prefix.Bits, out relocation);

    /// <summary>
    /// Entries in state Active: the load an anchor advertises and relocates by. Kept as events
    /// apply, since de-registered entries stay until a new registration replaces them.
    /// </summary>
    public int ActiveBindings { get; private set; }

    public BindingDecision Decide(BindingRequest request)
    {
        var granted = request.Lifetime > Rules.MaxLifetime ? Rules.MaxLifetime : request.Lifetime;
        var key = KeyOf(request.MnId, request.Prefix);
        var live = entries.TryGetValue(key.Bits, out var entry) && !entry.IsExpiredAt(request.ReceivedAt);

        if (live && !IsNewer(request, entry))
            return Rules.Ordering == RegistrationOrdering.Timestamp
                ? Reject(BindingStatus.TimestampLowerThanPrevAccepted)
                : Reject(BindingStatus.SequenceNumberOutOfWindow) with { LastAccepted = entry.SequenceNumber };

        if (request.IsDeregistration)
        {
            if (!live) return Reject(Rules.UnknownNodeStatus);
            // RFC 5213 §5.3.5: a de-registration from a MAG that no longer holds the
            // binding (the node already moved on) must not remove the entry. A MIPv6 node
            // de-registers its home address from wherever it is (RFC 6275 §10.3.2).
            if (Rules.Ordering == RegistrationOrdering.Timestamp && entry.CareOf != request.CareOf || entry.State != BindingState.Active)
                return new(BindingStatus.Accepted, null, entry.Prefix, ModelTime.Zero);
            var dereg = new BindingDeregistered(request.MnId, request.ReceivedAt, request.CareOf,
                request.SequenceNumber, request.Timestamp, Rules.DeleteDelay, entry.Prefix);
            return new(BindingStatus.Accepted, dereg, entry.Prefix, ModelTime.Zero);
        }

        var delegated = DelegatedTo(request.MnId);
        if (!live)
        {
            // RFC 5213 §5.3.2: a new mobility session; the LMA assigns the prefix when the
            // PBU carries none. A prefix from outside this anchor's pool is not ours to give.
            // The pool's anchor sends on what comes for a prefix it handed over (RFC 8818 §3.2), even
            // once its binding here has lapsed: the prefix is this anchor's to register again.
            if (adopted.Contains(key.Bits) || EveryPool && !request.Prefix.IsNone) return Register(RegistrationKind.Initial, key);
            if (!request.Prefix.IsNone && request.Prefix != delegated)
            {
                // RFC 5213 §5.3.2: the node has a binding here, but for another prefix set.
                if (entries.TryGetValue(delegated.Bits, out var own) && !own.IsExpiredAt(request.ReceivedAt))
                    return Reject(BindingStatus.BcePbuPrefixSetDoNotMatch);
                return Reject(Rules.Ordering == RegistrationOrdering.Timestamp
                    ? BindingStatus.NotAuthorizedForHomeNetworkPrefix
                    : BindingStatus.NotHomeAgentForThisMobileNode);
            }
            return Register(RegistrationKind.Initial, delegated);
        }

        if (!request.Prefix.IsNone && request.Prefix != entry.Prefix)
            return Reject(BindingStatus.BcePbuPrefixSetDoNotMatch);

        // An emulated node has one interface, so the new session takes the prefix the old one had:
        // its entry is replaced, not updated.
        var kind = request.NewMobilitySession ? RegistrationKind.Initial
            : entry.CareOf == request.CareOf && entry.State == BindingState.Active ? RegistrationKind.Refresh
            : RegistrationKind.Handoff;
        return Register(kind, entry.Prefix);

        BindingDecision Register(RegistrationKind kind, Prefix64 prefix) =>
            new(BindingStatus.Accepted,
                new BindingRegistered(request.MnId, request.ReceivedAt, kind, prefix, request.CareOf,
                    request.SequenceNumber, request.Timestamp, granted) { RequestSentAt = request.SentAt },
                prefix, granted);

        BindingDecision Reject(BindingStatus status) => BindingDecision.Refused(status);
    }

    /// <summary>
    /// RFC 5213 §5.4.1.3: whether the LMA should wait, up to MaxDelayBeforeNewBCEAssign, for the
    /// MAG it holds the node's binding through to de-register before deciding <paramref name="request"/>;
    /// if so, <paramref name="previousMag"/> is that MAG.
    /// </summary>
    public bool AwaitsDeregistration(BindingRequest request, out int previousMag)
    {
        previousMag = -1;
        if (!request.HandoffStateUnknown || request.IsDeregistration || request.NoDeregistrationCame) return false;
        if (!entries.TryGetValue(DelegatedTo(request.MnId).Bits, out var entry) || entry.IsExpiredAt(request.ReceivedAt) ||
            entry.State != BindingState.Active || entry.CareOf == request.CareOf)
            return false;
        previousMag = entry.CareOf;
        return true;
    }

    bool IsNewer(BindingRequest request, BindingCacheEntry entry) => Rules.Ordering switch
    {
        // RFC 5213 §5.5: reject a timestamp lower than the one last accepted.
        RegistrationOrdering.Timestamp => request.Timestamp >= entry.Timestamp,
        _ => BindingRules.SequenceNewer(request.SequenceNumber, entry.SequenceNumber),
    };

    /// <summary>Puts <paramref name="entry"/> in place from <paramref name="from"/> on.</summary>
    void Install(BindingCacheEntry entry, ModelTime from)
    {
        relocatedTo.Remove(entry.Prefix.Bits);
        Supersede(entry.Prefix.Bits, from);
        Remove(entry.Prefix.Bits);
        entries[entry.Prefix.Bits] = entry;
        ActiveBindings++;
    }

    void Supersede(ulong key, ModelTime from)
    {
        if (superseded is null || !entries.TryGetValue(key, out var old)) return;
        if (!superseded.TryGetValue(key, out var history)) superseded[key] = history = new(4);
        history.Insert(0, (old, from));
    }

    void Remove(ulong key)
    {
        if (entries.Remove(key, out var old) && old.State == BindingState.Active) ActiveBindings--;
    }

    public void Apply(IBindingEvent e)
    {
        switch (e)
        {
            case BindingRegistered r:
                Install(new BindingCacheEntry(r.MnId, r.Prefix, r.CareOf, r.SequenceNumber, r.Timestamp, r.Lifetime, r.At,
                    r.At + r.Lifetime, BindingState.Active), r.At);
                break;
            case BindingContextReceived c:
                adopted.Add(c.Prefix.Bits);
                Install(new BindingCacheEntry(c.MnId, c.Prefix, c.CareOf, c.SequenceNumber, c.Timestamp, c.Lifetime, c.RegisteredAt,
                    c.RegisteredAt + c.Lifetime, BindingState.Active), c.At);
                break;
            case BindingContextTransferred t:
                Supersede(t.Prefix.Bits, t.At);
                Remove(t.Prefix.Bits);
                adopted.Remove(t.Prefix.Bits);
                relocatedTo[t.Prefix.Bits] = new Relocation(t.ToAnchor, t.At);
                break;
            case BindingDeregistered d when d.DeleteAfter == ModelTime.Zero:
                Supersede(KeyOf(d.MnId, d.Prefix).Bits, d.At);
                Remove(KeyOf(d.MnId, d.Prefix).Bits);
                break;
            case BindingDeregistered d:
                var key = KeyOf(d.MnId, d.Prefix).Bits;
                if (entries.TryGetValue(key, out var entry))
                {
                    Supersede(key, d.At);
                    if (entry.State == BindingState.Active) ActiveBindings--;
                    entries[key] = entry with
                    {
                        SequenceNumber = d.SequenceNumber,
                        Timestamp = d.Timestamp,
                        ExpiresAt = d.At + d.DeleteAfter,
                        State = BindingState.DeregistrationPending,
                    };
                }
                break;
            default:
                throw new ArgumentException($"unknown binding event {e.GetType().Name}", nameof(e));
        }
    }
}

/// <summary>A digest of binding caches that a live run and a journal recovery can both compute.</summary>
public static class BindingsChecksum
{
    public static string Compute(IEnumerable<(int Anchor, IEnumerable<BindingCacheEntry> Entries)> caches)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> row = stackalloc byte[4 + 4 + 8 + 4 + 2 + 8 + 8 + 8 + 8 + 1];
        foreach (var (anchor, cacheEntries) in caches.OrderBy(c => c.Anchor))
        {
            foreach (var e in cacheEntries.OrderBy(e => e.MnId.Index).ThenBy(e => e.Prefix.Bits))
            {
                var w = new SpanWriter(row);
                w.Int(anchor); w.Int(e.MnId.Index); w.Long((long)e.Prefix.Bits); w.Int(e.CareOf);
                w.Short(e.SequenceNumber); w.Long(e.Timestamp.Microseconds); w.Long(e.Lifetime.Microseconds);
                w.Long(e.RegisteredAt.Microseconds); w.Long(e.ExpiresAt.Microseconds); w.Byte((byte)e.State);
                sha.AppendData(row);
            }
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    ref struct SpanWriter(Span<byte> span)
    {
        readonly Span<byte> span = span;
        int at;
        public void Int(int v) { System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(span[at..], v); at += 4; }
        public void Long(long v) { System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(span[at..], v); at += 8; }
        public void Short(ushort v) { System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(span[at..], v); at += 2; }
        public void Byte(byte v) { span[at] = v; at += 1; }
    }
}

/// <summary>A binding handed to <paramref name="Anchor"/>, whose answer reached the old anchor at <paramref name="AnsweredAt"/>.</summary>
public readonly record struct Relocation(int Anchor, ModelTime AnsweredAt);
