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
    public static IReadOnlyList<ProcedureRecord> Rebuild(RunContext run, IEnumerable<JournalEvent> events)
    {
        if (run.Practice.Distributed) return RebuildDistributed(run, events);
        var byNode = events
            .Where(e => e.Event is BindingRegistered { Kind: not RegistrationKind.Refresh })
            .GroupBy(e => e.Event.MnId.Index);
        var records = new List<ProcedureRecord>();
        foreach (var node in byNode.OrderBy(g => g.Key))
        {
            var mn = new MnIdentifier(node.Key);
            var walk = new RandomWalk(run.Scenario.Seed, mn.Index, run.Scenario.Dwell);
            var router = walk.FirstRouter(run.Topology);
            var startedAt = walk.FirstAttach();
            int previous = -1, number = 0;
            foreach (var e in node.OrderBy(e => e.Anchor).ThenBy(e => e.SequenceNr))
            {
                var registration = (BindingRegistered)e.Event;
                var completedAt = UsableAt(run, e.Anchor, registration);
                number++;
                records.Add(new ProcedureRecord(mn, number, number == 1 ? ProcedureKind.Attach : ProcedureKind.Handover,
                    previous, registration.CareOf, e.Anchor, startedAt, completedAt));
                // The node's next move, as its walk draws it (MobileNodeActor.Continue).
                startedAt = completedAt + walk.Dwell();
                previous = registration.CareOf;
                router = walk.NextRouter(run.Topology, router);
            }
        }
        return records;
    }

    /// <summary>
    /// With distributed anchors every attach and handover registers the prefix of the router the
    /// node arrives at; registrations of kept prefixes (from other routers' pools) go with it.
    /// The procedure's end is taken from that registration alone: a lower bound where kept
    /// prefixes were answered later, which is why a replay does not claim the live latencies.
    /// </summary>
    static IReadOnlyList<ProcedureRecord> RebuildDistributed(RunContext run, IEnumerable<JournalEvent> events)
    {
        var records = new List<ProcedureRecord>();
        var local = events
            .Where(e => e.Event is BindingRegistered { Kind: not RegistrationKind.Refresh } r && r.Prefix.PoolAnchor == r.CareOf)
            .GroupBy(e => e.Event.MnId.Index);
        foreach (var node in local.OrderBy(g => g.Key))
        {
            int previous = -1, number = 0;
            foreach (var e in node.OrderBy(e => e.Event.At))
            {
                var r = (BindingRegistered)e.Event;
                number++;
                records.Add(new ProcedureRecord(r.MnId, number, number == 1 ? ProcedureKind.Attach : ProcedureKind.Handover,
                    previous, r.CareOf, r.Prefix.PoolAnchor, r.At, UsableAt(run, e.Anchor, r)));
                previous = r.CareOf;
            }
        }
        return records;
    }

    /// <summary>When the node holds a usable address again, given when its registration reached the anchor.</summary>
    public static ModelTime UsableAt(RunContext run, int anchor, BindingRegistered registration)
    {
        var back = registration.At + run.Scenario.ProcessingDelay + run.Topology.AnchorToRouter(anchor, registration.CareOf).Delay
                   + run.Topology.RadioDelay;
        // PMIPv6: the MAG turns the PBA into an RA on the node's link (RFC 5213 §6.9.1.2).
        return run.Practice.Signalling == Practices.Signalling.NetworkBased ? back + run.Scenario.ProcessingDelay : back;
    }
}
