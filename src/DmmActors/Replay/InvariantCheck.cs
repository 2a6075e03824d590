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
        events.GroupBy(e => e.Anchor).OrderBy(a => a.Key).AsParallel().AsOrdered()
            .SelectMany(anchor => CheckAnchor(anchor, ordering)).ToList();

    static List<Violation> CheckAnchor(IEnumerable<JournalEvent> anchor, RegistrationOrdering ordering)
    {
        var violations = new List<Violation>();
        // Per node and prefix: a distributed anchor may hold several prefixes of one node.
        var lastAccepted = new Dictionary<(int, ulong), JournalEvent>();
        var active = new Dictionary<(int, ulong), JournalEvent>();
        var careOfs = new Dictionary<(int, ulong), HashSet<int>>();
        foreach (var e in anchor.OrderBy(e => e.SequenceNr))
        {
            var mn = (e.Event.MnId.Index, e.Prefix.Bits);
            if (e.Event is BindingContextTransferred)
            {
                // The binding left this anchor; what follows for the prefix here starts afresh.
                active.Remove(mn);
                lastAccepted.Remove(mn);
                careOfs.Remove(mn);
                continue;
            }
            if (lastAccepted.TryGetValue(mn, out var last) && !Follows(e, last, ordering))
                violations.Add(new(Ordering, ordering == RegistrationOrdering.Timestamp
                    ? "the later event carries an older timestamp (RFC 5213 §5.5)"
                    : "the later event carries a sequence number that is not newer (RFC 6275 §9.5.1)", [last, e]));
            switch (e.Event)
            {
                case BindingRegistered { Kind: RegistrationKind.Initial } r:
                    if (active.TryGetValue(mn, out var open) && open.Event is BindingRegistered o && o.At + o.Lifetime > r.At)
                        violations.Add(new(OneBinding, "a new mobility session while the node's binding is still active", [open, e]));
                    active[mn] = e;
                    Visited(careOfs, mn).Add(r.CareOf);
                    break;
                case BindingContextReceived c:
                    active[mn] = e;
                    Visited(careOfs, mn).Add(c.CareOf);
                    break;
                case BindingRegistered r:
                    if (!careOfs.ContainsKey(mn))
                        violations.Add(new(RegisteredFirst, $"a {e.Kind} for a node this anchor never registered", [e]));
                    active[mn] = e;
                    Visited(careOfs, mn).Add(r.CareOf);
                    break;
                case BindingDeregistered d:
                    if (!careOfs.TryGetValue(mn, out var seen) || !seen.Contains(d.CareOf))
                        violations.Add(new(DeregistrationFollows, $"a de-registration from ar-{d.CareOf}, where the node was never registered", [e]));
                    active.Remove(mn);
                    break;
            }
            lastAccepted[mn] = e;
        }
        return violations;
    }

    static HashSet<int> Visited(Dictionary<(int, ulong), HashSet<int>> careOfs, (int, ulong) mn) =>
        careOfs.TryGetValue(mn, out var set) ? set : careOfs[mn] = new HashSet<int>();

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
