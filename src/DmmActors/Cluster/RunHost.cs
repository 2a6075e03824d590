using Akka.Actor;
using Akka.Cluster.Sharding;
using DmmActors.Actors;
using DmmActors.Metrics;
using DmmActors.Run;
using DmmActors.Scenarios;

namespace DmmActors.Cluster;

/// <summary>
/// On every anchor node, at /user/run-host: takes a run from a driver, starts the run's
/// anchor shard region here, and reports what this node did.
/// </summary>
public sealed class RunHost : ReceiveActor
{
    public const string Name = "run-host";

    sealed record Hosted(RunContext Run, IActorRef Region);

    readonly Dictionary<string, Hosted> runs = new();

    public static Props Props() => Akka.Actor.Props.Create(() => new RunHost());

    public RunHost()
    {
        Receive<HostRun>(host =>
        {
            if (!runs.ContainsKey(host.RunId)) runs[host.RunId] = Start(host);
            Sender.Tell(new RunHosted(host.RunId, Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString()));
        });
        ReceiveAsync<GetNodeReport>(async get =>
        {
            var replyTo = Sender;
            if (!runs.TryGetValue(get.RunId, out var hosted))
            {
                replyTo.Tell(new NodeReport(get.RunId, SelfAddress, [], 0, 0, [], 0));
                return;
            }
            var state = await hosted.Region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(30));
            var anchors = state.Shards.SelectMany(s => s.EntityIds).Select(int.Parse).Order().ToArray();
            var recorder = hosted.Run.Recorder;
            replyTo.Tell(new NodeReport(get.RunId, SelfAddress, recorder.Signalling.Snapshot(), recorder.UnauthorisedSignalling,
                recorder.PacketsLost, anchors, state.Shards.Count));
        });
    }

    string SelfAddress => Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();

    Hosted Start(HostRun host)
    {
        var scenario = ScenarioLoader.Parse(host.ScenarioText, $"scenario of {host.RunId}");
        var topology = EmulationRun.BuildTopology(scenario);
        var policy = new PolicyStore(scenario.Practice, topology, EmulationRun.FirstRouters(scenario, topology));
        var directory = new NodeDirectory(topology.AccessRouters, topology.Anchors, topology.Correspondents, scenario.MobileNodes);
        // The access routers and nodes live on the driver, under known names.
        var provider = ((ExtendedActorSystem)Context.System).Provider;
        IActorRef At(string name) => provider.ResolveActorRef($"{host.DriverAddress}/user/{name}");
        for (int r = 0; r < directory.AccessRouters.Length; r++) directory.AccessRouters[r] = At($"ar-{r}");
        for (int m = 0; m < directory.MobileNodes.Length; m++) directory.MobileNodes[m] = At($"mn-{m}");
        var run = new RunContext(scenario, topology, policy, directory, new RunRecorder(), host.RunId);
        var region = ClusterSharding.Get(Context.System).Start(AnchorSharding.TypeName(host.RunId),
            anchor => AnchorActor.Props(run, int.Parse(anchor)),
            ClusterShardingSettings.Create(Context.System).WithRole(AnchorSharding.Role),
            AnchorSharding.Extractor(topology.Anchors));
        return new Hosted(run, region);
    }
}
