using System.Collections.Concurrent;
using Akka.Actor;
using DmmActors.Metrics;

namespace DmmActors.Emulation;

/// <summary>
/// How the nodes of a run learn that a message or a peer was lost: only between the processes
/// of a cluster run can either be. In one process nothing is lost, and this holds no timeout.
/// </summary>
public sealed class LossDetection
{
    /// <summary>
    /// Wall-clock time after which an unanswered registration is retransmitted and a probe
    /// packet given up for lost; null in one process, where a timer would only make a slow run
    /// retransmit and lose its determinism.
    /// </summary>
    public TimeSpan? SignallingTimeout { get; init; }

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
    /// On a cluster run's driver: where the journal last saw mobile nodes, as a restart there
    /// (nodes it holds nothing of are left out). A member lost with both the nodes and the routers
    /// they stood on leaves no router to say; the journal the anchors and the nodes' facts were
    /// made durable in does. Null in one process, where no node is lost.
    /// </summary>
    public Func<IReadOnlyCollection<int>, Task<IReadOnlyDictionary<int, Control.RestartNode>>>? WhereLostNodesStood { get; init; }

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
}
