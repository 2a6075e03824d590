using System.Collections.Concurrent;
using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Metrics;
using DmmActors.Policy;
using DmmActors.Protocol;
using DmmActors.Scenarios;
using DmmActors.Topology;

namespace DmmActors.Emulation;

/// <summary>What every emulated node of one run shares: read-only after bootstrap, except the recorder.</summary>
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

    /// <summary>
    /// Wall-clock time after which an unanswered registration is retransmitted and a probe
    /// packet given up for lost. Set only where messages can be lost, between the processes
    /// of a cluster run: in one process nothing is lost, and a timer would only make a slow
    /// run retransmit and lose its determinism.
    /// </summary>
    public TimeSpan? SignallingTimeout { get; init; }

    /// <summary>Listeners, sources and the MTMA's place; null where the run has no multicast.</summary>
    public Traffic.MulticastPlan? Multicast { get; init; }

    /// <summary>The journal partitions the run's anchors are spread over (Persistence.JournalPartitions).</summary>
    public int JournalPartitions { get; init; } = 1;

    /// <summary>
    /// Signs what a security association protects as it is sent, and checks it where it is
    /// received (dmm.scenario.security.authentication); null where the run leaves it unprotected.
    /// </summary>
    public Security.MessageAuthenticator? Authenticator { get; init; }

    /// <summary>
    /// Whether a protected signal arrived with the authentication its claimed sender's
    /// association gives (true where none is checked); one that did not is counted here.
    /// </summary>
    public bool Authentic(Signal signal, Endpoint claimedFrom, Endpoint at)
    {
        if (Authenticator is null || !Security.MessageAuthenticator.Protects(signal) || Authenticator.Verifies(signal, claimedFrom, at)) return true;
        Recorder.Counters.Add(Metrics.Counter.AuthenticationFailures);
        return false;
    }

    /// <summary>Where a storm's wall-clock measurements go; null outside a storm.</summary>
    public StormRecorder? Storm { get; init; }

    /// <summary>
    /// On a cluster member, the driver's scenario actor: a node restarted on this member after
    /// its own was lost reports its walk there. Nobody in one process, where nodes learn the
    /// driver from the message that starts them.
    /// </summary>
    public IActorRef Driver { get; init; } = ActorRefs.Nobody;

    /// <summary>
    /// On a cluster member: a peer on the same member dies only with it, so only peers on other
    /// members are watched. Elsewhere (a protocol test stopping a probe) every peer may die alone.
    /// </summary>
    public bool OnClusterMember { get; init; }

    /// <summary>
    /// Whether a node should watch <paramref name="peer"/> to learn of its loss: only where
    /// messages can be lost (<see cref="SignallingTimeout"/>), and on a cluster member only across members.
    /// </summary>
    public bool Watches(IActorRef peer) => SignallingTimeout is not null && (!OnClusterMember || peer.Path.Address.HasGlobalScope);

    readonly ConcurrentDictionary<Address, long> unreachableSince = new();

    /// <summary>The failure detector marked the cluster member at <paramref name="member"/> unreachable at <paramref name="timestamp"/> (StormClock).</summary>
    public void MemberUnreachable(Address member, long timestamp) => unreachableSince.TryAdd(member, timestamp);

    /// <summary>
    /// When a node lost <paramref name="peer"/>: since its member was marked unreachable, if it
    /// was; otherwise now. What went before the failure detector noticed is not seen by anyone.
    /// </summary>
    public long LostSince(IActorRef peer) =>
        unreachableSince.TryGetValue(peer.Path.Address, out var since) ? since : StormClock.Now;

    /// <summary>Where the messages sent go on the wire, in their RFC encoding (--pcap); null where nothing is captured.</summary>
    public Capture.SignalCapture? Capture { get; init; }

    /// <summary>An attacker listening on the links, for the replay attack (dmm.scenario.attacks.replayed-pbu); null where there is none.</summary>
    public Capture.Eavesdropper? Eavesdropper { get; init; }

    /// <summary>Sees every signalling message sent, e.g. to draw a message sequence chart.</summary>
    public Action<IActorRef, IActorRef, ISignal>? SignalTap { get; init; }

    /// <summary>
    /// Counts a signalling message as its receiver takes it in, and whether it crossed from
    /// another cluster member: only a remote sender's reference carries a host in its address.
    /// </summary>
    public void Arrived(object message, IActorRef? sender)
    {
        if (message is not ISignal) return;
        Recorder.Counters.Add(Counter.SignallingReceived);
        if (sender is not null && sender.Path.Address.HasGlobalScope) Recorder.Counters.Add(Counter.SignallingFromAnotherMember);
    }

    Channel? channel;

    /// <summary>The links between the nodes: every signal's arrival is stamped by it as it is sent.</summary>
    public Channel Channel => channel ??= new Channel(Topology, Scenario.ProcessingDelay, Multicast?.Mtma);

    /// <summary>
    /// Sends a signalling message from the node at <paramref name="fromAt"/> to the one at
    /// <paramref name="toAt"/>: the channel stamps when it arrives there, and it is counted.
    /// </summary>
    public void Send<T>(IActorRef to, Endpoint toAt, T signal, IActorRef from, Endpoint fromAt) where T : Signal
    {
        Channel.Carry(signal, fromAt, toAt);
        if (Authenticator is not null && Security.MessageAuthenticator.Protects(signal))
        {
            // The sender keeps the message it built, carried as before; what goes out is its signed copy.
            signal = Channel.Carry(Authenticator.Sign(signal, fromAt, toAt), fromAt, toAt);
        }
        Recorder.Signalling.Count(signal);
        SignalTap?.Invoke(from, to, signal);
        Eavesdropper?.Heard(signal, to, toAt);
        Capture?.Signal(signal, fromAt, toAt, signal.SentAt);
        to.Tell(signal, from);
    }

    /// <summary>
    /// Tunnels on a message that arrived at a tunnel end point <paramref name="relay"/>
    /// (<see cref="Channel.CarryOn"/>): counted once, when it was first sent; the sender it
    /// names is still its origin, whose security association with the receiver protects it.
    /// </summary>
    public void Relay<T>(IActorRef to, Endpoint toAt, T signal, IActorRef origin, IActorRef relay, Endpoint relayAt) where T : Signal
    {
        var departs = signal.ArrivesAt;
        Channel.CarryOn(signal, relayAt, toAt);
        SignalTap?.Invoke(relay, to, signal);
        Capture?.Signal(signal, relayAt, toAt, departs);
        to.Tell(signal, origin);
    }
}
