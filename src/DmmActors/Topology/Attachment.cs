using DmmActors.Addressing;

namespace DmmActors.Topology;

/// <summary>Where a node hangs off the grid: the router at its site, and the link it reaches that router over (none for the router itself).</summary>
public readonly record struct Attachment(int Site, PathLength Link);

/// <summary>
/// Where the nodes of kinds a plug-in adds stand (a mobile router on its access router's link,
/// a gateway at a site of its own): the channel finds the path to them as it does to any other.
/// </summary>
public interface INodeAttachments
{
    IEnumerable<(NodeKind Kind, Func<Endpoint, Attachment> Where)> Attachments(NetworkTopology topology);
}
