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

    /// <summary>A lost node's restart as the routers saw it (null where none did), and the routers that offered one.</summary>
    sealed record Decision(int Node, RestartNode? Chosen, IReadOnlyList<RestartNode> Offers);

    sealed record Located(IReadOnlyList<Decision> Decisions, IReadOnlyDictionary<int, RestartNode> Stood, long LostSince);

    public static Props Props(RunContext run, TaskCompletionSource done) =>
        Akka.Actor.Props.Create(() => new ScenarioDriver(run, done));

    readonly RunContext run;

    public ScenarioDriver(RunContext run, TaskCompletionSource done)
    {
        this.run = run;
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
        // than its LMA's binding, RFC 5213 §5.5). A node on two links is one whose link-down went
        // with its member while the RS for its next link did not: the later link has it, and the
        // earlier lets it go. Then the journal has its say (Located).
        Receive<StartUnfinished>(lost => Context.ActorOf(DepartureCollector.Props(run, lost.Member, lost.LostSince)));
        Receive<DepartureCollector.Collected>(collected =>
        {
            var decisions = new List<Decision>();
            for (int i = 0; i < next; i++)
            {
                if (reported[i]) continue;
                var offers = collected.OnLink.GetValueOrDefault(i) ?? [];
                RestartNode? chosen = offers.MaxBy(o => o.Procedure.Number);
                if (collected.Latest.TryGetValue(i, out var departure) && (chosen is null || departure.Procedure.Number > chosen.Procedure.Number))
                    chosen = RestartNode.AfterDeparture(departure, collected.LostSince);
                decisions.Add(new Decision(i, chosen, offers));
            }
            if (decisions.Count == 0) return;
            if (run.Loss.WhereLostNodesStood is not { } journal)
            {
                Restart(decisions, new Dictionary<int, RestartNode>(), collected.LostSince);
                return;
            }
            journal(decisions.Select(d => d.Node).ToArray()).PipeTo(Self, success: stood => new Located(decisions, stood, collected.LostSince),
                failure: e => new Status.Failure(new RunFailed($"where the nodes lost with a member stood could not be read from the journal: {e.GetBaseException().Message}")));
        });
        Receive<Located>(located => Restart(located.Decisions, located.Stood, located.LostSince));
        Receive<Status.Failure>(failure => done.TrySetException(failure.Cause));
        Receive<BindingsExtended>(_ =>
        {
            if (--extending == 0) done.TrySetResult();
        });
        Receive<Terminated>(t => done.TrySetException(EndOfRun.AnchorStopped(t, "the run")));
    }

    /// <summary>
    /// Sends each decision. The journal the anchors made durable comes last: no restart goes back
    /// before what it holds of the node, or the anchor would refuse it as stale (RFC 5213 §5.5); a
    /// router's view may be older (an RS sent again before the node moved on, delivered once its
    /// router's shard came back). Where no router saw the node, which is where the routers it stood
    /// on went with it, the journal says where it was; a node the journal holds nothing of was
    /// lost with the start sent to it, and starts again.
    /// </summary>
    void Restart(IReadOnlyList<Decision> decisions, IReadOnlyDictionary<int, RestartNode> stood, long lostSince)
    {
        var nodes = run.Directory.MobileNodes;
        int byRouters = 0, onTwoLinks = 0, betweenLinks = 0, fromJournal = 0, startedAgain = 0, later = 0;
        foreach (var (mn, seen, offers) in decisions)
        {
            var journal = stood.GetValueOrDefault(mn);
            var chosen = seen;
            if (chosen is not null && journal is not null && journal.At > chosen.At)
            {
                chosen = chosen with { At = journal.At };
                later++;
            }
            if (offers.Count > 1) onTwoLinks++;
            foreach (var offer in offers) run.Directory.AccessRouters[offer.Router].Tell(new RestartDecided(chosen!), Self);
            if (chosen is null && journal is not null)
            {
                fromJournal++;
                nodes[mn].Tell(journal with { LostSince = lostSince }, Self);
            }
            else if (chosen is null)
            {
                startedAgain++;
                nodes[mn].Tell(StartMobility.Instance, Self);
            }
            else if (chosen.LeftRouter >= 0)
            {
                betweenLinks++;
                nodes[mn].Tell(chosen, Self);
            }
            else byRouters++;
        }
        Context.GetLogger().Warning("{0} walks unfinished after the loss: {1} restarted by the routers they stood on ({2} stood on two, " +
            "their link-down lost with the member), {3} where a router last saw them leave for, {4} where the journal last saw them " +
            "(no router did), {5} started again; {6} router restarts moved later, to after what the journal holds of the node",
            new object[] { decisions.Count, byRouters, onTwoLinks, betweenLinks, fromJournal, startedAgain, later });
    }
}
