using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Sharding;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Emulation;

namespace DmmActors.Cluster;

/// <summary>The kinds of emulated node that live in shard regions, and the cluster role that hosts each.</summary>
public enum EntityKind { Anchor, AccessRouter, MobileNode, Correspondent }

/// <summary>
/// Every emulated node of a cluster run is a sharded entity, addressed by its index. Each run
/// has its own type names, so runs never share an entity; nodes with a kind's role host its
/// region, every other node reaches it through a proxy.
/// </summary>
public static class EntitySharding
{
    public const string AnchorRole = "anchor", AccessRole = "access", MobileNodeRole = "mn", DriverRole = "driver";

    public static readonly IReadOnlyList<EntityKind> Kinds = Enum.GetValues<EntityKind>();

    /// <summary>Correspondents are hosts, like the mobile nodes, so they live on the same nodes.</summary>
    public static string RoleOf(EntityKind kind) => kind switch
    {
        EntityKind.Anchor => AnchorRole,
        EntityKind.AccessRouter => AccessRole,
        _ => MobileNodeRole,
    };

    public static string TypeName(EntityKind kind, string runId) => kind switch
    {
        EntityKind.Anchor => "anchor",
        EntityKind.AccessRouter => "ar",
        EntityKind.MobileNode => "mn",
        _ => "cn",
    } + "@" + runId;

    /// <summary>
    /// The shard of an entity is its topology region (<see cref="TopologyRegions"/>), whatever its
    /// kind; sharding unwraps a <see cref="ShardingEnvelope"/> itself and hands the entity the message inside.
    /// </summary>
    sealed class RegionExtractor(EntityKind kind, TopologyRegions regions) : IMessageExtractor
    {
        public string EntityId(object message) => (message as ShardingEnvelope)?.EntityId!;
        public object EntityMessage(object message) => message is ShardingEnvelope envelope ? envelope.Message : message;
        public string ShardId(object message) => ShardId(EntityId(message), message);
        public string ShardId(string entityId, object? messageHint = null) =>
            regions.Of(kind, int.Parse(entityId, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
    }

    static Props PropsOf(RunContext run, EntityKind kind, int index) => kind switch
    {
        EntityKind.Anchor => AnchorActor.Props(run, index),
        EntityKind.AccessRouter => AccessRouterActor.Props(run, index),
        EntityKind.MobileNode => MobileNodeActor.Props(run, new MnIdentifier(index)),
        _ => CorrespondentActor.Props(run, index),
    };

    /// <summary>This node's region for a kind whose role it has; a proxy to the others' regions otherwise.</summary>
    static IActorRef Region(ActorSystem system, RunContext run, EntityKind kind, IReadOnlyCollection<string> roles, TopologyRegions regions)
    {
        var sharding = ClusterSharding.Get(system);
        var (type, role, extractor) = (TypeName(kind, run.RunId), RoleOf(kind), new RegionExtractor(kind, regions));
        return roles.Contains(role)
            ? sharding.Start(type, id => PropsOf(run, kind, int.Parse(id, CultureInfo.InvariantCulture)),
                ClusterShardingSettings.Create(system).WithRole(role), extractor, new RegionAllocation(system, regions.Count), PoisonPill.Instance)
            : sharding.StartProxy(type, role, extractor);
    }

    /// <summary>Fills the run's directory with first-contact references through each kind's region.</summary>
    public static IReadOnlyDictionary<EntityKind, IActorRef> Address(ActorSystem system, RunContext run, IReadOnlyCollection<string> roles)
    {
        var provider = ((ExtendedActorSystem)system).Provider;
        var placement = TopologyRegions.Of(run);
        var regions = Kinds.ToDictionary(kind => kind, kind => Region(system, run, kind, roles, placement));
        void Fill(IActorRef[] refs, EntityKind kind)
        {
            for (int i = 0; i < refs.Length; i++)
                refs[i] = new ShardedRef(regions[kind], TypeName(kind, run.RunId), i.ToString(CultureInfo.InvariantCulture), provider);
        }
        Fill(run.Directory.Anchors, EntityKind.Anchor);
        Fill(run.Directory.AccessRouters, EntityKind.AccessRouter);
        Fill(run.Directory.MobileNodes, EntityKind.MobileNode);
        Fill(run.Directory.Correspondents, EntityKind.Correspondent);
        return regions;
    }
}
