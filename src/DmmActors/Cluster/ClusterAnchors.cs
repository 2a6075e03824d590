using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using DmmActors.Metrics;
using DmmActors.Run;

namespace DmmActors.Cluster;

/// <summary>The driver's side of a run whose anchors live on the cluster's anchor nodes.</summary>
public static class ClusterAnchors
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    static IReadOnlyList<Member> AnchorNodes(ActorSystem system) =>
        Akka.Cluster.Cluster.Get(system).State.Members
            .Where(m => m.Status == MemberStatus.Up && m.HasRole(AnchorSharding.Role)).OrderBy(m => m.Address.ToString()).ToArray();

    /// <summary>Hands the run to every anchor node and puts a forwarder for each anchor in the directory.</summary>
    public static async Task PlaceAsync(ActorSystem system, RunContext run)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (AnchorNodes(system).Count == 0)
        {
            if (DateTime.UtcNow > deadline) throw new RunFailed($"no cluster member with the role '{AnchorSharding.Role}' came up within {Timeout.TotalSeconds:0} s");
            await Task.Delay(200);
        }
        var driver = Akka.Cluster.Cluster.Get(system).SelfAddress.ToString();
        var host = new HostRun(run.RunId, run.Scenario.ResolvedText, driver);
        await Task.WhenAll(AnchorNodes(system).Select(m =>
            system.ActorSelection($"{m.Address}/user/{RunHost.Name}").Ask<RunHosted>(host, Timeout)));

        var proxy = ClusterSharding.Get(system).StartProxy(AnchorSharding.TypeName(run.RunId), AnchorSharding.Role,
            AnchorSharding.Extractor(run.Topology.Anchors));
        // Shards go to the regions the coordinator knows when the first message arrives; wait
        // for every anchor node's region, or the first to register would take them all.
        var expected = AnchorNodes(system).Count;
        while ((await proxy.Ask<CurrentRegions>(GetCurrentRegions.Instance, Timeout)).Regions.Count < expected)
        {
            if (DateTime.UtcNow > deadline + Timeout) throw new RunFailed($"the anchor nodes' shard regions did not all register within {Timeout.TotalSeconds:0} s");
            await Task.Delay(200);
        }
        for (int a = 0; a < run.Directory.Anchors.Length; a++)
            run.Directory.Anchors[a] = system.ActorOf(AnchorSharding.AnchorForwarder.Props(proxy, a), $"anchor-{a}");
    }

    /// <summary>Collects every anchor node's report and adds its signalling to the driver's recorder.</summary>
    public static async Task<IReadOnlyList<NodeLoad>> ReportAsync(ActorSystem system, RunContext run,
        IReadOnlyList<BindingCacheSnapshot> snapshots)
    {
        var reports = await Task.WhenAll(AnchorNodes(system).Select(m =>
            system.ActorSelection($"{m.Address}/user/{RunHost.Name}").Ask<NodeReport>(new GetNodeReport(run.RunId), Timeout)));
        var end = run.Recorder.LastCompletion;
        var loads = new List<NodeLoad>();
        foreach (var report in reports)
        {
            if (report.SignallingCounts.Count > 0)
                run.Recorder.Merge(report.SignallingCounts, report.UnauthorisedSignalling, report.PacketsLost);
            var bindings = snapshots.Where(s => report.Anchors.Contains(s.Anchor)).Sum(s => s.ActiveAt(end));
            loads.Add(new NodeLoad(report.NodeAddress, report.Anchors, bindings, report.SignallingCounts.Sum(), report.Shards));
        }
        return loads;
    }
}
