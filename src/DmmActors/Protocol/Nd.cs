using DmmActors.Addressing;

namespace DmmActors.Protocol;

// Neighbor Discovery (RFC 4861) as the mobile node sees it on its access link.

/// <summary>
/// RFC 4861 §4.1. Sent by the node when its link comes up; the MAG takes it as an attach
/// trigger (RFC 5213 §6.9.2). It carries nothing of the move: what the node shares of that
/// goes in a message of its own (<see cref="PrefixesInUse"/>).
/// </summary>
public sealed record RouterSolicitation(ProcedureRef Procedure, ModelTime SentAt, MnIdentifier MnId) : Signal
{
    public override SignalType Type => SignalType.RouterSolicitation;
}

/// <summary>
/// Sent by the node with its RS on the new link: the router it came from (its last default
/// router, which it knows from that router's RAs) and the prefixes its sessions still need
/// kept across the move, with how many sessions use each (draft §5.2: which sessions need
/// mobility only the node knows, and it has to share it). A reactive fast handover asks the
/// previous router for the context by it (RFC 5949 §3.2). No RFC gives a host a message for
/// this: the emulator's is an ICMPv6 private-experimentation message (type 201, RFC 4443 §2.1),
/// sent, carried and counted like the rest.
/// </summary>
public sealed record PrefixesInUse(ProcedureRef Procedure, ModelTime SentAt, MnIdentifier MnId, int PreviousRouter, IReadOnlyList<PrefixInUse> Keep) : Signal
{
    public override SignalType Type => SignalType.PrefixesInUse;

    /// <summary>What a node that shares its sessions sends with its RS: only a move has a router to come from; an attach or a re-attach where the node stands shares nothing.</summary>
    public static PrefixesInUse? AfterMove(ProcedureRef procedure, ModelTime sentAt, MnIdentifier mn, int previousRouter, IReadOnlyList<PrefixInUse> keep) =>
        procedure.Kind == ProcedureKind.Handover && previousRouter >= 0 ? new PrefixesInUse(procedure, sentAt, mn, previousRouter, keep) : null;
}

/// <summary>A prefix and the sessions that still use it.</summary>
public readonly record struct PrefixInUse(Prefix64 Prefix, int Sessions);

/// <summary>
/// RFC 4861 §4.2. In PMIPv6 it carries the node's home network prefix, emulating the home
/// link (RFC 5213 §6.7); in MIPv6 it carries the access router's own prefix, from which the
/// node forms its care-of address.
/// </summary>
public sealed record RouterAdvertisement(ProcedureRef Procedure, ModelTime SentAt, int AccessRouter, Prefix64 Prefix) : Signal
{
    public override SignalType Type => SignalType.RouterAdvertisement;

    /// <summary>
    /// Earlier prefixes still anchored for the node, advertised with preferred lifetime 0
    /// (RFC 4861 §4.6.2; RFC 8818 §3.1): ongoing sessions keep them, new ones must not pick them.
    /// </summary>
    public IReadOnlyList<Prefix64> Deprecated { get; init; } = [];

    /// <summary>The mobility anchor points the router advertises (RFC 5380 §5); empty where the practice has none.</summary>
    public IReadOnlyList<MapOption> Maps { get; init; } = [];

    /// <summary>
    /// The prefix of the node's PDN connection at a local gateway (TS 23.401 §4.3.15 SIPTO, §4.3.16
    /// LIPA), advertised preferred after <see cref="Prefix"/>: the node's offloadable sessions take it.
    /// None where the practice has no local gateway.
    /// </summary>
    public Prefix64 Local { get; init; }
}

/// <summary>
/// The MAP option of a router advertisement (RFC 5380 §5, ND option type 23): a MAP, its
/// distance from the advertising router in hops (Dist, 4 bits, never 0), its preference (Pref,
/// 4 bits, 15 the most available) and how long it may be used (Valid Lifetime).
/// </summary>
public readonly record struct MapOption(int Map, byte Distance, byte Preference, ModelTime ValidLifetime)
{
    /// <summary>RFC 5380 §7.1, §9.1: a MAP with preference or valid lifetime 0 is not selected for a new binding.</summary>
    public bool Selectable => Preference > 0 && Alive;

    /// <summary>RFC 5380 §7.1, §10: a valid lifetime of 0 says the MAP failed; its bindings are lost.</summary>
    public bool Alive => ValidLifetime > ModelTime.Zero;
}

/// <summary>
/// The node tells its access router that no session uses <see cref="Prefix"/> any more (draft
/// §5.2: which sessions need mobility only the node knows, and it has to share it). No RFC gives
/// a host a message for it: the emulator's is an ICMPv6 private-experimentation message (type 200,
/// RFC 4443 §2.1), sent, carried and counted like the rest.
/// </summary>
public sealed record PrefixRelease(ProcedureRef Procedure, ModelTime SentAt, MnIdentifier MnId, Prefix64 Prefix) : Signal
{
    public override SignalType Type => SignalType.PrefixRelease;
}

/// <summary>
/// RFC 4862 §5.4.2: the Duplicate Address Detection probe for the node's tentative address on
/// <see cref="Prefix"/>, a Neighbor Solicitation (RFC 4861 §4.3) from the unspecified address to
/// the address's solicited-node multicast group. Nobody answers it where the address is unique.
/// </summary>
public sealed record NeighborSolicitation(ProcedureRef Procedure, ModelTime SentAt, MnIdentifier MnId, Prefix64 Prefix) : Signal
{
    public override SignalType Type => SignalType.NeighborSolicitation;
}

/// <summary>Loss of the radio link to an access router; an L2 trigger, not IP signalling.</summary>
public sealed record LinkDown(ProcedureRef Procedure, ModelTime At, MnIdentifier MnId) : IDmmMessage;

/// <summary>
/// The link layer's word to the node's router that the node is about to move to another access
/// point (RFC 5949 §4.1 (a)-(b): the node's report and the access network's Handover Indication
/// to the previous MAG). An L2 trigger, neither encoded nor counted as IP signalling.
/// </summary>
public sealed record HandoverIndication(ProcedureRef Procedure, ModelTime At, MnIdentifier MnId, int NewAccessPoint) : IDmmMessage;

/// <summary>
/// The node's link came up on a router's access point, and the link layer learnt the access
/// point it left (RFC 5949 §4.2 (b): the node's identifier and old AP ID reach the new MAG). An
/// L2 trigger, sent as the link comes up, before the node's RS.
/// </summary>
public sealed record LinkAssociated(ProcedureRef Procedure, ModelTime At, MnIdentifier MnId, int PreviousAccessPoint) : IDmmMessage;
