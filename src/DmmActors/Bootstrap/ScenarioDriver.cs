using Akka.Actor;
using Akka.Event;
using DmmActors.Control;
using DmmActors.Emulation;

namespace DmmActors.Bootstrap;

/// <summary>
/// Starts the mobile nodes, keeping at most max-in-flight of them moving at once (wall
/// clock; Scenario.NodesInFlight). When every walk is over, it has each location client refresh its bindings up to
/// the model time the run ends at, so the final binding caches hold every node.
/// </summary>
public sealed class ScenarioDriver : ReceiveActor
{
    public const string Name = "driver";

    public sealed record Begin;

    /// <summary>
    /// The cluster member at <see cref="Member"/>, with mobile nodes, was lost (marked unreachable
    /// at <see cref="LostSince"/>, StormClock): start again every node started whose walk has not
    /// been reported over.
    /// </summary>
    public sealed record StartUnfinished(string Member, long LostSince);

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
            while (next < nodes.Length && next < run.Scenario.NodesInFlight) StartNext();
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
        // One restart decision per node, the latest of its moves that any router saw: where it
        // stood on a link, its router restarts it there; where it was last seen leaving a link, it
        // goes on where that move took it (started afresh, its first registration would be older
        // than its LMA's binding, RFC 5213 §5.5); where no router saw it, it was lost with the
        // start sent to it. A node on two links is one whose link-down went with its member while
        // the RS for its next link did not: the later link has it, and the earlier lets it go.
        Receive<StartUnfinished>(lost => Context.ActorOf(DepartureCollector.Props(run, lost.Member, lost.LostSince)));
        Receive<DepartureCollector.Collected>(collected =>
        {
            int unfinished = 0, byRouters = 0, betweenLinks = 0, onTwoLinks = 0;
            for (int i = 0; i < next; i++)
            {
                if (reported[i]) continue;
                unfinished++;
                var offers = collected.OnLink.GetValueOrDefault(i) ?? [];
                var standing = offers.MaxBy(o => o.Procedure.Number);
                if (offers.Count > 1) onTwoLinks++;
                RestartNode? chosen = standing;
                if (collected.Latest.TryGetValue(i, out var departure) && (standing is null || departure.Procedure.Number > standing.Procedure.Number))
                    chosen = RestartNode.AfterDeparture(departure, collected.LostSince);
                foreach (var offer in offers) run.Directory.AccessRouters[offer.Router].Tell(new RestartDecided(chosen!), Self);
                if (chosen is null) nodes[i].Tell(StartMobility.Instance, Self);
                else if (chosen.LeftRouter >= 0)
                {
                    betweenLinks++;
                    nodes[i].Tell(chosen, Self);
                }
                else byRouters++;
            }
            Context.GetLogger().Warning("{0} walks unfinished after the loss: {1} restarted by the routers they stood on ({2} stood on two, " +
                "their link-down lost with the member), {3} where a router last saw them leave for, {4} started again",
                unfinished, byRouters, onTwoLinks, betweenLinks, unfinished - byRouters - betweenLinks);
        });
        Receive<BindingsExtended>(_ =>
        {
            if (--extending == 0) done.TrySetResult();
        });
        Receive<Terminated>(t => done.TrySetException(EndOfRun.AnchorStopped(t, "the run")));
    }
}
