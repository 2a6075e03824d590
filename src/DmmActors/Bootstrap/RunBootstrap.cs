using Akka.Actor;
using DmmActors.Emulation;
using DmmActors.Metrics;
using DmmActors.Mobility;
using DmmActors.Policy;
using DmmActors.Practices;
using DmmActors.Scenarios;
using DmmActors.Topology;
namespace DmmActors.Bootstrap;

/// <summary>What every process taking part in a run builds from the scenario alone: the topology, the first routers, the shared context.</summary>
public static class RunBootstrap
{
    /// <summary>The one place a run meets its practice: the services the practice plugs into it (RunContext.Services).</summary>
    static RunServices Plugged(Scenario scenario, NetworkTopology topology) => scenario.Practice.Services(topology, scenario.PracticeSettings);

    public static int[] FirstRouters(Scenario s, NetworkTopology topology) =>
        Enumerable.Range(0, s.MobileNodes).Select(mn => RandomWalk.FirstRouter(s.Seed, mn, s.Dwell, topology)).ToArray();

    /// <summary>
    /// The context for reading a recorded run back (replay, `dmm bindings`): the topology its
    /// scenario lays out, and nothing drawn. No node's first router or policy is drawn again;
    /// what the nodes did is read from the journal.
    /// </summary>
    public static RunContext ForReading(Scenario scenario, string runId, int journalPartitions)
    {
        var topology = PracticeTopology.Of(scenario);
        return new RunContext(scenario, topology, new PolicyStore(topology, []), new NodeDirectory(0, 0, 0, 0), new RunRecorder(topology.Anchors), runId)
        {
            Services = Plugged(scenario, topology),
            JournalPartitions = journalPartitions,
        };
    }

    /// <summary>A live run's context: the first routers drawn, the policies made from them, and the run's capture, authentication and attacker.</summary>
    public static RunContext NewContext(Scenario scenario, string runId, TimeSpan? signallingTimeout = null,
        Action<IActorRef, IActorRef, Protocol.ISignal>? signalTap = null, StormRecorder? storm = null, int journalPartitions = 1,
        IActorRef? driver = null, bool onClusterMember = false, Capture.CaptureSettings? capture = null,
        Func<IReadOnlyCollection<int>, Task<IReadOnlyDictionary<int, Control.RestartNode>>>? whereLostNodesStood = null)
    {
        var topology = PracticeTopology.Of(scenario);
        var policy = new PolicyStore(topology, FirstRouters(scenario, topology), scenario.AnchorAssignment);
        var codec = capture is null && !scenario.Security.Authentication ? null : new Protocol.Wire.WireCodec(topology.AccessRouters, policy.AnchorOf);
        var directory = new NodeDirectory(topology.AccessRouters, topology.Anchors, topology.Correspondents, scenario.MobileNodes);
        var recorder = new RunRecorder(topology.Anchors);
        var multicast = scenario.Multicast.Enabled ? new Traffic.MulticastPlan(scenario, topology) : null;
        var services = Plugged(scenario, topology);
        var links = new Channel(topology, RunContext.ServiceOf(scenario, storm is not null), multicast?.Mtma);
        foreach (var (kind, where) in services.Get<INodeAttachments>().Attachments(topology)) links.Attach(kind, where);
        return new RunContext(scenario, topology, policy, directory, recorder, runId)
        {
            Services = services,
            Storm = storm,
            JournalPartitions = journalPartitions,
            Multicast = multicast,
            Loss = new LossDetection
            {
                SignallingTimeout = signallingTimeout, Driver = driver ?? ActorRefs.Nobody, OnClusterMember = onClusterMember,
                WhereLostNodesStood = whereLostNodesStood,
            },
            Signalling = new SignallingChannel(links, recorder)
            {
                SignalTap = signalTap,
                Eavesdropper = scenario.Attacks.Plans.Any(p => AttackSettings.Listens(p.Kind) && p.Messages > 0) ? new Capture.Eavesdropper() : null,
                Authenticator = scenario.Security.Authentication ? new Security.MessageAuthenticator(codec!, new Security.SecurityAssociations(scenario.Seed), policy) : null,
                Capture = capture?.Open(codec!, capture.Comment(runId, scenario.Name, scenario.Practice.Name, scenario.Seed)),
            },
        };
    }
}
