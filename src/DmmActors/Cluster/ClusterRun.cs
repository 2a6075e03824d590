using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using DmmActors.Loading;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Metrics;
using DmmActors.Reports;

namespace DmmActors.Cluster;

/// <summary>The driver's side of a run whose emulated nodes are sharded over the cluster's members.</summary>
public static class ClusterRun
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>A member reports once its facts are durable (up to 60 s) and its regions have answered (30 s each): longer than that.</summary>
    static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(150);

    static IReadOnlyList<Member> Up(ActorSystem system, Func<Member, bool> which) =>
        Akka.Cluster.Cluster.Get(system).State.Members
            .Where(m => m.Status == MemberStatus.Up && which(m)).OrderBy(m => m.Address.ToString()).ToArray();

    static IReadOnlyList<Member> Hosts(ActorSystem system) =>
        Up(system, m => EntitySharding.Kinds.Any(k => m.HasRole(EntitySharding.RoleOf(k))));

    /// <summary>
    /// The members that took the run and can still answer: a member killed as the walks end is
    /// Up until the failure detector marks it unreachable, and asking it would only time out.
    /// </summary>
    static Member[] Answering(ActorSystem system, IReadOnlyList<Address> hosts) =>
        Hosts(system).Where(m => hosts.Contains(m.Address) && Reachable(system, m)).ToArray();

    static bool Reachable(ActorSystem system, Member member) => !Akka.Cluster.Cluster.Get(system).State.Unreachable.Contains(member);

    /// <summary>
    /// Asks each member; one that becomes unreachable before it answers is left out (null), one
    /// that stays reachable and does not answer fails the run.
    /// </summary>
    static async Task<T?[]> AskEachAsync<T>(ActorSystem system, IReadOnlyList<Member> members, Func<Member, object> message, string what, TimeSpan timeout) where T : class =>
        await Task.WhenAll(members.Select(async m =>
        {
            try
            {
                return await RunHostOn(system, m).Ask<T>(message(m), timeout);
            }
            catch (AskTimeoutException) when (!Reachable(system, m) || Akka.Cluster.Cluster.Get(system).State.Members.All(x => x.Address != m.Address))
            {
                return null;
            }
            catch (AskTimeoutException)
            {
                throw new RunFailed($"cluster member {m.Address} did not send {what} within {timeout.TotalSeconds:0} s");
            }
        }));

    static ActorSelection RunHostOn(ActorSystem system, Member member) =>
        system.ActorSelection($"{member.Address}/user/{RunHost.Name}");

    /// <summary>
    /// Hands the run to every node with an entity role, then waits until each kind's regions
    /// have all registered: shards go to the regions the coordinator knows when the first
    /// message arrives, so the first region up would otherwise take them all.
    /// </summary>
    /// <param name="driverName">The name under /user of the actor that drives the run here.</param>
    /// <returns>The members that took the run.</returns>
    /// <param name="capture">--pcap: each member captures what it sends, for ClusterCapture to merge.</param>
    public static async Task<IReadOnlyList<Address>> PlaceAsync(ActorSystem system, RunContext run, string driverName, Capture.CaptureSettings? capture = null)
    {
        var driverPath = $"{Akka.Cluster.Cluster.Get(system).SelfAddress}/user/{driverName}";
        var deadline = DateTime.UtcNow + Timeout;
        await AwaitEveryRoleAsync(system, deadline);
        var hosts = Hosts(system);
        await Task.WhenAll(hosts.Select(m => RunHostOn(system, m).Ask<RunHosted>(new HostRun(run.RunId, run.Scenario.ResolvedText, run.Storm is not null, run.JournalPartitions, driverPath)
        {
            Capture = capture is null ? null : ClusterCapture.Hosted(capture),
        }, Timeout)));

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

    static async Task AwaitEveryRoleAsync(ActorSystem system, DateTime deadline)
    {
        foreach (var role in EntitySharding.Kinds.Select(EntitySharding.RoleOf).Distinct())
            while (Up(system, m => m.HasRole(role)).Count == 0)
            {
                if (DateTime.UtcNow > deadline)
                    throw new RunFailed($"no cluster member with the role '{role}' came up within {Timeout.TotalSeconds:0} s " +
                                        $"(start one with: dmm node --roles {role} --seed HOST:PORT)");
                await Task.Delay(200);
            }
    }

    /// <summary>
    /// Before anything of the run is written: each member with the mn role hosts its share of the
    /// mobile nodes (their shards spread evenly over those members), and one whose share is more
    /// than its process may use refuses the run in one line, as one process would.
    /// </summary>
    public static async Task RefuseOversubscribedMembersAsync(ActorSystem system, int mobileNodes, long handovers, bool allowOversubscribe)
    {
        await AwaitEveryRoleAsync(system, DateTime.UtcNow + Timeout);
        var members = Up(system, m => m.HasRole(EntitySharding.MobileNodeRole));
        var memories = await AskEachAsync<MemberMemory>(system, members, _ => GetMemberMemory.Instance, "its memory", Timeout);
        var share = (int)Math.Ceiling(mobileNodes / (double)members.Count);
        foreach (var memory in memories.OfType<MemberMemory>())
            MemoryEstimate.For(share, (long)Math.Ceiling(handovers / (double)members.Count), memory.AvailableBytes)
                .RefuseUnlessFits(allowOversubscribe, $"cluster member {memory.NodeAddress}'s share of this run ({members.Count} members with the mn role) needs",
                    "that member's process");
    }

    /// <summary>The run's counters summed over the members that took it and are still up.</summary>
    public static async Task<IReadOnlyList<long>> CountersAsync(ActorSystem system, RunContext run, IReadOnlyList<Address> hosts)
    {
        var reports = await AskEachAsync<RunCountersReport>(system, Answering(system, hosts), _ => new GetRunCounters(run.RunId), "its counters", Timeout);
        var sum = new RunCounters(run.Topology.Anchors);
        foreach (var r in reports.OfType<RunCountersReport>()) sum.Add(r.Counters);
        return sum.Snapshot();
    }

    /// <summary>
    /// Collects the report of every member that took the run and is still up into the driver's
    /// recorder, and what each held. What a member that left during the run recorded is gone with it.
    /// </summary>
    public static async Task<(IReadOnlyList<NodeLoad> Loads, IReadOnlyList<string> Lost)> ReportAsync(ActorSystem system, RunContext run,
        IReadOnlyList<Address> hosts, IReadOnlyList<BindingCacheSnapshot> snapshots)
    {
        var asked = await AskEachAsync<NodeReport>(system, Answering(system, hosts), _ => new GetNodeReport(run.RunId), "its report", ReportTimeout);
        var reports = asked.OfType<NodeReport>().ToArray();
        var lost = hosts.Where(h => reports.All(r => r.NodeAddress != h.ToString())).Select(h => h.ToString()).ToArray();
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
