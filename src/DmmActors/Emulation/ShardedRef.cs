using Akka.Actor;
using Akka.Cluster.Sharding;

namespace DmmActors.Emulation;

/// <summary>
/// An emulated node's address before anyone has talked to it: a reference with no actor
/// behind it that hands each message to the shard region of the node's type. Peers use it
/// only for first contact and learn the entity's own reference from its replies; a directory
/// of a million of these costs an object each, not an actor each.
/// </summary>
public sealed class ShardedRef(IActorRef region, string typeName, string entityId, IActorRefProvider provider) : MinimalActorRef
{
    public override ActorPath Path => region.Path / entityId;

    public override IActorRefProvider Provider => provider;

    protected override void TellInternal(object message, IActorRef sender) =>
        region.Tell(new ShardingEnvelope(entityId, message), sender);
}
