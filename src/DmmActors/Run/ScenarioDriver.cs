using Akka.Actor;

namespace DmmActors.Run;

/// <summary>
/// Starts the mobile nodes, keeping at most max-in-flight of them moving at once (wall
/// clock), and signals when every node has finished its walk.
/// </summary>
public sealed class ScenarioDriver : ReceiveActor
{
    public sealed record Begin;

    public static Props Props(RunContext run, TaskCompletionSource done) =>
        Akka.Actor.Props.Create(() => new ScenarioDriver(run, done));

    public ScenarioDriver(RunContext run, TaskCompletionSource done)
    {
        var nodes = run.Directory.MobileNodes;
        int next = 0, finished = 0;
        void StartNext() => nodes[next++].Tell(new StartMobility(), Self);

        Receive<Begin>(_ =>
        {
            while (next < nodes.Length && next < run.Scenario.MaxInFlight) StartNext();
        });
        Receive<MobilityFinished>(_ =>
        {
            run.Recorder.NodeFinished();
            if (next < nodes.Length) StartNext();
            if (++finished == nodes.Length) done.TrySetResult();
        });
    }
}
