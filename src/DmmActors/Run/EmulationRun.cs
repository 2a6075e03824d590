using System.Diagnostics;
using Akka.Actor;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Bootstrap;
using DmmActors.Cluster;
using DmmActors.Configuration;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Metrics;
using DmmActors.Persistence;
using DmmActors.Practices;
using DmmActors.Reports;
using DmmActors.Scenarios;

namespace DmmActors.Run;

/// <summary>One emulation run in this process: bootstrap, drive the scenario, read the anchors back.</summary>
public static class EmulationRun
{
    static readonly TimeSpan StallTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Runs the scenario. With <paramref name="cluster"/>, this process joins the cluster as the
    /// driver, and every emulated node is a sharded entity on the members with its role
    /// (anchor, access, mn); without, everything is in this process.
    /// </summary>
    public static async Task<RunSummary> ExecuteAsync(Scenario scenario, JournalTarget journal,
        IProgress<RunProgress> progress, ClusterNodeSettings? cluster = null, Storm.StormSetup? storm = null,
        Capture.CaptureSettings? capture = null)
    {
        var wallTotal = Stopwatch.StartNew();
        var resume = storm?.Resume;
        var runId = resume?.RunId ?? $"run-{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..6]}";
        // A resumed run's anchors carry on in the partitions their events are already in.
        var partitions = resume?.Run.Started.Partitions ?? journal.Partitions;
        // In a cluster the members capture what they send; the driver merges their captures at the end.
        var run = RunBootstrap.NewContext(scenario, runId, storm: storm?.Recorder, journalPartitions: partitions, capture: cluster is null ? capture : null,
            whereLostNodesStood: cluster is null ? null : nodes => Storm.ResumePoint.WhereNodesStoodAsync(journal, runId, nodes));
        // A resumed run's summary covers the whole run: what the journal holds, then what follows.
        foreach (var p in resume?.Procedures ?? []) run.Recorder.Procedure(p);
        var (topology, directory) = (run.Topology, run.Directory);

        RefuseMulticastWhereUnsupported(scenario, cluster is not null);
        Attacks.AttackRun.RefuseWhereUnsupported(scenario, storm is not null);
        var system = cluster is null
            ? DmmSystem.WithJournal("dmm", journal)
            : await ClusterNode.JoinAsync(cluster, TimeSpan.FromSeconds(60), DmmSystem.WithJournalConfig(journal));
        try
        {
            if (cluster is not null && resume is null)
                await ClusterRun.RefuseOversubscribedMembersAsync(system, scenario.MobileNodes,
                    storm?.Plan.HandoversToExpect(scenario.MobileNodes) ?? (long)scenario.MobileNodes * scenario.HandoversPerNode, cluster.AllowOversubscribe);
            var ledger = system.ActorOf(RunLedger.Props(), RunLedger.ActorName);
            var timeout = TimeSpan.FromSeconds(60);
            if (resume is null)
                await ledger.AskOrFail<RunStarted>(new RunLedger.Record(new RunStarted(runId, scenario.Practice.Name, topology.Anchors,
                    scenario.MobileNodes, scenario.ResolvedText, DateTime.UtcNow, partitions)), timeout, "the run ledger");

            if (cluster is null) run.Facts.Start(system, runId, partitions);
            var wallSpawn = Stopwatch.StartNew();
            IReadOnlyList<Address> hosts = [];
            if (cluster is null) Spawn(system, run, progress);
            else hosts = await ClusterRun.PlaceAsync(system, run, storm is null ? ScenarioDriver.Name : Storm.StormGenerator.Name, capture); // entities start on their first message
            wallSpawn.Stop();
            var residentAfterSpawn = Process.GetCurrentProcess().WorkingSet64;

            // Completed with a failure only when a member is lost in a way the run cannot recover from.
            var unrecoverable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (cluster is not null) system.ActorOf(MemberLossWatch.Props(run, hosts, unrecoverable), "member-loss");

            var attackers = Attacks.AttackRun.Start(system, run);
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var wallMobility = Stopwatch.StartNew();
            if (storm is null) await DriveAsync(system, run, progress, walksOnly: cluster is not null, unrecoverable.Task);
            else await StormAsync(system, run, storm, progress, unrecoverable.Task);
            wallMobility.Stop();
            var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
            var counters = cluster is null ? Multicast.MulticastDataPlane.InProcess(run) : () => ClusterRun.CountersAsync(system, run, hosts);
            var multicast = run.Multicast is null ? null : await Multicast.MulticastDataPlane.RunAsync(run, run.Recorder.LastCompletion, progress, counters);
            var resident = Process.GetCurrentProcess().WorkingSet64;

            var snapshots = await Task.WhenAll(directory.Anchors.Select(a =>
                a.AskOrFail<BindingCacheSnapshot>(GetBindingCache.Instance, timeout, $"anchor {a.Path.Name}")));
            var checksum = BindingsChecksum.Compute(snapshots.Select(s => (s.Anchor, s.Entries.AsEnumerable())));
            var (nodes, lost) = cluster is null
                ? ([], [])
                : await ClusterRun.ReportAsync(system, run, hosts, snapshots);
            run.Recorder.CountJournalOutage(system);
            var summary = RunSummary.From(run, snapshots, checksum, wallMobility.Elapsed, journal.Display) with
            {
                Cluster = nodes,
                ClusterNodesLost = lost,
                Multicast = multicast,
                Attacks = await Attacks.AttackRun.TallyAsync(attackers, timeout),
            };
            // Before the run is marked completed, its procedure facts are in the journal for replay to read.
            await run.Facts.MakeDurableAsync(timeout);
            await ledger.AskOrFail<RunCompleted>(new RunLedger.Record(new RunCompleted(runId, checksum, summary.Handovers)), timeout, "the run ledger");
            var captured = cluster is not null
                ? capture is null ? null : await ClusterCapture.CollectAsync(system, run, nodes.Select(n => n.Node), capture)
                : run.Signalling.Capture is null ? null : await run.Signalling.Capture.CompleteAsync();
            return summary with
            {
                Capture = captured,
                WallTotalSeconds = wallTotal.Elapsed.TotalSeconds,
                WallSpawnSeconds = wallSpawn.Elapsed.TotalSeconds,
                ResidentBytes = resident,
                ResidentBytesAfterSpawn = residentAfterSpawn,
                AllocatedBytesDuringMobility = allocated,
            };
        }
        finally
        {
            if (run.Signalling.Capture is not null) await run.Signalling.Capture.CompleteAsync();
            if (cluster is null) await system.Terminate();
            else await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
        }
    }

