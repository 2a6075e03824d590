using DmmActors.Addressing;

namespace DmmActors.Protocol;

/// <summary>RFC 6705 §10.2: the LRA's Status; below 128 a success, from 128 a refusal.</summary>
public enum LocalizedRoutingStatus : byte
{
    Success = 0,
    LocalizedRoutingNotAllowed = 128,
    MnNotAttached = 129,
}

/// <summary>A mobile node and its home network prefix, as an LRI or LRA names them (RFC 6705 §10: an MN-ID option, then its HNP options).</summary>
public readonly record struct LocalizedNode(MnIdentifier Mn, Prefix64 HomeNetworkPrefix);

/// <summary>
/// Localized Routing Initiation (RFC 6705 §10.1, MH type 17) between an LMA and a MAG, either
/// way: the LMA starts localized routing for two nodes it anchors (§5 A11, §6 A21), a MAG for two
/// nodes attached to it but anchored at two LMAs (§7 A12). Lifetime 0 stops it (§4). Where the two
/// nodes are on two MAGs, each MAG's LRI carries the counterpart MAG in the MAG IPv6 Address option
/// (§11.1). Each LRI names both nodes, as §10.1 has it ("two separate MN-ID options").
/// </summary>
public sealed record LocalizedRoutingInitiation(
    ProcedureRef Procedure,
    ModelTime SentAt,
    ushort SequenceNumber,
    ushort LifetimeSeconds,
    int Lma,
    int Mag,
    bool FromMag,
    IReadOnlyList<LocalizedNode> Nodes) : Signal
{
    public override SignalType Type => SignalType.LocalizedRoutingInitiation;

    /// <summary>The counterpart MAG (§11.1), where the two nodes are on two MAGs; -1 otherwise.</summary>
    public int RemoteMag { get; init; } = -1;

    public bool Stops => LifetimeSeconds == 0;
}

/// <summary>
/// Localized Routing Acknowledgment (RFC 6705 §10.2, MH type 18), the answer to an LRI by its
/// sequence number: on success it names the nodes as the LRI did; on a refusal, none (§10.2: only
/// those for which local forwarding is supported).
/// </summary>
public sealed record LocalizedRoutingAcknowledgement(
    ProcedureRef Procedure,
    ModelTime SentAt,
    ushort SequenceNumber,
    LocalizedRoutingStatus Status,
    ushort LifetimeSeconds,
    int Lma,
    int Mag,
    bool FromMag,
    IReadOnlyList<LocalizedNode> Nodes) : Signal
{
    public override SignalType Type => SignalType.LocalizedRoutingAcknowledgement;

    public bool Accepted => (byte)Status < 128;
}
