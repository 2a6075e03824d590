using DmmActors.Addressing;

namespace DmmActors.Protocol;

/// <summary>
/// A user-plane packet from a correspondent to a mobile node's home prefix. The channel adds
/// the model delay and hop count of each leg it is carried over (<c>Topology.Channel.Carry</c>),
/// so the receiver knows the length of the path the practice really took, tunnels included.
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
    /// <summary>
    /// The care-of address a correspondent sent it to straight, from its binding cache, with the
    /// home address in a type 2 routing header (RFC 6275 §6.4, §9.3.2); -1 where it went to the home prefix.
    /// </summary>
    public int RoutedToCareOf { get; init; } = -1;

    /// <summary>
    /// The procedure of the node's that it was sent during (a flow's packet, traffic.flow-rate);
    /// 0 for a probe. Its loss is that handover's, not a failure's.
    /// </summary>
    public int Handover { get; init; }

    public bool DuringHandover => Handover != 0;

    /// <summary>When it reaches the node it is at now: each leg it crossed added its delay.</summary>
    public ModelTime ArrivesAt => SentAt + PathDelay;
}
