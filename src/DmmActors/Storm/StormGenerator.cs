using Akka.Actor;
using DmmActors.Persistence;
using DmmActors.Bootstrap;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Metrics;
using DmmActors.Practices;
using DmmActors.Randomness;

namespace DmmActors.Storm;

/// <summary>
/// Drives a storm: attaches every node, then runs the plan's phases one after the other in
/// wall-clock time, handing each due handover to a node that is idle (chosen at random). A
/// handover due while every node is busy waits in a backlog and keeps its scheduled time.
/// When the last phase is over and every handover is done, the location clients extend their
/// bindings to the end of the run, as after a walk. A resumed run's nodes start where its
/// journal left them (<see cref="ResumePoint"/>); only the others attach.
/// </summary>
/// <remarks>
/// Model time follows the plan: each phase begins, in model time, when the attachments ended plus
/// the durations of the phases before it, and within an open-model phase (inject, ramp, burst)
/// handovers arrive as a Poisson process at the phase's rate, each gap an exponential draw whose
/// mean is the gap the wall-clock schedule leaves there; a closed-model phase's handover arrives
/// at the model time as far into the phases as it is on the wall clock. A node whose own clock is
/// past its handover's moment leaves at once. So a storm's rate is its rate in model time too,
/// and the anchors' queues see it.
/// </remarks>
public sealed class StormGenerator : ReceiveActor, IWithTimers
{
    public const string Name = "storm";

    public sealed record Begin;
    sealed record Tick { public static readonly Tick Instance = new(); }

    static readonly TimeSpan TickEvery = TimeSpan.FromMilliseconds(10);

    readonly RunContext run;
    readonly StormSetup storm;
    readonly TaskCompletionSource done;
    readonly IProgress<RunProgress> progress;
    readonly List<int> idle = new();
    readonly Queue<(long Scheduled, Addressing.ModelTime At)> backlog = new();
    SplitMix64 rng;
    /// <summary>The model-time gaps between an open phase's arrivals, a stream of their own, so the nodes picked are the same draws as before.</summary>
    SplitMix64 gaps;
    int attached, attachStarted, phase = -1, extending, seconds;
    /// <summary>Each phase's description, and the handovers the open-model phases schedule: fixed by the plan.</summary>
    readonly string[] phaseNames;
    readonly long planned;
    long phaseStart, issuedInPhase, triggeredThisSecond, completedThisSecond, inFlight, completedInStorm, lastSecond;
    long triggeredTotal;
    Addressing.ModelTime lastCompletion;
    /// <summary>When the phases began, on the wall clock and in model time; when the last arrival of the open phase is due, in model time.</summary>
    long phasesBegan;
    Addressing.ModelTime modelOrigin, lastArrival;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(RunContext run, StormSetup storm, TaskCompletionSource done, IProgress<RunProgress> progress) =>
        Akka.Actor.Props.Create(() => new StormGenerator(run, storm, done, progress));

    public StormGenerator(RunContext run, StormSetup storm, TaskCompletionSource done, IProgress<RunProgress> progress)
    {
        this.run = run;
        this.storm = storm;
        this.done = done;
        this.progress = progress;
        rng = new SplitMix64(run.Scenario.Seed ^ 0x5702_A4UL);
        gaps = new SplitMix64(run.Scenario.Seed ^ 0xA771_7A1UL);
        var nodes = run.Directory.MobileNodes;
        phaseNames = storm.Plan.Phases.Select(p => p.Describe(nodes.Length)).ToArray();
        planned = storm.Plan.ScheduledHandovers(nodes.Length);

        Receive<Begin>(_ =>
        {
            EndOfRun.WatchAnchors(Context, run);
            if (storm.Resume is { } resume) Restore(resume);
            SkipRestored();
            RepeatMovesCutShort();
            while (attachStarted < nodes.Length && attachesInFlight < run.Scenario.MaxInFlight) StartAttach();
            if (attached == nodes.Length) BeginPhases();
        });
        Receive<MobilityFinished>(f =>
        {
            if (f.LastCompletion > lastCompletion) lastCompletion = f.LastCompletion;
            run.Recorder.CompletedBy(f.LastCompletion);
            if (phase < 0) OnAttached(f);
            else OnHandoverDone(f);
        });
        Receive<Tick>(_ => OnTick());
        Receive<BindingsExtended>(_ =>
        {
            if (--extending == 0) done.TrySetResult();
        });
        Receive<Terminated>(t => done.TrySetException(EndOfRun.AnchorStopped(t, "the storm")));
    }

    IReadOnlyList<LoadPhase> Phases => storm.Plan.Phases;

    string PhaseName => phase < phaseNames.Length ? phaseNames[phase] : "draining";

    int attachesInFlight;

    /// <summary>Nodes the journal already has attached (a resumed run) are idle from the start.</summary>
    readonly HashSet<int> restored = new();

    /// <summary>Restored nodes that repeat the move the stop cut short before the phases begin, as the others attach.</summary>
    readonly List<int> cutShort = new();

