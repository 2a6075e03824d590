using DmmActors.Addressing;
using DmmActors.Protocol;

namespace DmmActors.Bindings;

/// <summary>Events an anchor's binding cache is rebuilt from. Schema versions live in the serializer manifests.</summary>
public interface IBindingEvent : IDmmMessage
{
    MnIdentifier MnId { get; }
    ModelTime At { get; }
}

public enum RegistrationKind : byte
{
    /// <summary>New mobility session (RFC 5213 §5.3.2, RFC 6275 §10.3.1).</summary>
    Initial,
    /// <summary>Lifetime extension after a handoff to a new care-of address (RFC 5213 §5.3.4).</summary>
    Handoff,
    /// <summary>Lifetime extension from the same care-of address (RFC 5213 §5.3.3).</summary>
    Refresh,
}

/// <summary>A registration was accepted and the entry now points to <see cref="CareOf"/>.</summary>
public sealed record BindingRegistered(
    MnIdentifier MnId,
    ModelTime At,
    RegistrationKind Kind,
    Prefix64 Prefix,
    int CareOf,
    ushort SequenceNumber,
    ModelTime Timestamp,
    ModelTime Lifetime) : IBindingEvent
{
    /// <summary>
    /// When the registration's sender sent it, recorded by the emulator beside what the anchor
    /// keeps so that a resumed sender goes on from it (a MIPv6 BU carries no time, RFC 6275
    /// §6.1.7); no anchor decides on it. Null in events of schema v1, written before it was recorded.
    /// </summary>
    public ModelTime? RequestSentAt { get; init; }
}

/// <summary>
/// A de-registration was accepted. The entry is kept for <see cref="DeleteAfter"/> before it
/// goes (RFC 5213 §5.3.5, MinDelayBeforeBCEDelete), so a late update from a new MAG still finds it.
/// <see cref="Prefix"/> is none in events of schema v1, written when an anchor held one prefix
/// per node: the one it delegated.
/// </summary>
public sealed record BindingDeregistered(
    MnIdentifier MnId,
    ModelTime At,
    int CareOf,
    ushort SequenceNumber,
    ModelTime Timestamp,
    ModelTime DeleteAfter,
    Prefix64 Prefix = default) : IBindingEvent;

/// <summary>
/// A binding context arrived from another anchor and was accepted (context transfer, RFC 4067
/// §3; anchor relocation, RFC 8818 §3.2): this anchor now anchors <see cref="Prefix"/>, taken
/// from <see cref="FromAnchor"/>'s pool, with the sequence number, timestamp and lifetime it had.
/// </summary>
public sealed record BindingContextReceived(
    MnIdentifier MnId,
    ModelTime At,
    Prefix64 Prefix,
    int CareOf,
    ushort SequenceNumber,
    ModelTime Timestamp,
    ModelTime Lifetime,
    ModelTime RegisteredAt,
    int FromAnchor,
    int Sessions,
    IReadOnlyList<int> Groups) : IBindingEvent;

/// <summary>The binding of <see cref="Prefix"/> moved to <see cref="ToAnchor"/>, which confirmed it; this anchor forwards what still comes for it.</summary>
public sealed record BindingContextTransferred(
    MnIdentifier MnId,
    ModelTime At,
    Prefix64 Prefix,
    int ToAnchor) : IBindingEvent;

/// <summary>
/// The kind of a binding event, as the journal's tags (`event:KIND`) and the replay's timeline
/// name it: one mapping for both, so a tag queried always matches what replay calls the event.
/// </summary>
public static class BindingEventKind
{
    public static readonly IReadOnlyList<string> All =
        ["registration", "handoff", "refresh", "deregistration", "relocation-in", "relocation-out"];

    public static string Of(IBindingEvent e) => e switch
    {
        BindingRegistered { Kind: RegistrationKind.Initial } => "registration",
        BindingRegistered { Kind: RegistrationKind.Handoff } => "handoff",
        BindingRegistered => "refresh",
        BindingContextReceived => "relocation-in",
        BindingContextTransferred => "relocation-out",
        _ => "deregistration",
    };
}
