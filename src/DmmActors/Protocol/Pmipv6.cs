using DmmActors.Addressing;

namespace DmmActors.Protocol;

/// <summary>Handoff Indicator option values (RFC 5213 §8.4).</summary>
public enum HandoffIndicator : byte
{
    Reserved = 0,
    AttachmentOverNewInterface = 1,
    HandoffBetweenInterfaces = 2,
    HandoffBetweenMagsSameInterface = 3,
    HandoffStateUnknown = 4,
    HandoffStateNotChanged = 5,
}

/// <summary>Access Technology Type option values (RFC 5213 §8.5; the IANA registry of that name).</summary>
public enum AccessTechnologyType : byte
{
    Reserved = 0,
    Virtual = 1,
    Ppp = 2,
    Ieee8023 = 3,
    Ieee80211 = 4,
    Ieee80216e = 5,
    Geran = 6,
    Utran = 7,
    Eutran = 8,
}

/// <summary>
/// The Timestamp option's format (RFC 5213 §8.8): seconds since 1970 in 48 bits, then 1/65536
/// seconds; model time 0 is the epoch. A MAG's or LMA's clock gives times this option can hold,
/// so what the wire carries is the timestamp the binding cache orders by (§5.5).
/// </summary>
public static class TimestampOption
{
    public static ulong FromModelTime(ModelTime at)
    {
        var us = Math.Max(0, at.Microseconds);
        var seconds = (ulong)(us / 1_000_000);
        var fraction = (ulong)(us % 1_000_000 * 65536 / 1_000_000);
        return seconds << 16 | fraction;
    }

    /// <summary>The model time the option says: the first microsecond that falls in its 1/65536 s, so the two convert back and forth.</summary>
    public static ModelTime ToModelTime(ulong timestamp) =>
        new((long)(timestamp >> 16) * 1_000_000 + (long)(((timestamp & 0xFFFF) * 1_000_000 + 65535) / 65536));

    /// <summary>The latest time at or before <paramref name="at"/> that the option can hold.</summary>
    public static ModelTime Representable(ModelTime at) => ToModelTime(FromModelTime(at));
}

/// <summary>
/// Proxy Binding Update (RFC 5213 §8.1): a Binding Update with the P flag, sent by the MAG
/// for the node. Lifetime 0 is a de-registration (§5.3.5). The Timestamp option (§8.8)
/// orders updates that come from different MAGs (§5.5).
/// </summary>
public sealed record ProxyBindingUpdate(
    ProcedureRef Procedure,
    ModelTime SentAt,
    MnIdentifier MnId,
    Prefix64 HomeNetworkPrefix,
    HandoffIndicator HandoffIndicator,
    ushort SequenceNumber,
    ModelTime Timestamp,
    ushort LifetimeUnits,
    int ProxyCareOf) : Signal
{
    /// <summary>The MAG's clock when it sent the PBU, as the Timestamp option holds it (§8.8).</summary>
    public ModelTime Timestamp { get => timestamp; init => timestamp = TimestampOption.Representable(value); }
    readonly ModelTime timestamp = TimestampOption.Representable(Timestamp);

    public bool IsDeregistration => LifetimeUnits == 0;
    public ModelTime Lifetime => Protocol.Lifetime.FromUnits(LifetimeUnits);
    public override SignalType Type => IsDeregistration ? SignalType.ProxyBindingUpdateDeregistration : SignalType.ProxyBindingUpdate;

    /// <summary>
    /// The access technology between the node and the MAG (RFC 5213 §8.5, a mandatory option):
    /// the emulated access link is a wireless LAN. Reserved (0) is what a PBU without the option decodes to.
    /// </summary>
    public AccessTechnologyType AccessTechnologyType { get; init; } = AccessTechnologyType.Ieee80211;

    /// <summary>
    /// The Handoff Indicator (§8.4) of the PBU a MAG sends when a node attaches to it. The emulated
    /// link layer tells the MAG whether the node comes from another MAG, as an L2 handover hint
    /// would, so a move is 3 rather than 4 (unknown); a node or router restarted in a cluster run
    /// attaches again where the MAG has lost what it knew, and that is 4.
    /// </summary>
    public static HandoffIndicator HandoffIndicatorOn(ProcedureKind attachingBy) => attachingBy switch
    {
        ProcedureKind.Attach => HandoffIndicator.AttachmentOverNewInterface,
        ProcedureKind.Handover => HandoffIndicator.HandoffBetweenMagsSameInterface,
        _ => HandoffIndicator.HandoffStateUnknown,
    };

    /// <summary>
    /// RFC 5213 §5.3.1: a PBU without a mandatory option is refused with the status naming it.
    /// The MN-ID and the home network prefix are fields of the typed message, always present
    /// (an all-zero prefix is the option asking the LMA to assign one, §5.4.1.2).
    /// </summary>
    public BindingStatus? MissingMandatoryOption =>
        HandoffIndicator == HandoffIndicator.Reserved ? BindingStatus.MissingHandoffIndicatorOption
        : AccessTechnologyType == AccessTechnologyType.Reserved ? BindingStatus.MissingAccessTechTypeOption
        : null;

    /// <summary>Sessions on the prefix that need it kept, as the node's connection manager told the MAG (draft §5.2).</summary>
    public int Sessions { get; init; }

    /// <summary>The node's multicast subscriptions, so the anchor can hand them on (as RFC 7161 §4 has the LMA keep them).</summary>
    public IReadOnlyList<int> Groups { get; init; } = [];

    /// <summary>RFC 6463 §4.1: the Redirect-Capability option, the MAG's word that it takes a redirect to another LMA (§5.2).</summary>
    public bool RedirectCapability { get; init; }

    /// <summary>
    /// RFC 6463 §5.3.2: the LMA first contacted (rfLMA) that sends this PBU on to the LMA it assigned,
    /// from its own address, with the MAG's Proxy-CoA in the Alternate Care-of Address option
    /// (RFC 6275 §6.2.5); -1 for a PBU the MAG itself sent.
    /// </summary>
    public int RelayedBy { get; init; } = -1;

    /// <summary>RFC 8885 §4.1: the D flag, set where a MAAR or a CMD sends it rather than a MAG.</summary>
    public bool Dmm { get; init; }

    /// <summary>
    /// RFC 8885 §4.3: the Anchored Prefix options, the node's prefixes anchored at other MAARs that
    /// the serving MAAR registers with the CMD beside the one it anchors itself (the HNP).
    /// </summary>
    public IReadOnlyList<Prefix64> AnchoredPrefixes { get; init; } = [];

    /// <summary>
    /// RFC 8885 §4.6, §3.2: the Serving MAAR option of a PBU the CMD sends on to the MAAR anchoring
    /// the prefix (its Proxy-CoA); -1 where absent. Such a PBU comes from the CMD (<see cref="RelayedBy"/>).
    /// </summary>
    public int ServingMaar { get; init; } = -1;

    /// <summary>Where it came from: the relaying LMA or CMD, else the MAG that names itself its proxy care-of address.</summary>
    public Endpoint Sender() => RelayedBy >= 0 ? Endpoint.Anchor(RelayedBy) : Endpoint.AccessRouter(ProxyCareOf);
}

