using Akka.Actor;

namespace DmmActors.Emulation;

/// <summary>
/// Where each emulated node lives, by index. Filled once at bootstrap; after that actors
/// reach their peers directly through these references, never through a router.
/// </summary>
public sealed class NodeDirectory(int accessRouters, int anchors, int correspondents, int mobileNodes)
{
    public IActorRef[] AccessRouters { get; } = new IActorRef[accessRouters];
    public IActorRef[] Anchors { get; } = new IActorRef[anchors];
    public IActorRef[] Correspondents { get; } = new IActorRef[correspondents];
    public IActorRef[] MobileNodes { get; } = new IActorRef[mobileNodes];
    /// <summary>The multicast tree mobility anchor, where the run has one (RFC 7028 §3.1).</summary>
    public IActorRef? Mtma { get; set; }
}
