using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace DmmActors.Cluster;

/// <summary>
/// Places whole topology regions (<see cref="TopologyRegions"/>; the shard id is the region) on
/// the members: every kind's coordinator orders the members by address and gives region k to
/// the same member, so a region's routers, anchors, correspondents and nodes share a process.
/// </summary>
/// <remarks>
/// Regions are not moved while their member is up. The mobile nodes and MAGs keep their state
/// in memory, so moving one mid-run would lose it; a region moves only when its member is gone,
/// and then whole, to the member the same rule picks among the survivors.
/// </remarks>
public sealed class RegionAllocation(ActorSystem system, int regions) : IShardAllocationStrategy
{
    readonly Address self = Akka.Cluster.Cluster.Get(system).SelfAddress;

    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId,
        IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        var members = currentShardAllocations.Keys.OrderBy(AddressOf, StringComparer.Ordinal).ToArray();
        var region = int.Parse(shardId, System.Globalization.CultureInfo.InvariantCulture);
        return Task.FromResult(members[TopologyRegions.MemberOf(region, regions, members.Length)]);
    }

    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations,
        IImmutableSet<string> rebalanceInProgress) =>
        Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);

    /// <summary>The coordinator's own region has a local path; name it by this member's address like the rest.</summary>
    string AddressOf(IActorRef region) =>
        (region.Path.Address.HasGlobalScope ? region.Path.Address : self).ToString();
}
