using DmmActors.Emulation;
using DmmActors.Topology;

namespace DmmActors.Cluster;

/// <summary>
/// The topology cut into regions of neighbouring access routers, the unit a cluster places on
/// a member: a region holds its routers (MAGs), the anchors that serve them, the correspondents
/// at its sites and the mobile nodes that first attach there, so a node's attach and its
/// handovers inside the region never leave the member.
/// </summary>
/// <remarks>
/// The grid is tiled into near-square tiles (rows of tiles, row-major), and a router belongs
/// to the tile of its nearest anchor's site rather than its own, so that an anchor and every
/// router it is nearest to (the routers whose nodes it serves, draft §4.2.2) share a region.
/// Tiles with no anchor site hold nothing and are dropped; the rest are numbered in tile order,
/// so consecutive regions are neighbours along a row of tiles.
/// </remarks>
public sealed class TopologyRegions
{
    readonly int[] ofRouter, ofAnchor, ofCorrespondent, ofMobileNode;

    public int Count { get; }

    /// <summary>About 64 routers a tile, and never fewer than 16 tiles, so a handful of members each get several regions.</summary>
    public static int TilesFor(int accessRouters) => Math.Min(accessRouters, Math.Clamp(accessRouters / 64, 16, 1024));

    public TopologyRegions(NetworkTopology topology, IReadOnlyList<int> firstRouters)
    {
        var tiles = TilesFor(topology.AccessRouters);
        int cols = Math.Min(topology.Width, GridLayout.NearSquareColumns(topology.Width, topology.Height, tiles));
        int rows = Math.Min(topology.Height, (int)Math.Ceiling(tiles / (double)cols));
        int TileOf(int site) => site / topology.Width * rows / topology.Height * cols + site % topology.Width * cols / topology.Width;

        var anchorTiles = topology.AnchorSites.Select(TileOf).ToArray();
        var regionOfTile = anchorTiles.Distinct().Order().Select((tile, region) => (tile, region)).ToDictionary(p => p.tile, p => p.region);
        Count = regionOfTile.Count;
        ofAnchor = anchorTiles.Select(t => regionOfTile[t]).ToArray();
        ofRouter = Enumerable.Range(0, topology.AccessRouters).Select(r => ofAnchor[topology.NearestAnchor(r)]).ToArray();
        ofCorrespondent = topology.CorrespondentSites.Select(site => ofRouter[site]).ToArray();
        ofMobileNode = firstRouters.Select(r => ofRouter[r]).ToArray();
    }

    public static TopologyRegions Of(RunContext run) => new(run.Topology, run.Policy.FirstRouters);

    public int Of(EntityKind kind, int index) => kind switch
    {
        EntityKind.Anchor => ofAnchor[index],
        EntityKind.AccessRouter => ofRouter[index],
        EntityKind.MobileNode => ofMobileNode[index],
        _ => ofCorrespondent[index],
    };

    /// <summary>
    /// The member (an index into the members in address order) that region <paramref name="region"/>
    /// goes to: consecutive regions to the same member, as evenly as whole regions allow.
    /// Every kind's coordinator computes the same, so a region's routers, anchors and nodes meet.
    /// </summary>
    public static int MemberOf(int region, int regions, int members) => (int)((long)region * members / regions);
}
