using DmmActors.Addressing;

namespace DmmActors.Protocol;

// Moving a node's mobility context: between access routers at a handover (PFMIPv6's HI and
// HAck, RFC 5949 §5.1, reactive mode) and between anchors at a relocation (CTD and CTDR in
// the spirit of CXTP, RFC 4067 §3.2).

/// <summary>One prefix's binding, as the binding update list holds it and as it moves.</summary>
public sealed record MobilityContext(
    Prefix64 Prefix,
    int Anchor,
    ushort SequenceNumber,
    ModelTime Timestamp,
    ModelTime Lifetime,
    ModelTime RegisteredAt,
    int Sessions)
{
    /// <summary>A binding's timestamp is its last PBU's (RFC 5213 §8.8), in the Timestamp option's 1/65536 s.</summary>
    public ModelTime Timestamp { get => timestamp; init => timestamp = TimestampOption.Representable(value); }
    readonly ModelTime timestamp = TimestampOption.Representable(Timestamp);
}

/// <summary>New access router to previous one: send me this node's context (RFC 5949 §5.1, reactive).</summary>
public sealed record HandoverInitiate(
    ProcedureRef Procedure,
    ModelTime SentAt,
    MnIdentifier MnId,
    int NewAccessRouter,
    IReadOnlyList<PrefixInUse> KeepPrefixes) : Signal
{
    public override SignalType Type => SignalType.HandoverInitiate;

    /// <summary>RFC 5949 §6.1.1's F flag: the previous router is asked to forward what it has and gets for the node (PFMIPv6, reactive).</summary>
    public bool ForwardingRequested { get; init; }
}

/// <summary>
/// Previous access router's answer: the context of every prefix the node keeps, and its
/// multicast subscriptions (RFC 7411 §3 carries them in HI/HAck).
/// </summary>
public sealed record HandoverAcknowledge(
    ProcedureRef Procedure,
    ModelTime SentAt,
    MnIdentifier MnId,
    int PreviousAccessRouter,
    IReadOnlyList<MobilityContext> Contexts,
    IReadOnlyList<int> Groups) : Signal
{
    public override SignalType Type => SignalType.HandoverAcknowledge;

    /// <summary>RFC 5949 §6.1.2's F flag, echoed: the previous router forwards to the new one.</summary>
    public bool Forwarding { get; init; }
}

/// <summary>
/// Previous MAG to new MAG, before the node moves (RFC 5949 §4.1 (c), predictive): the node's
/// identifier, its home network prefix and its LMA's address, with U (buffer until the node
/// arrives) and F (forward: the tunnel between the MAGs) set.
/// </summary>
public sealed record PredictiveHandoverInitiate(
    ProcedureRef Procedure,
    ModelTime SentAt,
    MnIdentifier MnId,
    int PreviousAccessRouter,
    int NewAccessRouter,
    Prefix64 HomeNetworkPrefix,
    int Lma,
    bool BufferRequested) : Signal
{
    public override SignalType Type => SignalType.HandoverInitiate;
}

/// <summary>The new MAG's answer (RFC 5949 §4.1 (d), §6.1.2): 0, handover accepted, or 128 and above where refused.</summary>
public sealed record PredictiveHandoverAcknowledge(
    ProcedureRef Procedure,
    ModelTime SentAt,
    MnIdentifier MnId,
    int PreviousAccessRouter,
    int NewAccessRouter,
    HandoverAcknowledgeCode Code) : Signal
{
    public override SignalType Type => SignalType.HandoverAcknowledge;

    public bool Accepted => Code < HandoverAcknowledgeCode.NotAccepted;
}

/// <summary>Anchor to anchor: take over this binding (CXTP's Context Transfer Data, RFC 4067 §3.2).</summary>
public sealed record ContextTransferData(
    ProcedureRef Procedure,
    ModelTime SentAt,
    MnIdentifier MnId,
    int FromAnchor,
    int CareOf,
    MobilityContext Context,
    IReadOnlyList<int> Groups) : Signal
{
    public override SignalType Type => SignalType.ContextTransferData;
}

/// <summary>The receiving anchor's answer (CXTP's CTD Reply, RFC 4067 §3.2); Accepted only once the context is durable.</summary>
public sealed record ContextTransferDataReply(
    ProcedureRef Procedure,
    ModelTime SentAt,
    BindingStatus Status,
    MnIdentifier MnId,
    Prefix64 Prefix,
    int ToAnchor) : Signal
{
    public override SignalType Type => SignalType.ContextTransferDataReply;
}

/// <summary>
/// The new anchor tells the serving access router that it now anchors the prefix, so refreshes
/// and releases go to it: an Update Notification (RFC 7077 §4.1) whose reason is the emulator's own.
/// </summary>
public sealed record AnchorRelocated(
    ProcedureRef Procedure,
    ModelTime SentAt,
    MnIdentifier MnId,
    Prefix64 Prefix,
    int Anchor,
    int PreviousAnchor) : Signal
{
    public override SignalType Type => SignalType.AnchorRelocated;
}

/// <summary>
/// The new anchor advertises a route for the relocated prefix (RFC 8818 §3.2.2: the routing
/// system learns the prefix's new anchor), here to the correspondents, which stand for the rest of the network.
/// </summary>
public sealed record PrefixRoute(ProcedureRef Procedure, ModelTime SentAt, Prefix64 Prefix, int Anchor) : Signal
{
    public override SignalType Type => SignalType.PrefixRoute;
}

/// <summary>A network-triggered relocation: move this prefix's binding to <see cref="TargetAnchor"/>, or to the one the anchor picks if -1.</summary>
public sealed record RelocateAnchor(Prefix64 Prefix, int TargetAnchor) : IDmmMessage;

/// <summary>
/// An anchor's load, sent to the access routers and anchors nearby (draft §5.1: anchor discovery;
/// the H flag of RFC 6275 §7.1 or HMIPv6's MAP option carry less): an unsolicited Heartbeat
/// (RFC 5847 §5.1) with the Load Information option (RFC 6463 §4.3), sessions in use and the most it takes.
/// </summary>
public sealed record AnchorAdvertisement(ProcedureRef Procedure, ModelTime SentAt, int Anchor, int Load, int Capacity) : Signal
{
    public override SignalType Type => SignalType.AnchorAdvertisement;

    /// <summary>RFC 5847 §5.1: the anchor's own count of the heartbeats it sent.</summary>
    public uint SequenceNumber { get; init; }
}
