using DmmActors.Bindings;
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
}