    /// <summary>
    /// The MTMA (RFC 7028 §3.1) is one actor that every access router's MLD proxy reaches; a
    /// cluster run has no member to host it, so that mode is refused there before anything is written.
    /// </summary>
    public static void RefuseMulticastWhereUnsupported(Scenario scenario, bool cluster)
    {
        if (!scenario.Multicast.Enabled || !cluster || scenario.Multicast.Mode != MulticastMode.Mtma) return;
        throw new InputError("multicast mode mtma needs one MTMA that every member's routers reach, which a cluster run does not place; " +
                             "use mode proxy or direct (dmm.scenario.multicast.mode) with --cluster");
    }

    /// <summary>One process holds every role: each node is a plain actor, and the directory holds its reference.</summary>
    static void Spawn(ActorSystem system, RunContext run, IProgress<RunProgress> progress)
    {
        var (topology, directory, nodes) = (run.Topology, run.Directory, run.Scenario.MobileNodes);
        progress.Report(new RunProgress("spawn", 0, nodes));
        for (int a = 0; a < topology.Anchors; a++) directory.Anchors[a] = system.ActorOf(AnchorActor.Props(run, a), $"anchor-{a}");
        for (int r = 0; r < topology.AccessRouters; r++) directory.AccessRouters[r] = system.ActorOf(AccessRouterActor.Props(run, r), $"ar-{r}");
        for (int c = 0; c < topology.Correspondents; c++) directory.Correspondents[c] = system.ActorOf(CorrespondentActor.Props(run, c), $"cn-{c}");
        if (run.Multicast is { Settings.Mode: Scenarios.MulticastMode.Mtma } plan) directory.Mtma = system.ActorOf(MtmaActor.Props(run, plan), "mtma");
        for (int m = 0; m < nodes; m++)
        {
            directory.MobileNodes[m] = system.ActorOf(MobileNodeActor.Props(run, new MnIdentifier(m)), $"mn-{m}");
            if ((m & 0x3FFF) == 0) progress.Report(new RunProgress("spawn", m, nodes));
        }
    }

    /// <summary>
    /// Runs the walks to the end, failing the run if nothing moves for StallTimeout. In a
    /// cluster run the procedures are recorded on the mobile nodes' members, so the driver
    /// counts finished walks instead.
    /// </summary>
    static async Task DriveAsync(ActorSystem system, RunContext run, IProgress<RunProgress> progress, bool walksOnly, Task unrecoverable)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(ScenarioDriver.Props(run, done), ScenarioDriver.Name).Tell(new ScenarioDriver.Begin());
        var (phase, expected) = walksOnly
            ? ("walks", (long)run.Scenario.MobileNodes)
            : ("mobility", (long)run.Scenario.MobileNodes * (1 + run.Scenario.HandoversPerNode));
        long Done() => walksOnly ? run.Recorder.WalksFinished : run.Recorder.ProceduresCompleted;
        await UntilDone(run, done.Task, unrecoverable, () => progress.Report(new RunProgress(phase, Done(), expected)));
        progress.Report(new RunProgress(phase, Done(), expected));
    }

    /// <summary>A storm instead of walks: the generator reports its own progress.</summary>
    static async Task StormAsync(ActorSystem system, RunContext run, Storm.StormSetup storm, IProgress<RunProgress> progress, Task unrecoverable)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(Storm.StormGenerator.Props(run, storm, done, progress), Storm.StormGenerator.Name).Tell(new Storm.StormGenerator.Begin());
        await UntilDone(run, done.Task, unrecoverable, () => { });
    }

    /// <summary>Waits for the run to end, failing it if nothing moves for StallTimeout.</summary>
    static async Task UntilDone(RunContext run, Task done, Task unrecoverable, Action reportProgress)
    {
        var lastProgress = -1L;
        var lastChange = Stopwatch.StartNew();
        while (!done.IsCompleted)
        {
            if (unrecoverable.IsCompleted) await unrecoverable;
            reportProgress();
            // Refreshes at the end of the run complete no procedure, so signalling counts as progress too.
            var moved = run.Recorder.ProceduresCompleted + run.Recorder.Signalling.Total + run.Recorder.WalksFinished;
            if (moved != lastProgress) { lastProgress = moved; lastChange.Restart(); }
            else if (lastChange.Elapsed > StallTimeout)
                throw new RunFailed($"no signalling for {StallTimeout.TotalSeconds:0} s of wall-clock time; the run is stuck");
            await Task.WhenAny(done, Task.Delay(250));
        }
        await done;
    }
}
