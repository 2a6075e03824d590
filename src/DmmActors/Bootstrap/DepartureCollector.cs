using Akka.Actor;
using Akka.Event;
using DmmActors.Control;
using DmmActors.Emulation;

namespace DmmActors.Bootstrap;

/// <summary>
/// After a member with mobile nodes was removed: asks every access router which of that member's
/// nodes it last saw leave, and gives its parent each node's latest departure (the highest
/// procedure any router saw), or what it has when the routers have not all answered in time.
/// </summary>
public sealed class DepartureCollector : ReceiveActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// Each node's latest departure seen by any router, the restarts routers offer for the nodes
    /// that stood on their links (two for a node whose link-down was lost with its member), and
    /// when the member was marked unreachable (StormClock).
    /// </summary>
    public sealed record Collected(IReadOnlyDictionary<int, NodeDeparture> Latest, IReadOnlyDictionary<int, List<RestartNode>> OnLink, long LostSince);

    sealed record Deadline
    {
        public static readonly Deadline Instance = new();
    }

    /// <summary>
    /// A router answers once it knows the member's nodes on its link lost (AccessRouterActor.OnGetDepartures),
    /// and one whose shard was on the lost member once the sharding has handed it over (about 11 s on two cores).
    /// </summary>
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static Props Props(RunContext run, string member, long lostSince) =>
        Akka.Actor.Props.Create(() => new DepartureCollector(run, member, lostSince));

    public DepartureCollector(RunContext run, string member, long lostSince)
    {
        var routers = run.Directory.AccessRouters;
        var latest = new Dictionary<int, NodeDeparture>();
        var onLink = new Dictionary<int, List<RestartNode>>();
        int awaited = routers.Length;
        void Done()
        {
            if (awaited > 0) Context.GetLogger().Warning("{0} of {1} access routers did not say which nodes of {2} left them", awaited, routers.Length, member);
            Context.Parent.Tell(new Collected(latest, onLink, lostSince));
            Context.Stop(Self);
        }
        Receive<Departures>(answer =>
        {
            foreach (var restart in answer.OnLink)
            {
                if (!onLink.TryGetValue(restart.Procedure.MobileNode.Index, out var offers)) onLink[restart.Procedure.MobileNode.Index] = offers = new(1);
                offers.Add(restart);
            }
            foreach (var d in answer.Of)
                if (!latest.TryGetValue(d.Procedure.MobileNode.Index, out var known) || known.Procedure.Number < d.Procedure.Number)
                    latest[d.Procedure.MobileNode.Index] = d;
            if (--awaited == 0) Done();
        });
        Receive<Deadline>(_ => Done());
        foreach (var router in routers) router.Tell(new GetDepartures(member), Self);
    }

    protected override void PreStart() => Timers.StartSingleTimer(nameof(Deadline), Deadline.Instance, Patience);
}
