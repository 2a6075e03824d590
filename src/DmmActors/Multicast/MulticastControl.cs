using DmmActors.Addressing;
using DmmActors.Protocol;

namespace DmmActors.Multicast;

// Driving the multicast data plane once the walks are over, and reading its counts back.

/// <summary>To a group's source: send the group's stream, one packet per interval, from model time 0 to <see cref="Until"/>.</summary>
public sealed record EmitMulticast(int Group, ModelTime Until) : IDmmMessage;

public sealed record MulticastEmitted(int Group, int Packets) : IDmmMessage;

/// <summary>To an access router once the walks are over: send the periodic General Queries on the links still up, up to <see cref="Until"/> (the run's end).</summary>
public sealed record QueryListeners(ModelTime Until) : IDmmMessage;

public sealed record ListenersQueried(int Queries) : IDmmMessage;

/// <summary>To an access router once the walks and their MLD are over: report your MLD proxy's membership upstream.</summary>
public sealed record ReportUpstream : IDmmMessage
{
    public static readonly ReportUpstream Instance = new();
}

public sealed record UpstreamReported(int Reports) : IDmmMessage;

public sealed record GetMulticastTally : IDmmMessage
{
    public static readonly GetMulticastTally Instance = new();
}

/// <summary>The sequence numbers of a group's packets one listener received at one access router.</summary>
public sealed record Deliveries(MnIdentifier MnId, int Group, IReadOnlyList<int> Sequences);

/// <summary>
/// What an access router counted: copies that arrived on all its upstream interfaces, the
/// distinct packets among them, the copies no listener on its links was there for, what each
/// listener received, and how long listeners that moved in waited for their group.
/// </summary>
public sealed record MulticastTally(int AccessRouter, long Copies, long Distinct, long Unheard, IReadOnlyList<Deliveries> Deliveries,
    IReadOnlyList<ModelTime> JoinLatencies) : IDmmMessage;
