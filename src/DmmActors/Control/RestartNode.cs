using DmmActors.Addressing;
using DmmActors.Protocol;

namespace DmmActors.Control;

/// <summary>
/// A mobile node's cluster member was lost with the node on it. The access router the node was
/// attached to is where the node physically stands, so it restarts the node there: sent through
/// the node's shard, this starts a new incarnation on the member that took the shard over, which
/// advances its seeded walk to <see cref="Procedure"/> and attaches again on <see cref="Router"/>
/// (RS/RA, then the MAG's registration) from model time <see cref="At"/>, the time it attached
/// there. <see cref="LostSince"/> (StormClock) is when the node's member was marked unreachable.
/// </summary>
public sealed record RestartNode(ProcedureRef Procedure, int Router, ModelTime At, long LostSince) : IDmmMessage
{
    /// <summary>
    /// Where the node was lost between two links: it had left this router at <see cref="At"/>
    /// (its link-down) in <see cref="Procedure"/>, and the RS for its next link went with its
    /// member. -1 where <see cref="Router"/> is the router it stands on.
    /// </summary>
    public int LeftRouter { get; init; } = -1;

    /// <summary>
    /// Restarts a node that was last seen leaving <paramref name="departure"/>'s router: its own
    /// walk says where that move took it, as it would have told the router it reached.
    /// </summary>
    public static RestartNode AfterDeparture(NodeDeparture departure, long lostSince) =>
        new(departure.Procedure, -1, departure.LinkDown, lostSince) { LeftRouter = departure.Router };
}

/// <summary>
/// A node's link-down as the router it left saw it: it left <see cref="Router"/> at
/// <see cref="LinkDown"/> in <see cref="Procedure"/>, the move to its next link.
/// </summary>
public sealed record NodeDeparture(ProcedureRef Procedure, int Router, ModelTime LinkDown);

/// <summary>
/// From the driver to every access router once a member with mobile nodes is removed: which
/// nodes of that member (its address) it last saw leave its link.
/// </summary>
public sealed record GetDepartures(string Member) : IDmmMessage;

/// <summary>
/// A router's answer to <see cref="GetDepartures"/>, once every node of that member on its link
/// is known lost: the last departure it saw of each such node, and a restart for each node that
/// stood on its link. A node may stand on two links here, where its link-down went with its
/// member while its RS for the next link did not; the driver picks one (<see cref="RestartDecided"/>).
/// </summary>
public sealed record Departures(IReadOnlyList<NodeDeparture> Of, IReadOnlyList<RestartNode> OnLink) : IDmmMessage;

/// <summary>
/// From the driver to each router that offered to restart a node: the one restart chosen for it
/// (the latest of its moves any router saw). The router whose restart it is sends it; another
/// lets the node go as if it had left when the chosen restart has it attach elsewhere.
/// </summary>
public sealed record RestartDecided(RestartNode Chosen) : IDmmMessage;
