using DmmActors.Addressing;

namespace DmmActors.Topology;

/// <summary>
/// The emulated network: access routers on a grid, anchors and correspondents each hanging
/// off one grid router by a link of their own (<see cref="Attachment"/>). On a full grid the
/// shortest path between two routers is their Manhattan distance, so no path is stored.
/// </summary>
public sealed class NetworkTopology
{
    readonly int[][] neighbours;
    readonly PathLength anchorLink, correspondentLink;
    /// <summary>Per access router: computed once, because every one of millions of nodes asks.</summary>
    readonly int[] nearestAnchor;

    public int Width { get; }
    public int Height { get; }
    public int AccessRouters { get; }
    public int Anchors { get; }
    public int Correspondents { get; }
    public ModelTime HopDelay { get; }
    public ModelTime RadioDelay { get; }
    /// <summary>The grid router each anchor is linked to.</summary>
    public IReadOnlyList<int> AnchorSites { get; }
    /// <summary>The grid router each correspondent is linked to.</summary>
    public IReadOnlyList<int> CorrespondentSites { get; }
    /// <summary>Anchor i is a function of access router i (RFC 8885 §3, the mobility anchor and access router).</summary>
    readonly bool anchorsOnAccessRouters;
    /// <summary>
    /// The last <see cref="RegionalAnchors"/> anchors are regional (RFC 5380's MAPs), from
    /// <see cref="FirstRegionalAnchor"/> on; the ones before it are the anchors a node's prefix comes from.
    /// </summary>
    public int RegionalAnchors { get; }
    public int FirstRegionalAnchor => Anchors - RegionalAnchors;

    public bool IsRegionalAnchor(int anchor) => anchor >= FirstRegionalAnchor;

    /// <summary>Whether the anchor is a function of that access router, so that a packet between them crosses no link (RFC 8818 §3.1).</summary>
    public bool IsFunctionOf(int anchor, int accessRouter) => anchorsOnAccessRouters && anchor == accessRouter;

    /// <summary>Whether the anchor is a function of an access router; regional anchors are nodes of their own wherever the others stand.</summary>
    bool OnAccessRouter(int anchor) => anchorsOnAccessRouters && anchor < FirstRegionalAnchor;

    public NetworkTopology(int width, int height, IReadOnlyList<int> anchorSites, IReadOnlyList<int> correspondentSites,
        ModelTime hopDelay, ModelTime anchorLinkDelay, ModelTime correspondentLinkDelay, ModelTime radioDelay,
        bool anchorsOnAccessRouters = false, int regionalAnchors = 0)
    {
        this.anchorsOnAccessRouters = anchorsOnAccessRouters;
        RegionalAnchors = regionalAnchors;
        Width = width; Height = height;
        AccessRouters = width * height;
        Anchors = anchorSites.Count;
        Correspondents = correspondentSites.Count;
        AnchorSites = anchorSites; CorrespondentSites = correspondentSites;
        HopDelay = hopDelay; RadioDelay = radioDelay;

        neighbours = new int[AccessRouters][];
        for (int r = 0; r < AccessRouters; r++)
        {
            int x = r % width, y = r / width;
            var list = new List<int>(4);
            if (x > 0) list.Add(r - 1);
            if (x < width - 1) list.Add(r + 1);
            if (y > 0) list.Add(r - width);
            if (y < height - 1) list.Add(r + width);
            neighbours[r] = list.ToArray();
        }

        anchorLink = new PathLength(anchorLinkDelay, 1);
        correspondentLink = new PathLength(correspondentLinkDelay, 1);
        nearestAnchor = anchorsOnAccessRouters ? [] : Enumerable.Range(0, AccessRouters).Select(FindNearestAnchor).ToArray();
    }

    public IReadOnlyList<int> NeighboursOf(int accessRouter) => neighbours[accessRouter];

    /// <summary>An anchor hangs off its site by its own link, or is a function of its access router and has none.</summary>
    public Attachment AnchorAttachment(int anchor) => OnAccessRouter(anchor) ? new(anchor, default) : new(AnchorSites[anchor], anchorLink);

    public Attachment CorrespondentAttachment(int cn) => new(CorrespondentSites[cn], correspondentLink);

    public PathLength AnchorToRouter(int anchor, int accessRouter) => Via(AnchorAttachment(anchor), accessRouter);

    PathLength Via(Attachment node, int accessRouter) => node.Link + RouterToRouter(node.Site, accessRouter);

    /// <summary>On a full grid the shortest path is the Manhattan distance.</summary>
    public PathLength RouterToRouter(int from, int to)
    {
        var hops = Math.Abs(from % Width - to % Width) + Math.Abs(from / Width - to / Width);
        return new PathLength(HopDelay * hops, hops);
    }
    public PathLength CorrespondentToRouter(int cn, int accessRouter) => Via(CorrespondentAttachment(cn), accessRouter);

    /// <summary>Correspondent to anchor: through the anchor's grid site.</summary>
    public PathLength CorrespondentToAnchor(int cn, int anchor) =>
        CorrespondentToRouter(cn, AnchorSites[anchor]) + AnchorToRouter(anchor, AnchorSites[anchor]);

    public PathLength Radio => new(RadioDelay, 1);

    /// <summary>
    /// The longest way a packet can take to a node, in <paramref name="legs"/> legs: the
    /// correspondent's link, then each leg across the whole grid and up an anchor's link, then the radio.
    /// </summary>
    public ModelTime LongestDataPath(int legs) =>
        correspondentLink.Delay + (HopDelay * (Width + Height - 2) + anchorLink.Delay * 2) * legs + RadioDelay;

    /// <summary>Access routers at most <paramref name="radius"/> grid hops from <paramref name="router"/>, itself included.</summary>
    public IEnumerable<int> RoutersWithin(int router, int radius)
    {
        int x0 = router % Width, y0 = router / Width;
        for (int y = Math.Max(0, y0 - radius); y <= Math.Min(Height - 1, y0 + radius); y++)
        {
            var rest = radius - Math.Abs(y - y0);
            for (int x = Math.Max(0, x0 - rest); x <= Math.Min(Width - 1, x0 + rest); x++) yield return y * Width + x;
        }
    }

    public int NearestAnchor(int accessRouter) => anchorsOnAccessRouters ? accessRouter : nearestAnchor[accessRouter];

    int FindNearestAnchor(int accessRouter)
    {
        // A regional anchor is no node's home (RFC 5380 §3): the nearest home agent is among the others.
        int best = 0;
        for (int a = 1; a < FirstRegionalAnchor; a++)
            if (CompareNearness(a, best, accessRouter) < 0) best = a;
        return best;
    }

    /// <summary>Which of two anchors is nearer an access router: by path delay, then by hops; 0 when they are equally near.</summary>
    public int CompareNearness(int anchor, int other, int accessRouter)
    {
        var (a, b) = (AnchorToRouter(anchor, accessRouter), AnchorToRouter(other, accessRouter));
        var byDelay = a.Delay.CompareTo(b.Delay);
        return byDelay != 0 ? byDelay : a.Hops.CompareTo(b.Hops);
    }
}
