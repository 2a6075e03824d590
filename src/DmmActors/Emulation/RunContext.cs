using DmmActors.Addressing;
using DmmActors.Metrics;
using DmmActors.Policy;
using DmmActors.Scenarios;
using DmmActors.Topology;

namespace DmmActors.Emulation;

/// <summary>
/// What every emulated node of one run shares: the scenario and its network, and the run's
/// services by name: the signalling channel, loss detection, the policy, the directory of nodes,
/// the recorder, and what the practice plugs in. Read-only after bootstrap, except the recorders.
/// </summary>
public sealed class RunContext(Scenario scenario, NetworkTopology topology, PolicyStore policy, NodeDirectory directory, RunRecorder recorder, string runId)
{
    public Scenario Scenario { get; } = scenario;
    public NetworkTopology Topology { get; } = topology;
    public PolicyStore Policy { get; } = policy;
    public NodeDirectory Directory { get; } = directory;
    public RunRecorder Recorder { get; } = recorder;
    public string RunId { get; } = runId;

    /// <summary>What the run's practice provides, by role: what each node kind hosts, what the bindings should end as.</summary>
    public RunServices Services { get; init; } = new();

    /// <summary>Where this process's mobile nodes record their procedures, for replay and resume to read.</summary>
    public Recording.ProcedureFactLog Facts { get; } = new();

    /// <summary>Listeners, sources and the MTMA's place; null where the run has no multicast.</summary>
    public Traffic.MulticastPlan? Multicast { get; init; }

    /// <summary>The journal partitions the run's anchors are spread over (Persistence.JournalPartitions).</summary>
    public int JournalPartitions { get; init; } = 1;

    /// <summary>Where a storm's wall-clock measurements go; null outside a storm.</summary>
    public StormRecorder? Storm { get; init; }

    /// <summary>How the nodes learn of lost messages and peers; with no timeout, nothing is taken for lost.</summary>
    public LossDetection Loss { get; init; } = new();

    SignallingChannel? signalling;

    /// <summary>The way every signalling message goes; a run with nothing attached to it gets the bare links.</summary>
    public SignallingChannel Signalling
    {
        get => signalling ??= new SignallingChannel(new Channel(Topology, ServiceOf(Scenario, Storm is not null), Multicast?.Mtma), Recorder);
        init => signalling = value;
    }

    /// <summary>
    /// How the scenario's nodes serve their messages. A storm's model time follows its schedule, so
    /// its queues forget what lies a minute behind the latest arrival; a walk's keep the whole run.
    /// </summary>
    public static ServiceModel ServiceOf(Scenario scenario, bool storm) =>
        new(scenario.ServiceTime, scenario.Processing.Distribution == ServiceDistribution.Exponential, scenario.Processing.Servers,
            scenario.Processing.AnchorServers, scenario.Processing.LinkJitter, scenario.Seed, storm ? ModelTime.FromSeconds(60) : null);

    /// <summary>The links between the nodes, in model time: what every arrival is stamped by.</summary>
    public Channel Channel => Signalling.Links;
}
