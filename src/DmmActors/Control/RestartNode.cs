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
public sealed record RestartNode(ProcedureRef Procedure, int Router, ModelTime At, long LostSince) : IDmmMessage;
