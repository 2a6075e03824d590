using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Configuration;
using DmmActors.Control;
using DmmActors.Metrics;
using DmmActors.Persistence;
using DmmActors.Protocol;
using DmmActors.Replay;
using DmmActors.Scenarios;

namespace DmmActors.Storm;

/// <summary>
/// A run that stopped before its end (a SIGKILL mid-storm), read back from its journal so that
/// a storm can carry it on under the same run id. Each node resumes after the last procedure it
/// recorded, its walk in the state recorded with it; a node whose next move had begun (its
/// de-registration, or even its next registration, is in the journal, its next fact is not)
/// repeats that move exactly. Only the journal is read: what the killed process had not made
/// durable never happened.
/// </summary>
/// <param name="LeftBehind">
/// Per node, the access routers whose own anchor (RFC 8885 §3's function of the router) still
/// holds a binding for it while it stands elsewhere: moves whose facts the stop lost left them.
/// Each is told the node is gone, as it would have been, so that it releases what it holds.
/// </param>
public sealed record ResumePoint(JournalRun Run, Scenario Scenario, IReadOnlyList<ProcedureRecord> Procedures,
    IReadOnlyDictionary<int, NodeResume> Nodes, IReadOnlyDictionary<int, IReadOnlyList<int>> LeftBehind)
{
    public string RunId => Run.Started.RunId;

    public int MovesCutShort => Nodes.Values.Count(n => n.MoveCutShort);

    /// <summary>The storm's handovers completed before the stop, as the journal recorded them.</summary>
    public long HandoversDone => Procedures.LongCount(p => p.Kind == ProcedureKind.Handover);

    public static async Task<ResumePoint> LoadAsync(string journalArgument, string? runId)
    {
        var replay = await JournalReplay.ReplayAsync(journalArgument, runId is "latest" ? null : runId);
        if (replay.Run.Completed is not null)
            throw new InputError($"run {replay.Run.Started.RunId} completed; there is nothing to resume (start a new storm on the journal instead)");
        var scenario = replay.Scenario;
        var rule = replay.Services.Get<Emulation.IResumeRule>();
        if (rule.Refusal is { } refusal)
            throw new InputError($"run {replay.Run.Started.RunId}: resuming is not supported for {scenario.PracticeName} yet: {refusal}");
        if (scenario.Multicast.Enabled)
            throw new InputError($"run {replay.Run.Started.RunId}: a multicast run is not resumed: its routers' group memberships before the stop are not in the journal");
        if (replay.Violations.Count > 0)
            throw new RunFailed($"run {replay.Run.Started.RunId}: its journal breaks {replay.Violations.Count} invariants (see dmm replay); not resumed");

        if (!replay.ProceduresRecorded)
            throw new InputError($"run {replay.Run.Started.RunId}: its journal holds no recorded procedures (it was written before dmm recorded them), " +
                                 "so where each node stood is not known; it is not resumed");
        var procedures = replay.Summary.Procedures;
        var (nodes, leftBehind) = WhereNodesStood(replay);
        // A host puts its binding update list back from when its last registration was sent, which events of schema v1 do not hold.
        if (rule.NodesKeepBindingUpdateLists && nodes.Values.FirstOrDefault(n => n.Binding is { RequestSentAt: null }) is { } unsent)
            throw new InputError($"run {replay.Run.Started.RunId}: its journal was written before dmm recorded when each registration was sent " +
                                 $"(BindingRegistered.v1), so {unsent.Last.MobileNode}'s binding update list cannot be put back; it is not resumed");
        return new ResumePoint(replay.Run, scenario, procedures, nodes, leftBehind);
    }

    /// <summary>
    /// Where the journal of <paramref name="runId"/> last saw each of <paramref name="mobileNodes"/>,
    /// read while the run goes on, as a restart there: a cluster member lost with the nodes and the
    /// routers they stood on leaves nothing else that says. A node stands after its last recorded
    /// procedure, from the latest time the anchors hold of it (<see cref="NodeResume.Now"/>), so
    /// its registration there is newer than any they accepted (RFC 5213 §5.5); one whose attach was
    /// not yet recorded stands on its first router. Nodes the journal holds nothing of are left out.
    /// </summary>
    public static async Task<IReadOnlyDictionary<int, RestartNode>> WhereNodesStoodAsync(JournalTarget journal, string runId, IReadOnlyCollection<int> mobileNodes)
    {
        var replay = await JournalReplay.ReplayAsync(journal, runId);
        var (stood, _) = WhereNodesStood(replay);
        var wanted = mobileNodes.ToHashSet();
        var restarts = new Dictionary<int, RestartNode>();
        foreach (var mn in wanted.Where(stood.ContainsKey))
        {
            var last = stood[mn].Last;
            restarts[mn] = new RestartNode(new ProcedureRef(last.MobileNode, last.Number, last.Kind), last.ToRouter, stood[mn].Now, 0);
        }
        var firstRouters = Bootstrap.RunBootstrap.FirstRouters(replay.Scenario, Practices.PracticeTopology.Of(replay.Scenario));
        foreach (var seen in replay.Events.Where(e => wanted.Contains(e.Event.MnId.Index) && !stood.ContainsKey(e.Event.MnId.Index)).GroupBy(e => e.Event.MnId))
            restarts[seen.Key.Index] = new RestartNode(new ProcedureRef(seen.Key, 1, ProcedureKind.Attach), firstRouters[seen.Key.Index], seen.Max(e => e.Event.At), 0);
        return restarts;
    }

    /// <summary>Each node after the last procedure it recorded, and the routers whose own anchors hold what its lost moves left there.</summary>
    static (Dictionary<int, NodeResume> Nodes, Dictionary<int, IReadOnlyList<int>> LeftBehind) WhereNodesStood(ReplayResult replay)
    {
        // Each node's latest event at each anchor, and its latest anywhere, found in one pass over the journal.
        var latest = new Dictionary<(int Anchor, int Mn), JournalEvent>();
        var lastSeen = new Dictionary<int, ModelTime>();
        foreach (var e in replay.Events)
        {
            if (!latest.TryGetValue((e.Anchor, e.Event.MnId.Index), out var seen) || e.SequenceNr > seen.SequenceNr)
                latest[(e.Anchor, e.Event.MnId.Index)] = e;
            if (!lastSeen.TryGetValue(e.Event.MnId.Index, out var at) || e.Event.At > at) lastSeen[e.Event.MnId.Index] = e.Event.At;
        }
        var topology = Practices.PracticeTopology.Of(replay.Scenario);
        var nodes = new Dictionary<int, NodeResume>();
        foreach (var fact in replay.Facts.GroupBy(f => f.Procedure.MobileNode.Index).Select(g => g.MaxBy(f => f.Procedure.Number)))
        {
            var last = fact.Procedure;
            var mn = last.MobileNode.Index;
            var binding = latest.GetValueOrDefault((last.Anchor, mn)).Event as BindingRegistered;
            // Down the chain of regional care-of addresses to the registration that names a router (RFC 5380 §6.2's RCoA; 3GPP's PGW to SGW).
            var atRouter = binding;
            var chain = new HashSet<int> { last.Anchor };
            for (int hops = 0; atRouter is { } r && CareOfAddress.IsRegional(r.CareOf, topology.AccessRouters, out var regional) && hops < topology.Anchors; hops++)
            {
                chain.Add(regional);
                atRouter = latest.GetValueOrDefault((regional, mn)).Event as BindingRegistered;
            }
            var leftAtRegional = Enumerable.Range(topology.FirstRegionalAnchor, topology.RegionalAnchors)
                .Where(a => !chain.Contains(a) && latest.GetValueOrDefault((a, mn)).Event is BindingRegistered)
                .Select(a => (BindingRegistered)latest[(a, mn)].Event).ToArray();
            var now = lastSeen.TryGetValue(mn, out var seenAt) && seenAt > last.CompletedAt ? seenAt : last.CompletedAt;
            nodes[mn] = new NodeResume(last, binding, fact.WalkState, now) { RouterBinding = atRouter, LeftAtRegionalAnchors = leftAtRegional };
        }
        var leftBehind = latest
            .Where(l => l.Value.Event is BindingRegistered r && topology.IsFunctionOf(l.Key.Anchor, r.CareOf)
                        && nodes.TryGetValue(l.Key.Mn, out var node) && node.Last.ToRouter != r.CareOf)
            .GroupBy(l => l.Key.Mn, l => ((BindingRegistered)l.Value.Event).CareOf)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<int>)g.Order().ToArray());
        return (nodes, leftBehind);
    }
}
