using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using DmmActors.Addressing;
using DmmActors.Bootstrap;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Metrics;
using DmmActors.Practices;

namespace DmmActors.Cluster;

/// <summary>
/// On the driver of a cluster run: says when a member that took the run is marked unreachable
/// and when it is removed (its shards then come back on the members left, and its nodes attach
/// again there), and fails the run where a loss cannot be recovered from.
/// </summary>
public sealed class MemberLossWatch : ReceiveActor
{
    public static Props Props(RunContext run, IReadOnlyList<Address> hosts, TaskCompletionSource unrecoverable) =>
        Akka.Actor.Props.Create(() => new MemberLossWatch(run, hosts, unrecoverable));

    public MemberLossWatch(RunContext run, IReadOnlyList<Address> hosts, TaskCompletionSource unrecoverable)
    {
        var log = Context.GetLogger();
        var unreachableSince = new Dictionary<Address, (DateTime Wall, long Timestamp)>();
        Receive<ClusterEvent.UnreachableMember>(u =>
        {
            if (!hosts.Contains(u.Member.Address) || !unreachableSince.TryAdd(u.Member.Address, (DateTime.UtcNow, StormClock.Now))) return;
            log.Warning("cluster member {0} ({1}) is unreachable; its nodes come back on the other members once it is removed",
                u.Member.Address, string.Join(",", u.Member.Roles));
        });
        Receive<ClusterEvent.MemberRemoved>(r =>
        {
            // A member removed without being unreachable first left in good order: this driver's own
            // shutdown, at the end of the run, shows every member so.
            if (!hosts.Contains(r.Member.Address) || !unreachableSince.TryGetValue(r.Member.Address, out var since)) return;
            log.Warning("cluster member {0} removed {1:0.0} s after it became unreachable", r.Member.Address, (DateTime.UtcNow - since.Wall).TotalSeconds);
            // A MAG registers on its nodes' behalf, so a node restarted elsewhere holds no protocol state
            // of its own; a MIPv6 node's binding sequence numbers (RFC 6275 §9.5.1) would be gone with it.
            if (!r.Member.HasRole(EntitySharding.MobileNodeRole)) return;
            // Starts sent to its nodes while it was unreachable were lost. The routers restart the
            // nodes that stood on their links; the driver asks them which, once they know (a
            // handshake, not a grace period), and restarts the rest.
            Context.ActorSelection($"/user/{ScenarioDriver.Name}").Tell(new ScenarioDriver.StartUnfinished(r.Member.Address.ToString(), since.Timestamp), Self);
            if (run.Storm is not null)
                unrecoverable.TrySetException(new RunFailed(
                    $"cluster member {r.Member.Address} was lost with its mobile nodes; a storm does not yet carry on without them " +
                    "(the handovers it had triggered there are lost with them); rerun the storm, or carry it on with --resume after restarting the cluster"));
            else if (run.Services.Get<Functions.INodeComposition>().LocationClientHost != NodeKind.AccessRouter)
                unrecoverable.TrySetException(new RunFailed(
                    $"cluster member {r.Member.Address} was lost with its mobile nodes; in {run.Scenario.PracticeName} each node holds its own " +
                    "binding state with its home agent, which a node restarted on another member would not have, so the run cannot complete"));
        });
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
    }

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.UnreachableMember), typeof(ClusterEvent.MemberRemoved));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
}