    void Restore(ResumePoint resume)
    {
        foreach (var (mn, state) in resume.Nodes)
        {
            var node = run.Directory.MobileNodes[mn];
            node.Tell(new RestoreNode(state), Self);
            // Only a MAG keeps a binding update list for its nodes; a MIPv6 node keeps its own (RestoreNode).
            var restoresCutShort = run.Services.Get<Emulation.IResumeRule>().RestoresCutShortNodesAtTheirRouter;
            if ((restoresCutShort ? state.BindingAtJournalsRouter : state.BindingAtItsRouter) is { } binding && binding.CareOf < run.Topology.AccessRouters
                && run.Services.Get<Functions.INodeComposition>().LocationClientHost == Addressing.NodeKind.AccessRouter)
            {
                var restore = new RestoreBinding(state.Last.MobileNode, state.Last.Anchor,
                    new Protocol.ProcedureRef(state.Last.MobileNode, state.Last.Number, state.Last.Kind), binding);
                run.Directory.AccessRouters[state.Last.ToRouter].Tell(restore);
                // The router the cut-short move reached hears of it too, before the node's arrival there, which it passes on after it.
                if (binding.CareOf != state.Last.ToRouter) run.Directory.AccessRouters[binding.CareOf].Tell(restore);
                // Then what its moves left behind, for the router to have let go.
                if (restoresCutShort)
                    foreach (var left in state.LeftAtRegionalAnchors) run.Directory.AccessRouters[state.Last.ToRouter].Tell(restore with { Binding = left });
            }
            foreach (var router in resume.LeftBehind.GetValueOrDefault(mn) ?? [])
                run.Directory.AccessRouters[router].Tell(new Protocol.LinkDown(
                    new Protocol.ProcedureRef(state.Last.MobileNode, state.Last.Number, Protocol.ProcedureKind.Handover), state.Now, state.Last.MobileNode));
            restored.Add(mn);
            if (state.MoveCutShort) cutShort.Add(mn);
            else idle.Add(mn);
            if (state.Now > lastCompletion) lastCompletion = state.Now;
        }
        attached = restored.Count - cutShort.Count;
    }

    void RepeatMovesCutShort()
    {
        foreach (var mn in cutShort)
        {
            run.Directory.MobileNodes[mn].Tell(new TriggerHandover(StormClock.Now, Addressing.ModelTime.Zero), Self);
            attachesInFlight++;
        }
    }

    void SkipRestored()
    {
        while (attachStarted < run.Directory.MobileNodes.Length && restored.Contains(attachStarted)) attachStarted++;
    }

    void StartAttach()
    {
        run.Directory.MobileNodes[attachStarted++].Tell(StartMobility.Instance, Self);
        attachesInFlight++;
        SkipRestored();
    }

    void OnAttached(MobilityFinished f)
    {
        attachesInFlight--;
        idle.Add(f.MobileNode.Index);
        progress.Report(new RunProgress("attach", ++attached, run.Directory.MobileNodes.Length));
        if (attachStarted < run.Directory.MobileNodes.Length) StartAttach();
        if (attached == run.Directory.MobileNodes.Length) BeginPhases();
    }

    void BeginPhases()
    {
        (phasesBegan, modelOrigin) = (StormClock.Now, lastCompletion);
        lastSecond = phasesBegan;
        if (storm.Resume is { } resume && storm.CarriesOnSchedule) CarryOn(resume);
        else StartPhase(0);
        Timers.StartPeriodicTimer("tick", Tick.Instance, TickEvery);
    }