/// <summary>RFC 8885 §4.5: a previous MAAR, and the node's prefix it anchors.</summary>
public readonly record struct PreviousMaar(int Maar, Prefix64 Prefix);

/// <summary>Proxy Binding Acknowledgement (RFC 5213 §8.2), sent only once the binding event is durable.</summary>
public sealed record ProxyBindingAcknowledgement(
    ProcedureRef Procedure,
    ModelTime SentAt,
    BindingStatus Status,
    MnIdentifier MnId,
    Prefix64 HomeNetworkPrefix,
    ushort SequenceNumber,
    ModelTime Timestamp,
    ushort LifetimeUnits,
    int Lma) : Signal
{
    /// <summary>RFC 5213 §5.5, §8.2: the PBU's timestamp, or the LMA's clock where that one was refused, as the Timestamp option holds it.</summary>
    public ModelTime Timestamp { get => timestamp; init => timestamp = TimestampOption.Representable(value); }
    readonly ModelTime timestamp = TimestampOption.Representable(Timestamp);

    public bool IsDeregistration => LifetimeUnits == 0;
    public override SignalType Type => IsDeregistration ? SignalType.ProxyBindingAcknowledgementDeregistration : SignalType.ProxyBindingAcknowledgement;

    /// <summary>RFC 5213 §5.3.2, §8.2: the LMA copies the PBU's Handoff Indicator and Access Technology Type into its PBA.</summary>
    public HandoffIndicator HandoffIndicator { get; init; }
    public AccessTechnologyType AccessTechnologyType { get; init; }

    /// <summary>RFC 6463 §4.2, §5.3: the Redirect option, the LMA the rfLMA assigned the node to (r2LMA); -1 where none.</summary>
    public int Redirect { get; init; } = -1;

    /// <summary>RFC 6463 §4.3: the Load Information option's sessions in use at the sending LMA, which any PBA may carry; -1 where absent.</summary>
    public int Load { get; init; } = -1;

    /// <summary>RFC 8885 §4.2: the D flag, set where a MAAR or a CMD sends it.</summary>
    public bool Dmm { get; init; }

    /// <summary>RFC 8885 §3.2: the Serving MAAR option a MAAR anchoring a prefix echoes to the CMD; -1 where absent.</summary>
    public int ServingMaar { get; init; } = -1;

    /// <summary>RFC 8885 §4.5: the CMD's Previous MAAR options, each a MAAR that anchors one of the node's prefixes and now tunnels it to the serving MAAR.</summary>
    public IReadOnlyList<PreviousMaar> PreviousMaars { get; init; } = [];
}
