using DmmActors.Addressing;
using DmmActors.Protocol;
using DmmActors.Run;

namespace DmmActors.Metrics;

public sealed record Percentiles(double P50, double P95, double P99, double Max, double Mean);

public sealed record AnchorLoad(string Id, int Bindings, int Entries);

/// <summary>What one cluster node held and did in a run.</summary>
public sealed record NodeLoad(string Node, IReadOnlyList<string> Roles, IReadOnlyList<int> Anchors, int Bindings, long SignallingMessages, int Shards);

/// <summary>The model-time and wall-clock results of a run, as summary.json and summary.md show them.</summary>
public sealed record RunSummary(
    string RunId,
    string Scenario,
    string Practice,
    ulong Seed,
    int MobileNodes,
    int AccessRouters,
    long Attaches,
    long Handovers,
    Percentiles HandoverLatencyMs,
    Percentiles AttachLatencyMs,
    IReadOnlyDictionary<string, double> SignallingPerHandover,
    double SignallingPerHandoverTotal,
    long RefreshSignalling,
    double PathStretchMean,
    double PathStretchP95,
    long PathSamples,
    long PacketsLost,
    long FailedRegistrations,
    long UnauthorisedSignalling,
    IReadOnlyList<AnchorLoad> Anchors,
    string BindingsChecksum,
    double ModelSpanSeconds,
    double WallMobilitySeconds,
    double WallTotalSeconds,
    string Journal,
    IReadOnlyList<ProcedureRecord> Procedures)
{
    /// <summary>Anchor nodes of a cluster run; empty for a run in one process.</summary>
    public IReadOnlyList<NodeLoad> Cluster { get; init; } = [];

    /// <summary>Cluster members that took the run but were gone at its end; what they counted is lost with them.</summary>
    public IReadOnlyList<string> ClusterNodesLost { get; init; } = [];

    /// <summary>Every probe packet's path stretch, sorted.</summary>
    public IReadOnlyList<double> PathStretches { get; init; } = [];

    public double HandoversPerWallSecond => WallMobilitySeconds > 0 ? Handovers / WallMobilitySeconds : 0;

    /// <summary>Every signalling message of the run, all procedures, for wall-clock rates.</summary>
    public long SignallingMessages { get; init; }

    public double WallSpawnSeconds { get; init; }

    /// <summary>Resident memory of the process when the walks were over.</summary>
    public long ResidentBytes { get; init; }

    /// <summary>Resident memory once every node was spawned, before any moved.</summary>
    public long ResidentBytesAfterSpawn { get; init; }

    /// <summary>Registrations sent again for want of an acknowledgement; only a cluster run loses any.</summary>
    public long Retransmissions { get; init; }

    /// <summary>Every emulated node: mobile nodes, access routers, anchors and correspondents.</summary>
    public int EmulatedNodes { get; init; }

    public static RunSummary From(RunContext run, IReadOnlyList<BindingCacheSnapshot> snapshots, string checksum,
        TimeSpan wallMobility, string journal)
    {
        var procedures = run.Recorder.Procedures.OrderBy(p => p.MobileNode.Index).ThenBy(p => p.Number).ToArray();
        var handovers = procedures.Where(p => p.Kind == ProcedureKind.Handover).ToArray();
        var attaches = procedures.Where(p => p.Kind == ProcedureKind.Attach).ToArray();
        var paths = run.Recorder.Paths.Select(p => p.Stretch).Order().ToArray();
        var end = procedures.Length == 0 ? ModelTime.Zero : procedures.Max(p => p.CompletedAt);
        var counters = run.Recorder.Signalling;
        var perHandover = counters.For(ProcedureKind.Handover)
            .ToDictionary(kv => kv.Key.ShortName(), kv => handovers.Length == 0 ? 0 : kv.Value / (double)handovers.Length);
        var role = run.Practice.RoleOf(Functions.NodeKind.Anchor).ToLowerInvariant();

        return new RunSummary(
            run.RunId, run.Scenario.Name, run.Practice.Name, run.Scenario.Seed, run.Scenario.MobileNodes,
            run.Topology.AccessRouters, attaches.Length, handovers.Length,
            Latency(handovers), Latency(attaches),
            perHandover, perHandover.Values.Sum(), counters.For(ProcedureKind.Refresh).Values.Sum(),
            paths.Length == 0 ? 0 : paths.Average(), Quantile(paths, 0.95), paths.Length,
            run.Recorder.PacketsLost, run.Recorder.FailedRegistrations, run.Recorder.UnauthorisedSignalling,
            snapshots.OrderBy(s => s.Anchor)
                .Select(s => new AnchorLoad($"{role}-{s.Anchor}", s.ActiveAt(end), s.Entries.Count))
                .ToArray(),
            checksum, end.Seconds, wallMobility.TotalSeconds, 0, journal, procedures)
        {
            SignallingMessages = counters.Total,
            Retransmissions = run.Recorder.Retransmissions,
            PathStretches = paths,
            EmulatedNodes = run.Scenario.MobileNodes + run.Topology.AccessRouters + run.Topology.Anchors + run.Topology.Correspondents,
        };
    }

    static Percentiles Latency(IReadOnlyList<ProcedureRecord> records)
    {
        var ms = records.Select(r => r.Latency.Milliseconds).Order().ToArray();
        return ms.Length == 0
            ? new Percentiles(0, 0, 0, 0, 0)
            : new Percentiles(Quantile(ms, 0.50), Quantile(ms, 0.95), Quantile(ms, 0.99), ms[^1], ms.Average());
    }

    /// <summary>Nearest-rank quantile of sorted values: exact, so a replay reproduces it bit for bit.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) return 0;
        var rank = (int)Math.Ceiling(q * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
