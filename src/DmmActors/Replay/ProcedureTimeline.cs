using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Metrics;
using DmmActors.Mobility;
using DmmActors.Protocol;
using DmmActors.Run;

namespace DmmActors.Replay;

/// <summary>
/// Rebuilds every attach and handover of a run from its registrations. The journal holds
/// when each registration reached the anchor; the rest is the model: the acknowledgement's
/// way back to the node (through the MAG and its RA for PMIPv6, straight for MIPv6) and the
/// node's seeded walk, which says when it left each link. A node's first registration (its
/// walk's first access router) is its attach, each later one to a new care-of address a handover.
/// </summary>
public static class ProcedureTimeline
{
    /// <summary>Every node's procedures, node by node; the nodes are rebuilt in parallel, as nothing of one depends on another.</summary>
    public static IReadOnlyList<ProcedureRecord> Rebuild(RunContext run, IEnumerable<JournalEvent> events)
    {
        var byNode = new List<JournalEvent>?[run.Scenario.MobileNodes];
        foreach (var e in events)
            if (e.Event is BindingRegistered { Kind: not RegistrationKind.Refresh })
                (byNode[e.Event.MnId.Index] ??= new List<JournalEvent>(4)).Add(e);
        var perNode = new List<ProcedureRecord>?[byNode.Length];
        Parallel.For(0, byNode.Length, n =>
        {
            if (byNode[n] is { } registrations) perNode[n] = NodeProcedures(run, new MnIdentifier(n), registrations);
        });
        var records = new List<ProcedureRecord>(perNode.Sum(p => p?.Count ?? 0));
        foreach (var p in perNode)
            if (p is not null) records.AddRange(p);
        return records;
    }

    static List<ProcedureRecord> NodeProcedures(RunContext run, MnIdentifier mn, IReadOnlyList<JournalEvent> registrations)
    {
        var records = new List<ProcedureRecord>(registrations.Count);
        var walk = new RandomWalk(run.Scenario.Seed, mn.Index, run.Scenario.Dwell);
        var router = walk.FirstRouter(run.Topology);
        var startedAt = walk.FirstAttach();
        int previous = -1, number = 0;
        foreach (var procedure in Procedures(run, registrations))
        {
            var first = (BindingRegistered)procedure[0].Event;
            number++;
            var completedAt = procedure.Max(e => UsableAt(run, e.Anchor, (BindingRegistered)e.Event));
            if (run.Composition.NodesKeepSeveralPrefixes && number > 1)
            {
                // The RA also waited for the previous router's context (HI, HAck: RFC 5949 §5.1).
                var contextAt = ContextArrival(run, startedAt, previous, first.CareOf) + run.Scenario.ProcessingDelay + run.Topology.RadioDelay;
                if (contextAt > completedAt) completedAt = contextAt;
            }
            records.Add(new ProcedureRecord(mn, number, number == 1 ? ProcedureKind.Attach : ProcedureKind.Handover,
                previous, first.CareOf, first.Prefix.PoolAnchor, startedAt, completedAt));
            // The node's next move, as its walk draws it (MobileNodeActor.Continue).
            startedAt = completedAt + walk.Dwell();
            previous = first.CareOf;
            router = walk.NextRouter(run.Topology, router);
        }
        return records;
    }

    /// <summary>
    /// A node's registrations, one group per attach or handover. With one anchor per node each
    /// registration is a procedure. With distributed anchors a procedure registers the new
    /// router's prefix and re-registers each kept one, all from the router the node arrived at,
    /// and consecutive procedures are on different routers: a run of one care-of address is one procedure.
    /// </summary>
    static IEnumerable<JournalEvent[]> Procedures(RunContext run, IEnumerable<JournalEvent> registrations)
    {
        if (!run.Composition.NodesKeepSeveralPrefixes)
        {
            foreach (var e in registrations.OrderBy(e => e.Anchor).ThenBy(e => e.SequenceNr)) yield return [e];
            yield break;
        }
        var group = new List<JournalEvent>();
        foreach (var e in registrations.OrderBy(e => e.Event.At).ThenBy(e => e.Anchor))
        {
            if (group.Count > 0 && ((BindingRegistered)group[0].Event).CareOf != ((BindingRegistered)e.Event).CareOf)
            {
                yield return group.ToArray();
                group.Clear();
            }
            group.Add(e);
        }
        if (group.Count > 0) yield return group.ToArray();
    }

    /// <summary>When the previous router's HAck reaches the new one: the RS, then HI and HAck across the routers between them.</summary>
    static ModelTime ContextArrival(RunContext run, ModelTime linkDown, int previousRouter, int router)
    {
        var s = run.Scenario;
        var hop = run.Topology.RouterToRouter(previousRouter, router).Delay;
        return linkDown + s.L2HandoverDelay + run.Topology.RadioDelay + s.ProcessingDelay + hop + s.ProcessingDelay + hop;
    }

    /// <summary>When the node holds a usable address again, given when its registration reached the anchor.</summary>
    public static ModelTime UsableAt(RunContext run, int anchor, BindingRegistered registration)
    {
        var back = registration.At + run.Scenario.ProcessingDelay + run.Topology.AnchorToRouter(anchor, registration.CareOf).Delay
                   + run.Topology.RadioDelay;
        // PMIPv6: the MAG turns the PBA into an RA on the node's link (RFC 5213 §6.9.1.2).
        return run.Composition.LocationClientHost == Functions.NodeKind.AccessRouter ? back + run.Scenario.ProcessingDelay : back;
    }
}
