using DmmActors.Metrics;
using DmmActors.Protocol;

namespace DmmActors.Cluster;

// How a driver hands a run to the cluster's nodes and reads them back.

/// <summary>
/// Host this run's entities for the roles you have: its scenario says what they are. In a
/// storm (<see cref="Storm"/>), the driver says when each node moves, and the nodes time the
/// steps of each procedure on the wall clock. Anchors write to the partition of the run's
/// <see cref="JournalPartitions"/> their persistence id falls in. <see cref="DriverPath"/> is the
/// driver's scenario actor, which a node restarted after its member was lost reports to.
/// </summary>
public sealed record HostRun(string RunId, string ScenarioText, bool Storm, int JournalPartitions, string DriverPath) : IDmmMessage
{
    /// <summary>With --pcap: each member captures what it sends, shaped as the driver was asked, for the driver to merge (ClusterCapture).</summary>
    public HostedCapture? Capture { get; init; }
}

/// <summary>The shape of a cluster run's capture: --pcap-filter's expression, the data sample and the clock.</summary>
public sealed record HostedCapture(string? Filter, double DataSample, Capture.CaptureClock Clock);

/// <summary>From the driver once every member has reported: the next piece of this member's capture, from <see cref="Offset"/>.</summary>
public sealed record GetCapture(string RunId, long Offset) : IDmmMessage;

/// <summary>
/// A piece of a member's capture file, and how its capture went (frames, data frames, dropped,
/// the first message that could not be encoded); <see cref="Last"/> on the file's last piece.
/// </summary>
public sealed record CaptureChunk(byte[] Bytes, bool Last, long Frames, long DataFrames, long Dropped, string? Failure) : IDmmMessage;

public sealed record RunHosted(string RunId, string NodeAddress) : IDmmMessage;

/// <summary>What memory a member's process may use, asked before a run is placed (Loading.MemoryEstimate).</summary>
public sealed record GetMemberMemory : IDmmMessage
{
    public static readonly GetMemberMemory Instance = new();
}

public sealed record MemberMemory(string NodeAddress, long AvailableBytes) : IDmmMessage;

public sealed record GetNodeReport(string RunId) : IDmmMessage;

/// <summary>Just the run's counters on one node: what the driver polls while the multicast streams drain.</summary>
public sealed record GetRunCounters(string RunId) : IDmmMessage;

public sealed record RunCountersReport(IReadOnlyList<long> Counters) : IDmmMessage;

/// <summary>
/// What one node did for a run: its roles, everything its entities recorded (signalling it
/// sent, procedures its mobile nodes completed, probe paths), and the anchors and shards it holds.
/// </summary>
public sealed record NodeReport(
    string RunId,
    string NodeAddress,
    IReadOnlyList<string> Roles,
    RecorderContents Recorded,
    IReadOnlyList<int> Anchors,
    int Shards,
    IReadOnlyList<StormSample> StormSamples) : IDmmMessage
{
    /// <summary>What each node with a queue on this member processed (Topology.ProcessingQueue).</summary>
    public IReadOnlyList<Topology.QueueRecord> Queues { get; init; } = [];
}
