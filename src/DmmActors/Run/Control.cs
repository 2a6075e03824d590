using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Protocol;

namespace DmmActors.Run;

// Emulator control: how the scenario drives the nodes and reads them back. None of these
// is protocol signalling, so none is counted in the signalling metrics.

public sealed record StartMobility;

public sealed record MobilityFinished(MnIdentifier MobileNode);

/// <summary>Asks a correspondent to send one probe packet on a session, at a model time.</summary>
public sealed record SessionProbe(int Session, MnIdentifier Destination, Prefix64 DestinationPrefix, ModelTime At);

/// <summary>Tells a node that a probe addressed to it was dropped on the way, so it does not wait for it.</summary>
public sealed record ProbeLost(int Session);

/// <summary>Tells a node its registration was refused; it has no usable address on this link.</summary>
public sealed record RegistrationRejected(ProcedureRef Procedure, BindingStatus Status);

public sealed record GetBindingCache
{
    public static readonly GetBindingCache Instance = new();
}

public sealed record BindingCacheSnapshot(int Anchor, IReadOnlyList<BindingCacheEntry> Entries);
