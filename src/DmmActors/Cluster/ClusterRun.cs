using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Metrics;
using DmmActors.Reports;

namespace DmmActors.Cluster;

/// <summary>The driver's side of a run whose emulated nodes are sharded over the cluster's members.</summary>
public static class ClusterRun
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    static IReadOnlyList<Member> Up(ActorSystem system, Func<Member, bool> which) =>
        Akka.Cluster.Cluster.Get(system).State.Members
            .Where(m => m.Status == MemberStatus.Up && which(m)).OrderBy(m => m.Address.ToString()).ToArray();

    static IReadOnlyList<Member> Hosts(ActorSystem system) =>
        Up(system, m => EntitySharding.Kinds.Any(k => m.HasRole(EntitySharding.RoleOf(k))));

    static ActorSelection RunHostOn(ActorSystem system, Member member) =>
        system.ActorSelection($"{member.Address}/user/{RunHost.Name}");

    /// <summary>
    /// Hands the run to every node with an entity role, then waits until each kind's regions
    /// have all registered: shards go to the regions the coordinator knows when the first
    /// message arrives, so the first region up would otherwise take them all.
    /// </summary>
    /// <param name="driverName">The name under /user of the actor that drives the run here.</param>
    /// <returns>The members that took the run.</returns>
    public static async Task<IReadOnlyList<Address>> PlaceAsync(ActorSystem system, RunContext run, string driverName)
    {
        var driverPath = $"{Akka.Cluster.Cluster.Get(system).SelfAddress}/user/{driverName}";
        var deadline = DateTime.UtcNow + Timeout;
        foreach (var role in EntitySharding.Kinds.Select(EntitySharding.RoleOf).Distinct())
            while (Up(system, m => m.HasRole(role)).Count == 0)
            {
                if (DateTime.UtcNow > deadline)
                    throw new RunFailed($"no cluster member with the role '{role}' came up within {Timeout.TotalSeconds:0} s " +
                                        $"(start one with: dmm node --roles {role} --seed HOST:PORT)");
                await Task.Delay(200);
            }
        var hosts = Hosts(system);
        await Task.WhenAll(hosts.Select(m => RunHostOn(system, m).Ask<RunHosted>(new HostRun(run.RunId, run.Scenario.ResolvedText, run.Storm is not null, run.JournalPartitions, driverPath), Timeout)));

        var regions = EntitySharding.Address(system, run, Akka.Cluster.Cluster.Get(system).SelfRoles);
        foreach (var (kind, proxy) in regions)
        {
            var expected = Up(system, m => m.HasRole(EntitySharding.RoleOf(kind))).Count;
            while ((await proxy.Ask<CurrentRegions>(GetCurrentRegions.Instance, Timeout)).Regions.Count < expected)
            {
                if (DateTime.UtcNow > deadline + Timeout)
                    throw new RunFailed($"the {kind} shard regions did not all register within {Timeout.TotalSeconds:0} s");
                await Task.Delay(200);
            }
        }
        return hosts.Select(m => m.Address).ToArray();
    }

    /// <summary>The run's counters summed over the members that took it and are still up.</summary>
    public static async Task<IReadOnlyList<long>> CountersAsync(ActorSystem system, RunContext run, IReadOnlyList<Address> hosts)
    {
        var up = Hosts(system).Where(m => hosts.Contains(m.Address));
        var reports = await Task.WhenAll(up.Select(m => RunHostOn(system, m).Ask<RunCountersReport>(new GetRunCounters(run.RunId), Timeout)));
        var sum = new RunCounters(run.Topology.Anchors);
        foreach (var r in reports) sum.Add(r.Counters);
        return sum.Snapshot();
    }

    /// <summary>
    /// Collects the report of every member that took the run and is still up into the driver's
    /// recorder, and what each held. What a member that left during the run recorded is gone with it.
    /// </summary>
    public static async Task<(IReadOnlyList<NodeLoad> Loads, IReadOnlyList<string> Lost)> ReportAsync(ActorSystem system, RunContext run,
        IReadOnlyList<Address> hosts, IReadOnlyList<BindingCacheSnapshot> snapshots)
    {
        var up = Hosts(system).Where(m => hosts.Contains(m.Address)).ToArray();
        var lost = hosts.Where(h => up.All(m => m.Address != h)).Select(h => h.ToString()).ToArray();
        var reports = await Task.WhenAll(up.Select(m =>
            RunHostOn(system, m).Ask<NodeReport>(new GetNodeReport(run.RunId), Timeout)));
        foreach (var report in reports)
        {
            run.Recorder.Merge(report.Recorded);
            run.Storm?.Merge(report.StormSamples);
            run.Channel.Absorb(report.Queues);
        }
        var end = run.Recorder.LastCompletion;
        long Counted(NodeReport r, Counter c) => r.Recorded.Counters.Count > (int)c ? r.Recorded.Counters[(int)c] : 0;
        var loads = reports.Select(r => new NodeLoad(r.NodeAddress, r.Roles, r.Anchors,
                snapshots.Where(s => r.Anchors.Contains(s.Anchor)).Sum(s => s.ActiveAt(end)),
                r.Recorded.SignallingCounts.Sum(), r.Shards)
            {
                SignallingReceived = Counted(r, Counter.SignallingReceived),
                SignallingFromAnotherMember = Counted(r, Counter.SignallingFromAnotherMember),
            })
            .ToArray();
        return (loads, lost);
    }
}
