using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Metrics;
using DmmActors.Persistence;
using DmmActors.Practices;
using DmmActors.Protocol;
using DmmActors.Replay;
using DmmActors.Run;
using DmmActors.Scenarios;

namespace DmmActors.Storm;

/// <summary>Where one mobile node stood when its run stopped: after its last completed procedure.</summary>
public sealed record NodeResume(ProcedureRecord Last, BindingRegistered? Binding);

/// <summary>
/// A run that stopped before its end (a SIGKILL mid-storm), read back from its journal so that
/// a storm can carry it on under the same run id. Each node resumes after its last
/// registration the journal holds, its seeded walk advanced by the moves it made; a node
/// that had already left its access router (its de-registration is in the journal, its next
/// registration is not) repeats that move exactly. Only the journal is read: what the killed
/// process had not made durable never happened.
/// </summary>
public sealed record ResumePoint(JournalRun Run, Scenario Scenario, IReadOnlyList<ProcedureRecord> Procedures,
    IReadOnlyDictionary<int, NodeResume> Nodes)
{
    public string RunId => Run.Started.RunId;

    public static async Task<ResumePoint> LoadAsync(string journalArgument, string? runId)
    {
        var replay = await JournalReplay.ReplayAsync(journalArgument, runId is "latest" ? null : runId);
        if (replay.Run.Completed is not null)
            throw new InputError($"run {replay.Run.Started.RunId} completed; there is nothing to resume (start a new storm on the journal instead)");
        var scenario = replay.Scenario;
        if (new Composition(scenario.Practice).NodesKeepSeveralPrefixes)
            throw new InputError($"run {replay.Run.Started.RunId}: resuming is supported for the practices with one anchor per node (PMIPv6, MIPv6), " +
                                 $"not {scenario.Practice.Name}: its journal does not yet record a node's sessions and kept prefixes");
        if (scenario.Multicast.Enabled)
            throw new InputError($"run {replay.Run.Started.RunId}: a multicast run is not resumed: its routers' group memberships before the stop are not in the journal");
        if (replay.Violations.Count > 0)
            throw new RunFailed($"run {replay.Run.Started.RunId}: its journal breaks {replay.Violations.Count} invariants (see dmm replay); not resumed");

        var procedures = replay.Summary.Procedures;
        // Each node's latest event at each anchor, found in one pass over the journal.
        var latest = new Dictionary<(int Anchor, int Mn), JournalEvent>();
        foreach (var e in replay.Events)
            if (!latest.TryGetValue((e.Anchor, e.Event.MnId.Index), out var seen) || e.SequenceNr > seen.SequenceNr)
                latest[(e.Anchor, e.Event.MnId.Index)] = e;
        var nodes = new Dictionary<int, NodeResume>();
        foreach (var last in procedures.GroupBy(p => p.MobileNode.Index).Select(g => g.MaxBy(p => p.Number)!))
        {
            // The node's binding as its MAG last registered or refreshed it, unless the MAG has
            // since de-registered it: then the node had left, and its MAG holds nothing.
            var binding = latest.GetValueOrDefault((last.Anchor, last.MobileNode.Index)).Event as BindingRegistered;
            nodes[last.MobileNode.Index] = new NodeResume(last, binding is { } b && b.CareOf == last.ToRouter ? b : null);
        }
        return new ResumePoint(replay.Run, scenario, procedures, nodes);
    }
}

/// <summary>Puts a mobile node back where its journal says it was (sent by the storm generator, which it reports to).</summary>
public sealed record RestoreNode(NodeResume State) : IDmmMessage;

/// <summary>
/// Puts a node's binding update list entry back into its MAG, as the node's last registration
/// left it. The MAG reaches the node through its own directory, which on a cluster member is
/// that member's way to the node's shard.
/// </summary>
public sealed record RestoreBinding(MnIdentifier MobileNode, int Lma, ProcedureRef Procedure, BindingRegistered Binding) : IDmmMessage;