    /// <summary>
    /// A resumed storm takes its schedule up where the stop left it rather than from its start.
    /// Where every phase is open-model the handovers the journal shows done, and the moves cut
    /// short (made again before the phases), were issued already, and the schedule is entered at
    /// the arrival that comes next. A closed-model phase's handovers are not scheduled, so with one
    /// in the plan the schedule is entered where its last recorded position (StormProgress, each
    /// second) says: up to a second of it runs again. Both clocks are set back by how far in that
    /// is, so the rest of the plan keeps its timing.
    /// </summary>
    void CarryOn(ResumePoint resume)
    {
        var n = run.Directory.MobileNodes.Length;
        completedInStorm = resume.HandoversDone;
        var (k, into, issuedInto) = storm.Plan.HasClosedPhase && resume.Run.StormProgress is { } recorded
            ? (recorded.Phase, recorded.IntoPhase, recorded.IssuedInPhase)
            : storm.Plan.PositionAfter(resume.HandoversDone + resume.MovesCutShort, n);
        storm.Recorder.CarriedOn(new StormCarryOn(resume.HandoversDone, resume.MovesCutShort, k, into));
        if (k >= Phases.Count)
        {
            // The stop came after the last arrival: only what it cut short is left.
            phase = Phases.Count;
            return;
        }
        var back = Phases.Take(k).Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Duration) + into;
        phasesBegan = StormClock.Before(phasesBegan, back);
        modelOrigin -= Addressing.ModelTime.FromTimeSpan(back);
        StartPhase(k, into, issuedInto);
    }

    /// <summary>Enters phase <paramref name="index"/>, <paramref name="into"/> it with <paramref name="issued"/> of its arrivals out (a resumed storm's).</summary>
    void StartPhase(int index, TimeSpan into = default, long issued = 0)
    {
        phase = index;
        var now = StormClock.Now;
        phaseStart = StormClock.Before(now, into);
        issuedInPhase = issued;
        lastArrival = modelOrigin + Addressing.ModelTime.FromTimeSpan(Phases.Take(index).Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Duration) + into);
        RecordProgress(now);
    }

    void OnHandoverDone(MobilityFinished f)
    {
        inFlight--;
        completedThisSecond++;
        completedInStorm++;
        if (backlog.Count > 0)
        {
            var (scheduled, at) = backlog.Dequeue();
            Trigger(f.MobileNode.Index, scheduled, at);
        }
        else idle.Add(f.MobileNode.Index);
        if (phase >= Phases.Count && inFlight == 0 && backlog.Count == 0) Finish();
    }

    void OnTick()
    {
        var now = StormClock.Now;
        while (phase < Phases.Count && StormClock.Elapsed(phaseStart, now) >= Phases[phase].Duration)
        {
            IssueDue(Phases[phase], Phases[phase].Duration); // arrivals due in the phase's last tick
            StartPhase(phase + 1);
        }
        if (phase < Phases.Count) IssueDue(Phases[phase], StormClock.Elapsed(phaseStart, now));
        if (StormClock.Elapsed(lastSecond, now) >= TimeSpan.FromSeconds(1)) EndSecond(now);
        progress.Report(new RunProgress(PhaseName, completedInStorm, Math.Max(planned, triggeredTotal)));
        if (phase >= Phases.Count && inFlight == 0 && backlog.Count == 0) Finish();
    }

    void IssueDue(LoadPhase p, TimeSpan elapsed)
    {
        var n = run.Directory.MobileNodes.Length;
        if (p is ConstantPhase constant)
        {
            while (inFlight + backlog.Count < constant.InFlight && idle.Count > 0)
            {
                var now = StormClock.Now;
                Issue(now, modelOrigin + Addressing.ModelTime.FromTimeSpan(StormClock.Elapsed(phasesBegan, now)));
            }
            return;
        }
        var due = (long)Math.Floor(p.DueBy(elapsed, n));
        for (; issuedInPhase < due; issuedInPhase++)
        {
            var gap = p.ArrivalOf(issuedInPhase + 1, n) - p.ArrivalOf(issuedInPhase, n);
            lastArrival += new Addressing.ModelTime((long)Math.Round(gaps.NextExponential(gap.Ticks / 10.0)));
            Issue(StormClock.After(phaseStart, p.ArrivalOf(issuedInPhase, n)), lastArrival);
        }
    }

    void Issue(long scheduled, Addressing.ModelTime at)
    {
        triggeredThisSecond++;
        triggeredTotal++;
        if (idle.Count == 0)
        {
            backlog.Enqueue((scheduled, at));
            return;
        }
        var pick = rng.NextInt(idle.Count);
        var node = idle[pick];
        idle[pick] = idle[^1];
        idle.RemoveAt(idle.Count - 1);
        Trigger(node, scheduled, at);
    }

    void Trigger(int node, long scheduled, Addressing.ModelTime at)
    {
        inFlight++;
        run.Directory.MobileNodes[node].Tell(new TriggerHandover(scheduled, at), Self);
    }

    long shedBefore, backedOffBefore;

    /// <summary>Where the schedule stands, into the journal's ledger: each second, and as each phase begins.</summary>
    void RecordProgress(long now)
    {
        if (phase < Phases.Count)
            Context.System.ActorSelection($"/user/{RunLedger.ActorName}").Tell(new RunLedger.Record(new StormProgress(run.RunId, phase,
                (long)StormClock.Elapsed(phaseStart, now).TotalMicroseconds, issuedInPhase)), ActorRefs.NoSender);
    }

    void EndSecond(long now)
    {
        RecordProgress(now);
        // In one process the anchors and MAGs count here; on a cluster's members they count apart, and these stay 0.
        var (shed, backedOff) = (run.Recorder.Counters[Metrics.Counter.RegistrationsShed], run.Recorder.Counters[Metrics.Counter.RegistrationsBackedOff]);
        storm.Recorder.Second(new StormSecond(++seconds, PhaseName, triggeredThisSecond, completedThisSecond, inFlight, backlog.Count,
            shed - shedBefore, backedOff - backedOffBefore, System.Diagnostics.Process.GetCurrentProcess().WorkingSet64));
        (shedBefore, backedOffBefore) = (shed, backedOff);
        triggeredThisSecond = completedThisSecond = 0;
        lastSecond = now;
    }

    void Finish()
    {
        if (extending > 0 || done.Task.IsCompleted) return;
        Timers.CancelAll();
        EndSecond(StormClock.Now);
        extending = EndOfRun.ExtendBindings(run, lastCompletion, Self);
    }
}
