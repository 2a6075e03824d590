using DmmActors.Bindings;
using DmmActors.Control;
using DmmActors.Metrics;
using DmmActors.Persistence;
using DmmActors.Recording;

namespace DmmActors.Replay;

/// <summary>
/// Every attach and handover of a run as its nodes recorded them (<see cref="ProcedureFact"/>),
/// read back, never re-derived; and checked against what the anchors journalled: a procedure
/// whose registration is not there is a loud violation, not a wrong latency.
/// </summary>
public static class RecordedProcedures
{
    public const string Registered = "every recorded procedure has its registration in the journal";
    public const string EndedWhereBound = "at the end of a completed run each node's binding points to the router its last procedure reached";

    /// <summary>The facts of run <paramref name="runId"/>, node by node in procedure order.</summary>
    public static IReadOnlyList<ProcedureFact> Read(JournalTarget journal, string runId, int partitions)
    {
        var batches = new JournalRows(journal).ReadWithPrefix(ProcedureLogActor.PersistenceIdPrefix(runId), partitions)
            .Select(e => e.Payload as ProcedureFacts).OfType<ProcedureFacts>().ToArray();
        var facts = new ProcedureFact[batches.Sum(b => b.Facts.Count)];
        var at = 0;
        foreach (var batch in batches)
            foreach (var fact in batch.Facts) facts[at++] = fact;
        var order = Array.ConvertAll(facts, f => ((long)f.Procedure.MobileNode.Index << 32) | (uint)f.Procedure.Number);
        Array.Sort(order, facts);
        return facts;
    }

    /// <summary>
    /// A node's attach or handover registered it at the router it arrived at: the journal must
    /// hold a registration of that node through that router, taken in between the procedure's
    /// start and the moment the node's address was usable. The facts trail the journal (a node
    /// records only once its registration is durable), so a registration without a fact is no violation.
    /// </summary>
    public static IReadOnlyList<Violation> Check(IReadOnlyList<ProcedureFact> facts, IReadOnlyList<JournalEvent> events)
    {
        var registrations = RegistrationsByNode.Of(events);
        var violations = new List<Violation>();
        foreach (var fact in facts)
        {
            var p = fact.Procedure;
            if (RegisteredWithin(registrations.Of(p.MobileNode.Index), p)) continue;
            var through = registrations.Of(p.MobileNode.Index).Where(e => Through(e, p));
            violations.Add(new Violation(Registered,
                $"{p.Kind.ToString().ToLowerInvariant()} #{p.Number} of {p.MobileNode} to ar-{p.ToRouter}, " +
                $"{p.StartedAt.Milliseconds:0.###} ms to {p.CompletedAt.Milliseconds:0.###} ms: no registration of it through ar-{p.ToRouter} in that time",
                through.ToArray()));
        }
        return violations;
    }

    static bool Through(JournalEvent registration, ProcedureRecord p) => ((BindingRegistered)registration.Event).CareOf == p.ToRouter;

    static bool RegisteredWithin(ArraySegment<JournalEvent> registrations, ProcedureRecord p)
    {
        foreach (var e in registrations)
            if (Through(e, p) && e.Event.At >= p.StartedAt && e.Event.At <= p.CompletedAt) return true;
        return false;
    }

    /// <summary>
    /// The journal's registrations laid out node by node in one array (a node has a handful):
    /// a million of them grouped without a collection per node.
    /// </summary>
    sealed class RegistrationsByNode
    {
        readonly Dictionary<int, int> slotOf = new();
        int[] starts = [];
        JournalEvent[] laidOut = [];

        public static RegistrationsByNode Of(IReadOnlyList<JournalEvent> events)
        {
            var byNode = new RegistrationsByNode();
            var counts = new List<int>();
            foreach (var e in events)
            {
                if (e.Event is not BindingRegistered) continue;
                ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(byNode.slotOf, e.Event.MnId.Index, out var known);
                if (!known) { slot = counts.Count; counts.Add(0); }
                counts[slot]++;
            }
            byNode.starts = new int[counts.Count + 1];
            for (int i = 0; i < counts.Count; i++) byNode.starts[i + 1] = byNode.starts[i] + counts[i];
            byNode.laidOut = new JournalEvent[byNode.starts[^1]];
            var next = byNode.starts[..^1];
            foreach (var e in events)
                if (e.Event is BindingRegistered)
                    byNode.laidOut[next[byNode.slotOf[e.Event.MnId.Index]]++] = e;
            return byNode;
        }

        public ArraySegment<JournalEvent> Of(int node) =>
            slotOf.TryGetValue(node, out var slot) ? new ArraySegment<JournalEvent>(laidOut, starts[slot], starts[slot + 1] - starts[slot]) : ArraySegment<JournalEvent>.Empty;
    }

    /// <summary>
    /// Where a node has one anchor, its binding there must at the end of the run point to the
    /// router its last recorded procedure arrived at: a node that believed itself at one router
    /// while its anchor tunnelled to another (a resumed run that left a move half made) would
    /// hold a binding and still receive nothing.
    /// </summary>
    public static IReadOnlyList<Violation> CheckWhereNodesEnded(IReadOnlyList<ProcedureFact> facts, IReadOnlyList<BindingCacheSnapshot> anchors)
    {
        // A lookup, not a dictionary: a damaged journal can leave a node two entries at one anchor.
        var entries = anchors.SelectMany(a => a.Entries.Select(e => (a.Anchor, Entry: e)))
            .ToLookup(x => (x.Anchor, x.Entry.MnId.Index), x => x.Entry);
        var violations = new List<Violation>();
        var lastOfNode = new Dictionary<int, ProcedureRecord>();
        foreach (var f in facts)
        {
            ref var kept = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(lastOfNode, f.Procedure.MobileNode.Index, out var known);
            if (!known || f.Procedure.Number > kept.Number) kept = f.Procedure;
        }
        foreach (var last in lastOfNode.Values)
        {
            var bound = entries[(last.Anchor, last.MobileNode.Index)].ToArray();
            if (bound.Any(e => e.CareOf == last.ToRouter)) continue;
            var where = bound.Length > 0 ? $"its binding points to {string.Join(", ", bound.Select(e => $"ar-{e.CareOf}"))}" : "it has no binding there";
            violations.Add(new Violation(EndedWhereBound,
                $"{last.MobileNode}'s last procedure (#{last.Number}) reached ar-{last.ToRouter} with anchor {last.Anchor}, but {where}", []));
        }
        return violations;
    }
}
