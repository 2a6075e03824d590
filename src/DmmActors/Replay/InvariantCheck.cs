using DmmActors.Bindings;

namespace DmmActors.Replay;

/// <summary>A broken invariant, and the events that break it.</summary>
public sealed record Violation(string Rule, string Detail, IReadOnlyList<JournalEvent> Events);

/// <summary>
/// What must hold of every anchor's event stream, whatever happened to the processes that
/// wrote it. Each anchor's events are checked in the order it persisted them.
/// </summary>
public static class InvariantCheck
{
    public const string Ordering = "registrations of a node are ordered";
    public const string RegisteredFirst = "no binding without a registration";
    public const string OneBinding = "at most one active binding per node per anchor";
    public const string DeregistrationFollows = "de-registrations follow handovers";

    /// <summary>The violations, anchor by anchor; the anchors are checked in parallel, as their streams are independent.</summary>
    public static IReadOnlyList<Violation> Check(IEnumerable<JournalEvent> events, RegistrationOrdering ordering) =>
        InStreams(events).AsParallel().AsOrdered().SelectMany(anchor => CheckAnchor(anchor, ordering)).ToList();

    /// <summary>Each anchor's events in the order it persisted them; a replay reads them so already, and then nothing is sorted.</summary>
    static IEnumerable<List<JournalEvent>> InStreams(IEnumerable<JournalEvent> events)
    {
        var streams = new SortedDictionary<int, List<JournalEvent>>();
        foreach (var e in events)
        {
            if (!streams.TryGetValue(e.Anchor, out var stream)) streams[e.Anchor] = stream = new List<JournalEvent>();
            stream.Add(e);
        }
        foreach (var stream in streams.Values)
        {
            if (!InSequence(stream)) stream.Sort((a, b) => a.SequenceNr.CompareTo(b.SequenceNr));
            yield return stream;
        }
    }

    static bool InSequence(List<JournalEvent> stream)
    {
        for (int i = 1; i < stream.Count; i++)
            if (stream[i].SequenceNr < stream[i - 1].SequenceNr) return false;
        return true;
    }

    /// <summary>What this anchor's stream has said so far of one node's prefix.</summary>
    sealed class Held
    {
        public JournalEvent? LastAccepted;
        public JournalEvent? Active;
        /// <summary>The routers the node was registered through; null until its first registration. A node visits a handful.</summary>
        public List<int>? CareOfs;

        public void Visited(int careOf)
        {
            CareOfs ??= new List<int>(2);
            if (!CareOfs.Contains(careOf)) CareOfs.Add(careOf);
        }
    }

    /// <summary>The violations in one anchor's stream, given in the order the anchor persisted it.</summary>
    public static List<Violation> CheckAnchor(IReadOnlyList<JournalEvent> anchor, RegistrationOrdering ordering)
    {
        var violations = new List<Violation>();
        // Per node and prefix: a distributed anchor may hold several prefixes of one node.
        var held = new Dictionary<(int, ulong), Held>();
        for (int i = 0; i < anchor.Count; i++)
        {
            var e = anchor[i];
            var mn = (e.Event.MnId.Index, e.Prefix.Bits);
            ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(held, mn, out _);
            var h = slot ??= new Held();
            if (e.Event is BindingContextTransferred)
            {
                // The binding left this anchor; what follows for the prefix here starts afresh.
                slot = new Held();
                continue;
            }
            if (h.LastAccepted is { } last && !Follows(e, last, ordering))
                violations.Add(new(Ordering, ordering == RegistrationOrdering.Timestamp
                    ? "the later event carries an older timestamp (RFC 5213 §5.5)"
                    : "the later event carries a sequence number that is not newer (RFC 6275 §9.5.1)", [last, e]));
            switch (e.Event)
            {
                case BindingRegistered { Kind: RegistrationKind.Initial } r:
                    if (h.Active is { Event: BindingRegistered o } open && o.At + o.Lifetime > r.At)
                        violations.Add(new(OneBinding, "a new mobility session while the node's binding is still active", [open, e]));
                    h.Active = e;
                    h.Visited(r.CareOf);
                    break;
                case BindingContextReceived c:
                    h.Active = e;
                    h.Visited(c.CareOf);
                    break;
                case BindingRegistered r:
                    if (h.CareOfs is null)
                        violations.Add(new(RegisteredFirst, $"a {e.Kind} for a node this anchor never registered", [e]));
                    h.Active = e;
                    h.Visited(r.CareOf);
                    break;
                case BindingDeregistered d:
                    // A MAG de-registers only from where it registered the node (RFC 5213 §5.3.5); a
                    // MIPv6 node de-registers its home address from wherever it is (RFC 6275 §10.3.2).
                    if (h.CareOfs is null)
                        violations.Add(new(DeregistrationFollows, $"a de-registration from ar-{d.CareOf} for a node this anchor never registered", [e]));
                    else if (ordering == RegistrationOrdering.Timestamp && !h.CareOfs.Contains(d.CareOf))
                        violations.Add(new(DeregistrationFollows, $"a de-registration from ar-{d.CareOf}, where the node was never registered", [e]));
                    h.Active = null;
                    if (d.DeleteAfter == Addressing.ModelTime.Zero)
                    {
                        // The entry is gone at once: a later registration starts a new one, its sequence numbers afresh (RFC 6275 §9.5.1).
                        slot = new Held();
                        continue;
                    }
                    break;
            }
            h.LastAccepted = e;
        }
        return violations;
    }

    static bool Follows(JournalEvent later, JournalEvent earlier, RegistrationOrdering ordering) => ordering switch
    {
        RegistrationOrdering.Timestamp => Timestamp(later) >= Timestamp(earlier),
        _ => BindingRules.SequenceNewer(Sequence(later), Sequence(earlier)),
    };

    static Addressing.ModelTime Timestamp(JournalEvent e) => e.Event switch
    {
        BindingRegistered r => r.Timestamp,
        BindingDeregistered d => d.Timestamp,
        BindingContextReceived c => c.Timestamp,
        _ => e.Event.At,
    };

    static ushort Sequence(JournalEvent e) => e.Event switch
    {
        BindingRegistered r => r.SequenceNumber,
        BindingDeregistered d => d.SequenceNumber,
        BindingContextReceived c => c.SequenceNumber,
        _ => 0,
    };
}
