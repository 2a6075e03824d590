using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using DmmActors.Bootstrap;
using DmmActors.Emulation;
using DmmActors.Loading;
using DmmActors.Metrics;

namespace DmmActors.Cluster;

/// <summary>
/// On every node with an entity role (anchor, access, mn), at /user/run-host: takes a run from
/// a driver, starts the run's shard regions for this node's roles and proxies for the rest,
/// and reports what this node did.
/// </summary>
public sealed class RunHost : ReceiveActor
{
    public const string Name = "run-host";

    /// <summary>Config key of the wall-clock time after which registrations are retransmitted and probes given up.</summary>
    public const string SignallingTimeoutKey = "dmm.cluster.signalling-timeout";

    sealed record Hosted(RunContext Run, IReadOnlyDictionary<EntityKind, IActorRef> Regions);

    readonly Dictionary<string, Hosted> runs = new();
    /// <summary>Runs whose journal outages this member has put among its counters: its report may be asked for again.</summary>
    readonly HashSet<string> outagesCounted = new();
    readonly IReadOnlyCollection<string> roles;

    public static Props Props() => Akka.Actor.Props.Create(() => new RunHost());

    public RunHost()
    {
        roles = Akka.Cluster.Cluster.Get(Context.System).SelfRoles;
        // Nodes that lose a peer with its member time their outage from here (RunContext.LostSince).
        Receive<ClusterEvent.UnreachableMember>(u =>
        {
            foreach (var hosted in runs.Values) hosted.Run.Loss.MemberUnreachable(u.Member.Address, StormClock.Now);
        });
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
        Receive<HostRun>(host =>
        {
            if (!runs.ContainsKey(host.RunId)) runs[host.RunId] = Start(host);
            Sender.Tell(new RunHosted(host.RunId, SelfAddress));
        });
        ReceiveAsync<GetCapture>(async get =>
        {
            var replyTo = Sender;
            replyTo.Tell(await ClusterCapture.ReadAsync(runs.TryGetValue(get.RunId, out var hosted) ? hosted.Run.Signalling.Capture : null, get.Offset));
        });
        Receive<GetMemberMemory>(_ => Sender.Tell(new MemberMemory(SelfAddress, Loading.MemoryEstimate.Available())));
        Receive<GetRunCounters>(get => Sender.Tell(new RunCountersReport(
            runs.TryGetValue(get.RunId, out var hosted) ? hosted.Run.Recorder.Counters.Snapshot() : [])));
        ReceiveAsync<GetNodeReport>(async get =>
        {
            var replyTo = Sender;
            if (!runs.TryGetValue(get.RunId, out var hosted))
            {
                replyTo.Tell(new NodeReport(get.RunId, SelfAddress, roles.ToArray(), new RunRecorder().Contents(), [], 0, []));
                return;
            }
            // The driver reads the run back once every member has reported: this member's facts are in the journal by then.
            await hosted.Run.Facts.MakeDurableAsync(TimeSpan.FromSeconds(60));
            var anchors = Array.Empty<int>();
            var shards = 0;
            foreach (var (kind, region) in hosted.Regions.Where(r => roles.Contains(EntitySharding.RoleOf(r.Key))))
            {
                var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(30));
                shards += state.Shards.Count;
                if (kind == EntityKind.Anchor) anchors = state.Shards.SelectMany(s => s.EntityIds).Select(int.Parse).Order().ToArray();
            }
            if (outagesCounted.Add(get.RunId)) hosted.Run.Recorder.CountJournalOutage(Context.System);
            replyTo.Tell(new NodeReport(get.RunId, SelfAddress, roles.ToArray(), hosted.Run.Recorder.Contents(), anchors, shards,
                hosted.Run.Storm?.Export() ?? []) { Queues = hosted.Run.Channel.Queues() });
        });
    }

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.UnreachableMember));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    string SelfAddress => Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();

    Hosted Start(HostRun host)
    {
        var scenario = ScenarioLoader.ParseRecorded(host.ScenarioText, $"scenario of {host.RunId}");
        var run = RunBootstrap.NewContext(scenario, host.RunId,
            Context.System.Settings.Config.GetTimeSpan(SignallingTimeoutKey, ClusterNodeSettings.DefaultSignallingTimeout),
            storm: host.Storm ? new StormRecorder() : null, journalPartitions: host.JournalPartitions,
            driver: ((ExtendedActorSystem)Context.System).Provider.ResolveActorRef(host.DriverPath), onClusterMember: true,
            capture: host.Capture is { } capture ? ClusterCapture.OnMember(capture, host.RunId, Akka.Cluster.Cluster.Get(Context.System).SelfAddress) : null);
        Attacks.AttackRun.ListenFromMember(Context.System, run, ActorPath.Parse(host.DriverPath).Address);
        // The nodes this member hosts record their procedures here.
        if (roles.Contains(EntitySharding.MobileNodeRole)) run.Facts.Start(Context.System, run.RunId, run.JournalPartitions);
        return new Hosted(run, EntitySharding.Address(Context.System, run, roles));
    }
}
