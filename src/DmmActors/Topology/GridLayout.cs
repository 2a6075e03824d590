using DmmActors.Addressing;
using DmmActors.Randomness;

namespace DmmActors.Topology;

/// <summary>
/// Builds the default grid: anchors spread evenly over it, then regional anchors spread
/// the same way (numbered after the anchors), each of their groups on its own, correspondents at seeded random sites.
/// </summary>
public static class GridLayout
{
    public static NetworkTopology Build(int accessRouters, AnchorPlacement anchors, int correspondents, ulong seed,
        ModelTime hopDelay, ModelTime anchorLinkDelay, ModelTime correspondentLinkDelay, ModelTime radioDelay)
    {
        var (width, height) = Shape(accessRouters);
        var anchorSites = anchors.OnAccessRouters ? Enumerable.Range(0, accessRouters).ToArray() : SpreadSites(width, height, anchors.Anchors);
        var rng = new SplitMix64(seed ^ 0xC0FFEE);
        var cnSites = Enumerable.Range(0, correspondents).Select(_ => rng.NextInt(width * height)).ToArray();
        var regionalSites = anchors.RegionalGroups.SelectMany(group => SpreadSites(width, height, group));
        return new NetworkTopology(width, height, [.. anchorSites, .. regionalSites], cnSites,
            hopDelay, anchorLinkDelay, correspondentLinkDelay, radioDelay, anchors.OnAccessRouters, anchors.Regional);
    }

    /// <summary>The most square grid with exactly this many routers.</summary>
    public static (int Width, int Height) Shape(int accessRouters)
    {
        int height = (int)Math.Floor(Math.Sqrt(accessRouters));
        while (accessRouters % height != 0) height--;
        return (accessRouters / height, height);
    }

    /// <summary>Columns of a partition of a width x height grid into <paramref name="cells"/> cells that are as near square as can be.</summary>
    public static int NearSquareColumns(int width, int height, int cells) => (int)Math.Ceiling(Math.Sqrt(cells * (double)width / height));

    /// <summary>One anchor at the centre of each cell of a near-square partition of the grid.</summary>
    public static int[] SpreadSites(int width, int height, int count)
    {
        int cols = Math.Max(1, NearSquareColumns(width, height, count));
        int rows = (int)Math.Ceiling(count / (double)cols);
        var sites = new int[count];
        for (int i = 0; i < count; i++)
        {
            int row = i / cols, col = i % cols;
            int inRow = row == rows - 1 ? count - row * cols : cols;
            int x = (int)((col + 0.5) * width / inRow);
            int y = (int)((row + 0.5) * height / rows);
            sites[i] = Math.Min(height - 1, y) * width + Math.Min(width - 1, x);
        }
        return sites;
    }
}
