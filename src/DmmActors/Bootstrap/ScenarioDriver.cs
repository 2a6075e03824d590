using Akka.Actor;
using DmmActors.Control;
using DmmActors.Emulation;

namespace DmmActors.Bootstrap;

/// <summary>
/// Starts the mobile nodes, keeping at most max-in-flight of them moving at once (wall
/// clock). When every walk is over, it has each location client refresh its bindings up to
/// the model time the run ends at, so the final binding caches hold every node.
/// </summary>
public sealed class ScenarioDriver : ReceiveActor
{
    public const string Name = "driver";

    public sealed record Begin;

    /// <summary>A cluster member with mobile nodes was lost: start again every node started whose walk has not been reported over.</summary>
    public sealed record StartUnfinished
    {
        public static readonly StartUnfinished Instance = new();
    }

    public static Props Props(RunContext run, TaskCompletionSource done) =>
        Akka.Actor.Props.Create(() => new ScenarioDriver(run, done));

    public ScenarioDriver(RunContext run, TaskCompletionSource done)
    {
        var nodes = run.Directory.MobileNodes;
        int next = 0, finished = 0, extending = 0;
        var lastCompletion = Addressing.ModelTime.Zero;
        void StartNext() => nodes[next++].Tell(StartMobility.Instance, Self);

        Receive<Begin>(_ =>
        {
            EndOfRun.WatchAnchors(Context, run);
            while (next < nodes.Length && next < run.Scenario.MaxInFlight) StartNext();
        });
        // A node restarted after its cluster member was lost may report a walk it had reported already.
        var reported = new System.Collections.BitArray(nodes.Length);
        Receive<MobilityFinished>(f =>
        {
            if (reported[f.MobileNode.Index]) return;
            reported[f.MobileNode.Index] = true;
            if (f.LastCompletion > lastCompletion) lastCompletion = f.LastCompletion;
            run.Recorder.WalkFinished(f.LastCompletion);
            if (next < nodes.Length) StartNext();
            if (++finished < nodes.Length) return;
            extending = EndOfRun.ExtendBindings(run, lastCompletion, Self);
        });
        // A start sent to a node whose member was lost before anyone knew it went nowhere; nodes
        // already started, or restarted by their router, take a second start as a no-op.
        Receive<StartUnfinished>(_ =>
        {
            for (int i = 0; i < next; i++)
                if (!reported[i]) nodes[i].Tell(StartMobility.Instance, Self);
        });
        Receive<BindingsExtended>(_ =>
        {
            if (--extending == 0) done.TrySetResult();
        });
        Receive<Terminated>(t => done.TrySetException(EndOfRun.AnchorStopped(t, "the run")));
    }
}
