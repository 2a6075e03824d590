using DmmActors.Bindings;
using DmmActors.Control;
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
    public static IReadOnlyList<ProcedureFact> Read(JournalTarget journal, string runId, int partitions) =>
        new JournalRows(journal).ReadWithPrefix(ProcedureLogActor.PersistenceIdPrefix(runId), partitions)
            .SelectMany(e => e.Payload is ProcedureFacts batch ? batch.Facts : [])
            .OrderBy(f => f.Procedure.MobileNode.Index).ThenBy(f => f.Procedure.Number)
            .ToArray();

    /// <summary>
    /// A node's attach or handover registered it at the router it arrived at: the journal must
    /// hold a registration of that node through that router, taken in between the procedure's
    /// start and the moment the node's address was usable. The facts trail the journal (a node
    /// records only once its registration is durable), so a registration without a fact is no violation.
    /// </summary>
    public static IReadOnlyList<Violation> Check(IReadOnlyList<ProcedureFact> facts, IReadOnlyList<JournalEvent> events)
    {
        var registrations = events.Where(e => e.Event is BindingRegistered)
            .ToLookup(e => (e.Event.MnId.Index, ((BindingRegistered)e.Event).CareOf));
        var violations = new List<Violation>();
        foreach (var fact in facts)
        {
            var p = fact.Procedure;
            if (registrations[(p.MobileNode.Index, p.ToRouter)].Any(e => e.Event.At >= p.StartedAt && e.Event.At <= p.CompletedAt)) continue;
            violations.Add(new Violation(Registered,
                $"{p.Kind.ToString().ToLowerInvariant()} #{p.Number} of {p.MobileNode} to ar-{p.ToRouter}, " +
                $"{p.StartedAt.Milliseconds:0.###} ms to {p.CompletedAt.Milliseconds:0.###} ms: no registration of it through ar-{p.ToRouter} in that time",
                registrations[(p.MobileNode.Index, p.ToRouter)].ToArray()));
        }
        return violations;
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
        foreach (var last in facts.GroupBy(f => f.Procedure.MobileNode.Index).Select(g => g.MaxBy(f => f.Procedure.Number)!.Procedure))
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
