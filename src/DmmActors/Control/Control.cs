using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Protocol;

namespace DmmActors.Control;

// Emulator control: how the scenario drives the nodes and reads them back. None of these
// is protocol signalling, so none is counted in the signalling metrics. In a cluster run they
// cross between nodes, so each is an IDmmMessage.

public sealed record StartMobility : IDmmMessage
{
    public static readonly StartMobility Instance = new();
}

/// <summary>A node's walk is over; <see cref="LastCompletion"/> is when its last procedure completed.</summary>
public sealed record MobilityFinished(MnIdentifier MobileNode, ModelTime LastCompletion) : IDmmMessage;

/// <summary>Asks a correspondent to send one probe packet on a session, at a model time.</summary>
public sealed record SessionProbe(int Session, MnIdentifier Destination, Prefix64 DestinationPrefix, ModelTime At) : IDmmMessage
{
    /// <summary>
    /// With flows (traffic.flow-rate): the session's packets, <see cref="Count"/> of them, the first at
    /// <see cref="SessionProbe.At"/>, <see cref="Interval"/> apart, over the window of the node's
    /// procedure <see cref="Handover"/> or between its handovers (<see cref="Traffic"/>); 0 for a single probe.
    /// </summary>
    public int Count { get; init; }
    public int Handover { get; init; }
    public ModelTime Interval { get; init; }
    public DataTraffic Traffic { get; init; }

    /// <summary>The session is on the node's IPv4 home address (RFC 5555): the correspondent sends IPv4 datagrams.</summary>
    public bool Ipv4 { get; init; }
}

/// <summary>Tells a node that a data packet to or from it was dropped on the way, so it does not wait for it.</summary>
/// <remarks><paramref name="Handover"/>: the procedure a handover flow's packet was sent during; 0 otherwise.</remarks>
public sealed record ProbeLost(int Session, int Handover = 0, DataTraffic Traffic = DataTraffic.Probe) : IDmmMessage;

/// <summary>
/// Tells a node that a packet of its uplink flow reached its correspondent, carried in tunnel
/// headers of <paramref name="TunnelBytes"/> bytes on the way, so it does not wait for it; the
/// node counts it, unless it had already given it up at a deadline.
/// </summary>
public sealed record UplinkDelivered(int TunnelBytes) : IDmmMessage;

/// <summary>Tells a node its registration was refused; it has no usable address on this link.</summary>
public sealed record RegistrationRejected(ProcedureRef Procedure, BindingStatus Status) : IDmmMessage;

public sealed record GetBindingCache : IDmmMessage
{
    public static readonly GetBindingCache Instance = new();
}

public sealed record BindingCacheSnapshot(int Anchor, IReadOnlyList<BindingCacheEntry> Entries) : IDmmMessage
{
    /// <summary>Entries the anchor would still tunnel to at <paramref name="now"/>.</summary>
    public int ActiveAt(ModelTime now) => Entries.Count(e => e.ForwardsAt(now));
}

/// <summary>
/// Sent to every location client when the walks are over: refresh the bindings you hold so
/// they are still alive at <see cref="Until"/>, the model time the run ends at.
/// </summary>
public sealed record ExtendBindings(ModelTime Until) : IDmmMessage;

/// <summary>Every refresh the location client sent for <see cref="ExtendBindings"/> has been acknowledged.</summary>
public sealed record BindingsExtended : IDmmMessage
{
    public static readonly BindingsExtended Instance = new();
}
