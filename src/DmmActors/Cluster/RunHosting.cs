using DmmActors.Protocol;

namespace DmmActors.Cluster;

// How a driver hands a run to the cluster's anchor nodes and reads them back.

/// <summary>Host the anchors of this run: its scenario, and where its access routers and nodes live.</summary>
public sealed record HostRun(string RunId, string ScenarioText, string DriverAddress) : IDmmMessage;

public sealed record RunHosted(string RunId, string NodeAddress) : IDmmMessage;

public sealed record GetNodeReport(string RunId) : IDmmMessage;

/// <summary>What one node did for a run: signalling it sent, by procedure kind and type, and the anchors and shards it holds.</summary>
public sealed record NodeReport(
    string RunId,
    string NodeAddress,
    IReadOnlyList<long> SignallingCounts,
    long UnauthorisedSignalling,
    long PacketsLost,
    IReadOnlyList<int> Anchors,
    int Shards) : IDmmMessage;
