using Akka.Actor;
using Akka.Cluster.Sharding;

namespace DmmActors.Cluster;

/// <summary>
/// Anchors as sharded entities of one run, on the nodes with the anchor role. The entity id
/// is the anchor's index; each run has its own type name, so runs never share an entity.
/// </summary>
public static class AnchorSharding
{
    public const string Role = "anchor";

    public static string TypeName(string runId) => "anchor@" + runId;

    /// <summary>Ten shards per anchor node is the usual rule of thumb; a run's anchors are spread over them.</summary>
    public static IMessageExtractor Extractor(int anchors) => new Extractor_(Math.Max(1, Math.Min(anchors, 100)));

    /// <summary>Sharding unwraps a <see cref="ShardingEnvelope"/> itself and hands the entity the message inside.</summary>
    sealed class Extractor_(int shards) : HashCodeMessageExtractor(shards)
    {
        public override string EntityId(object message) => (message as ShardingEnvelope)?.EntityId!;
        public override object EntityMessage(object message) => message is ShardingEnvelope envelope ? envelope.Message : message;
    }

    /// <summary>Stands in for one remote anchor on the driver: wraps what it gets for the shard region, keeping the sender.</summary>
    public sealed class AnchorForwarder(IActorRef region, int anchor) : UntypedActor
    {
        readonly string entityId = anchor.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public static Props Props(IActorRef region, int anchor) => Akka.Actor.Props.Create(() => new AnchorForwarder(region, anchor));

        protected override void OnReceive(object message) => region.Forward(new ShardingEnvelope(entityId, message));
    }
}
