using DmmActors.Addressing;

namespace DmmActors.Protocol;

/// <summary>
/// A user-plane packet from a correspondent to a mobile node's home prefix. Each node on
/// the way adds the model delay and hop count of the link it used, so the receiver knows
/// the length of the path the practice really took, tunnels included.
/// </summary>
public sealed record DataPacket(
    int Session,
    MnIdentifier Destination,
    Prefix64 DestinationPrefix,
    int Correspondent,
    ModelTime SentAt,
    ModelTime PathDelay,
    int PathHops,
    int Tunnels) : IDmmMessage
{
    public DataPacket Over(ModelTime delay, int hops) => this with { PathDelay = PathDelay + delay, PathHops = PathHops + hops };
    public DataPacket Tunnelled(ModelTime delay, int hops) => Over(delay, hops) with { Tunnels = Tunnels + 1 };
}
