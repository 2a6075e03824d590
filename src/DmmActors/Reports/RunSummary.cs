using DmmActors.Addressing;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Metrics;
using DmmActors.Practices;
using DmmActors.Protocol;

namespace DmmActors.Reports;

public sealed record AnchorLoad(string Id, int Bindings, int Entries)
{
    /// <summary>The anchor's role ("lma", "ha", "map"): loads are compared within a role.</summary>
    public string Role { get; init; } = "";
}

/// <summary>The data one anchor sent on, each way (<see cref="Functions.DataPlane.Forwarded"/>).</summary>
public sealed record AnchorData(string Id, AnchorDataLoad Downlink, AnchorDataLoad Uplink)
{
    /// <summary>Signalling messages the anchor sent and was sent: its control-plane load.</summary>
    public long Signalling { get; init; }
}

/// <summary>
/// The sessions' flows between handovers (traffic.flow-rate): packets sent to the nodes and lost;
/// packets the nodes sent, delivered to their correspondents and lost, and the tunnel headers
/// the delivered ones came in, leg by leg. All 0 without flows.
/// </summary>
/// <summary>
/// Dual-stack MIPv6 (RFC 5555): IPv4 home addresses bound and refused, registrations that found a
/// NAT on the path, and the data packets carried in UDP over IPv4 past one, with those headers' bytes.
/// </summary>
public sealed record DualStackSummary(long Ipv4HomeAddressesBound, long Ipv4HomeAddressesRefused, long NatsDetected, long UdpPackets, long UdpBytes)
{
    public static readonly DualStackSummary None = new(0, 0, 0, 0, 0);
    public bool Any => Ipv4HomeAddressesBound + Ipv4HomeAddressesRefused + NatsDetected > 0;
}

public sealed record SessionFlows(long DownlinkSent, long DownlinkLost, long UplinkSent, long UplinkDelivered, long UplinkLost, long UplinkEncapsulationBytes)
{
    public static readonly SessionFlows None = new(0, 0, 0, 0, 0, 0);
    public double UplinkEncapsulationPerPacket => UplinkDelivered == 0 ? 0 : UplinkEncapsulationBytes / (double)UplinkDelivered;
}

/// <summary>What one cluster node held and did in a run.</summary>
public sealed record NodeLoad(string Node, IReadOnlyList<string> Roles, IReadOnlyList<int> Anchors, int Bindings, long SignallingMessages, int Shards)
{
    /// <summary>Signalling messages this node's entities took in, and how many of them came from another member.</summary>
    public long SignallingReceived { get; init; }
    public long SignallingFromAnotherMember { get; init; }
    public double RemoteShare => SignallingReceived == 0 ? 0 : SignallingFromAnotherMember / (double)SignallingReceived;
}

/// <summary>The model-time and wall-clock results of a run, as summary.json and summary.md show them.</summary>
public sealed record RunSummary(
    string RunId,
    string Scenario,
    string Practice,
    ulong Seed,
    int MobileNodes,
    int AccessRouters,
    long Attaches,
    long Handovers,
    Percentiles HandoverLatencyMs,
    Percentiles AttachLatencyMs,
    IReadOnlyDictionary<string, double> SignallingPerHandover,
    double SignallingPerHandoverTotal,
    long RefreshSignalling,
    double PathStretchMean,
    double PathStretchP95,
    long PathSamples,
    long PacketsLost,
    long FailedRegistrations,
    long UnauthorisedSignalling,
    IReadOnlyList<AnchorLoad> Anchors,
    string BindingsChecksum,
    double ModelSpanSeconds,
    double WallMobilitySeconds,
    double WallTotalSeconds,
    string Journal,
    IReadOnlyList<ProcedureRecord> Procedures)
{
    /// <summary>The statuses the failed registrations were refused with (RFC 5213 §8.9, RFC 6275 §6.1.8), and how many each.</summary>
    public IReadOnlyList<(BindingStatus Status, long Count)> FailedRegistrationsByStatus { get; init; } = [];

    /// <summary>Anchor nodes of a cluster run; empty for a run in one process.</summary>
    public IReadOnlyList<NodeLoad> Cluster { get; init; } = [];

    /// <summary>
    /// The share of signalling messages whose receiver was on another member than their sender,
    /// over every member still up at the end; 0 in one process.
    /// </summary>
    public double ClusterRemoteShare { get; init; }

    /// <summary>Cluster members that took the run but were gone at its end; what they counted is lost with them.</summary>
    public IReadOnlyList<string> ClusterNodesLost { get; init; } = [];

    /// <summary>The journal partitions the run's anchors wrote to, as its ledger entry records them.</summary>
    public int JournalPartitions { get; init; } = 1;

    /// <summary>Every probe packet's path stretch, sorted.</summary>
    public IReadOnlyList<double> PathStretches { get; init; } = [];

    public double HandoversPerWallSecond => WallMobilitySeconds > 0 ? Handovers / WallMobilitySeconds : 0;

    /// <summary>Every signalling message of the run, all procedures, for wall-clock rates.</summary>
    public long SignallingMessages { get; init; }

    public double WallSpawnSeconds { get; init; }

    /// <summary>Resident memory of the process when the walks were over.</summary>
    public long ResidentBytes { get; init; }

    /// <summary>The capture the run wrote (--pcap); null where it wrote none.</summary>
    public Capture.CaptureReport? Capture { get; init; }

    /// <summary>Resident memory once every node was spawned, before any moved.</summary>
    public long ResidentBytesAfterSpawn { get; init; }

    /// <summary>Bytes this process allocated on the managed heap while the nodes moved (GC.GetTotalAllocatedBytes), on every thread.</summary>
    public long AllocatedBytesDuringMobility { get; init; }

    /// <summary>Registrations sent again for want of an acknowledgement; only a cluster run loses any.</summary>
    public long Retransmissions { get; init; }

    /// <summary>Nodes that attached again after a cluster member was lost, and how long they were unreachable.</summary>
    public ReattachmentSummary Reattachment { get; init; } = ReattachmentSummary.From([], 0, 0);

    /// <summary>Every emulated node: mobile nodes, access routers, anchors and correspondents.</summary>
    public int EmulatedNodes { get; init; }

    /// <summary>Path stretch of the sessions that started on the node's current link, and of those that kept their address across a move.</summary>
    public double PathStretchNewMean { get; init; }
    public double PathStretchLongLivedMean { get; init; }
    public long PathSamplesLongLived { get; init; }

    /// <summary>
    /// Path stretch of the probes to a prefix at a local gateway (traffic.offload-share) and of the
    /// rest, to the anchored prefix; no samples where the practice gives nodes no local prefix.
    /// </summary>
    public double PathStretchOffloadedMean { get; init; }
    public double PathStretchAnchoredMean { get; init; }
    public long PathSamplesOffloaded { get; init; }
    public long LocalConnectionsReestablished { get; init; }

    /// <summary>Tunnels carrying a node's prefixes to it after a move, on average over every attach and handover.</summary>
    public double TunnelsPerNode { get; init; }

    /// <summary>Most bindings at one home anchor (an LMA, HA or DMM anchor) over the mean per home anchor: 1 when the load is even.</summary>
    public double AnchorLoadSpread { get; init; }

    /// <summary>The same figure within each anchor role ("ha", "map"): a MAP's bindings are not an HA's.</summary>
    public IReadOnlyDictionary<string, double> AnchorLoadSpreadByRole { get; init; } = new Dictionary<string, double>();

    /// <summary>The Gini coefficient of the bindings over the home anchors: 0 when the load is even.</summary>
    public double AnchorLoadGini { get; init; }

    /// <summary>RFC 6705's localized routing: set-ups and their signalling, by case.</summary>
    public LocalRoutingSummary LocalRouting { get; init; } = LocalRoutingSummary.From(new RunCounters());

    /// <summary>Sessions between mobile nodes: their probes' paths, by RFC 6705's cases.</summary>
    public PeerTrafficSummary PeerTraffic { get; init; } = PeerTrafficSummary.None;

    /// <summary>RFC 6463: registrations redirected to the LMA an rfLMA assigned, and relayed PBUs the assigned LMA refused.</summary>
    public (long Made, long Refused) RuntimeAssignments { get; init; }

    /// <summary>Mobile nodes with at least one active binding at the end, at any anchor.</summary>
    public int NodesBound { get; init; }

    /// <summary>
    /// Nodes without exactly one active binding at the end: with one anchor per node each anchor
    /// holds one entry per node it serves; with distributed anchors a node holds one per prefix,
    /// so those without any.
    /// </summary>
    public long LostBindings { get; init; }

    public long Relocations { get; init; }
    public long RelocationsRefused { get; init; }
    public long PacketsBufferedDuringTransfer { get; init; }
    public long PacketsForwardedAfterTransfer { get; init; }
    /// <summary>Whether PBU and PBA carried and were checked for their authentication (dmm.scenario.security.authentication).</summary>
    public bool SignallingAuthenticated { get; init; }
    /// <summary>Protected signalling refused or discarded for want of a valid authentication (RFC 4285 §5).</summary>
    public long AuthenticationFailures { get; init; }
    /// <summary>PBUs refused with 156, their timestamp outside the LMA's validity window (RFC 5213 §5.5).</summary>
    public long TimestampMismatches { get; init; }
    /// <summary>Overload (dmm.scenario.overload): registrations refused with 130, sent again after a back-off, procedures that waited for one.</summary>
    public long RegistrationsShed { get; init; }
    public long RegistrationsBackedOff { get; init; }
    public long ProceduresDelayedByBackoff { get; init; }
    /// <summary>The anchors' high-water mark, and the most registrations one held awaiting the journal and the deepest mailbox seen (this process).</summary>
    public long OverloadHighWater { get; init; }
    public long AwaitingJournalHighWater { get; init; }
    public long AnchorMailboxHighWater { get; init; }
    /// <summary>The database's outages, in wall-clock time (Persistence.HoldingSqlJournal); none for SQLite or a database that stayed.</summary>
    public JournalOutageSummary JournalOutage { get; init; } = JournalOutageSummary.None;
    /// <summary>What each attack of the scenario sent and what became of it (dmm.scenario.attacks); empty without attacks.</summary>
    public IReadOnlyList<Attacks.AttackTally> Attacks { get; init; } = [];
    public long PrefixesReleased { get; init; }
    public long AnchorAdvertisements { get; init; }

    public Multicast.MulticastSummary? Multicast { get; init; }

    /// <summary>The flows' packets sent while handovers were under way (traffic.flow-rate); all 0 without flows.</summary>
    public HandoverPackets HandoverPackets { get; init; } = HandoverPackets.None;

    /// <summary>Each anchor's data-plane load, both ways; never journalled, so a replay has none.</summary>
    public IReadOnlyList<AnchorData> DataPlane { get; init; } = [];

    /// <summary>All anchors' load together, each way.</summary>
    public AnchorDataLoad DownlinkTotal => DataPlane.Aggregate(default(AnchorDataLoad), (sum, a) => sum + a.Downlink);

    /// <summary>The anchor that sent and took in the most signalling (the centre of a split control plane, RFC 8885 §3), or null where none did.</summary>
    public AnchorData? BusiestSignallingAnchor => DataPlane.Where(a => a.Signalling > 0).MaxBy(a => a.Signalling);

    /// <summary>Its messages per second of model time.</summary>
    public double BusiestAnchorSignallingPerSecond => BusiestSignallingAnchor is { } a && ModelSpanSeconds > 0 ? a.Signalling / ModelSpanSeconds : 0;
    public AnchorDataLoad UplinkTotal => DataPlane.Aggregate(default(AnchorDataLoad), (sum, a) => sum + a.Uplink);

    public SessionFlows SessionFlows { get; init; } = SessionFlows.None;

    /// <summary>Sessions that needed their address kept and lost it in a move (traffic.continuity-share).</summary>
    public long SessionsBroken { get; init; }

    /// <summary>Home Agent Switch messages sent (RFC 5142), and the switches made and refused; all 0 where no home agent sends one.</summary>
    public (long Offered, long Made, long Refused) HomeAgentSwitches { get; init; }
    /// <summary>RFC 5568, RFC 5949: handovers whose tunnel the HAck set up before the move (predictive), those set up from the new link (reactive), those refused, and the neighbours resolved by CARD.</summary>
    public (long Predictive, long Reactive, long Refused, long CardResolutions) FastHandovers { get; init; }

    /// <summary>RFC 5555's IPv4 side; all 0 where no node has an IPv4 care-of address.</summary>
    public DualStackSummary DualStack { get; init; } = DualStackSummary.None;

    /// <summary>The nodes each mobile node moves: 1, or a mobile router and the nodes behind it (RFC 3963).</summary>
    public int NodesPerMobileNode { get; init; } = 1;

    /// <summary>What a handover costs in signalling for each node it moves.</summary>
    public double SignallingPerNodeMoved => SignallingPerHandoverTotal / NodesPerMobileNode;

    /// <summary>Downlink packets that reached their nodes, and the tunnel headers they were carried in on the way.</summary>
    public long DataPacketsDelivered { get; init; }
    public long DeliveredEncapsulationBytes { get; init; }
    public double DeliveredEncapsulationPerPacket => DataPacketsDelivered == 0 ? 0 : DeliveredEncapsulationBytes / (double)DataPacketsDelivered;
    public double DeliveredEncapsulationPerNode => MobileNodes == 0 ? 0 : DeliveredEncapsulationBytes / (double)MobileNodes;

    /// <summary>The nodes' processing queues in model time; none where the scenario gives no node a queue.</summary>
    public QueueSummary Queues { get; init; } = QueueSummary.None;

    /// <summary>The Gini coefficient of the bindings over the anchors: 0 when every anchor holds as many, towards 1 as one holds them all.</summary>
    static double Gini(IEnumerable<AnchorLoad> loads)
    {
        var bindings = loads.Select(a => (double)a.Bindings).Order().ToArray();
        var total = bindings.Sum();
        if (bindings.Length == 0 || total == 0) return 0;
        // Over the sorted values: sum of (2i - n - 1) x_i / (n * sum x), i from 1.
        var weighted = bindings.Select((x, i) => (2.0 * (i + 1) - bindings.Length - 1) * x).Sum();
        return weighted / (bindings.Length * total);
    }

    /// <summary>Most bindings at one anchor over the mean: 1 when the load is even, 0 with no binding.</summary>
    static double Spread(IEnumerable<AnchorLoad> loads)
    {
        var bindings = loads.Select(a => a.Bindings).ToArray();
        var mean = bindings.Length == 0 ? 0 : bindings.Average();
        return mean == 0 ? 0 : bindings.Max() / mean;
    }

    public static RunSummary From(RunContext run, IReadOnlyList<BindingCacheSnapshot> snapshots, string checksum,
        TimeSpan wallMobility, string journal)
    {
        var procedures = InNodeOrder(run.Recorder.Procedures);
        var handovers = procedures.Where(p => p.Kind == ProcedureKind.Handover).ToArray();
        var attaches = procedures.Where(p => p.Kind == ProcedureKind.Attach).ToArray();
        var pathRecords = run.Recorder.Paths;
        var paths = pathRecords.Select(p => p.Stretch).Order().ToArray();
        var longLived = pathRecords.Where(p => p.LongLived).Select(p => p.Stretch).ToArray();
        var fresh = pathRecords.Where(p => !p.LongLived).Select(p => p.Stretch).ToArray();
        var offloaded = pathRecords.Where(p => p.Offloaded).Select(p => p.Stretch).ToArray();
        var anchored = pathRecords.Where(p => !p.Offloaded).Select(p => p.Stretch).ToArray();
        var extra = run.Recorder.Counters;
        var end = procedures.Length == 0 ? ModelTime.Zero : procedures.Max(p => p.CompletedAt);
        var counters = run.Recorder.Signalling;
        // What a practice signals beside its moves counts with them: the relocations they trigger, the prefixes released
        // after them, and localized routing (RFC 6705) set up, moved or stopped, whether a move or a packet set it off.
        var perHandover = new[] { ProcedureKind.Handover, ProcedureKind.Relocation, ProcedureKind.Release, ProcedureKind.LocalRouting }
            .SelectMany(kind => counters.For(kind))
            .GroupBy(kv => kv.Key.ShortName(), kv => kv.Value)
            .ToDictionary(g => g.Key, g => handovers.Length == 0 ? 0 : g.Sum() / (double)handovers.Length);
        var outcome = run.Services.Get<IRunOutcome>();
        var loads = snapshots.OrderBy(s => s.Anchor)
            .Select(s => new AnchorLoad(outcome.AnchorLabel(s.Anchor), s.ActiveAt(end), s.Entries.Count) { Role = outcome.AnchorRole(s.Anchor) })
            .ToArray();
        var spreadByRole = loads.GroupBy(a => a.Role).ToDictionary(g => g.Key, Spread);
        var bindingsOfNode = snapshots.SelectMany(s => s.Entries).Where(e => e.ForwardsAt(end)).CountBy(e => e.MnId.Index).ToArray();
        var nodesBound = bindingsOfNode.Length;
        // A node with two bindings where the practice gives it one must not hide a node with none.
        var nodesBoundAsExpected = bindingsOfNode.Count(n => outcome.BoundAsExpected(n.Value));

        return new RunSummary(
            run.RunId, run.Scenario.Name, run.Scenario.PracticeName, run.Scenario.Seed, run.Scenario.MobileNodes,
            run.Topology.AccessRouters, attaches.Length, handovers.Length,
            Latency(handovers), Latency(attaches),
            perHandover, perHandover.Values.Sum(), counters.For(ProcedureKind.Refresh).Values.Sum(),
            paths.Length == 0 ? 0 : paths.Average(), Percentiles.Quantile(paths, 0.95), paths.Length,
            run.Recorder.PacketsLost, run.Recorder.FailedRegistrations, run.Recorder.UnauthorisedSignalling,
            loads,
            checksum, end.Seconds, wallMobility.TotalSeconds, 0, journal, procedures)
        {
            JournalPartitions = run.JournalPartitions,
            SignallingMessages = counters.Total,
            Retransmissions = run.Recorder.Retransmissions,
            FailedRegistrationsByStatus = run.Recorder.FailedByStatus,
            PathStretches = paths,
            NodesBound = nodesBound,
            LostBindings = run.Scenario.MobileNodes - nodesBoundAsExpected,
            PathStretchNewMean = fresh.Length == 0 ? 0 : fresh.Average(),
            PathStretchLongLivedMean = longLived.Length == 0 ? 0 : longLived.Average(),
            PathSamplesLongLived = longLived.Length,
            PathStretchOffloadedMean = offloaded.Length == 0 ? 0 : offloaded.Average(),
            PathStretchAnchoredMean = anchored.Length == 0 ? 0 : anchored.Average(),
            PathSamplesOffloaded = offloaded.Length,
            LocalConnectionsReestablished = extra[Counter.LocalConnectionsReestablished],
            TunnelsPerNode = extra[Counter.TunnelSamples] == 0 ? 0 : extra[Counter.Tunnels] / (double)extra[Counter.TunnelSamples],
            AnchorLoadSpread = loads.Length == 0 ? 0 : spreadByRole[loads[0].Role],
            AnchorLoadSpreadByRole = spreadByRole,
            AnchorLoadGini = loads.Length == 0 ? 0 : Gini(loads.Where(a => a.Role == loads[0].Role)),
            PeerTraffic = PeerTrafficSummary.From(pathRecords, extra, extra[Counter.PeerPacketsUnsent]),
            LocalRouting = LocalRoutingSummary.From(extra),
            RuntimeAssignments = (extra[Counter.RuntimeAssignments], extra[Counter.RuntimeAssignmentsRefused]),
            Relocations = extra[Counter.Relocations],
            RelocationsRefused = extra[Counter.RelocationsRefused],
            PacketsBufferedDuringTransfer = extra[Counter.PacketsBuffered],
            PacketsForwardedAfterTransfer = extra[Counter.PacketsForwarded],
            SignallingAuthenticated = run.Scenario.Security.Authentication,
            AuthenticationFailures = extra[Counter.AuthenticationFailures],
            TimestampMismatches = extra[Counter.TimestampMismatches],
            RegistrationsShed = extra[Counter.RegistrationsShed],
            RegistrationsBackedOff = extra[Counter.RegistrationsBackedOff],
            ProceduresDelayedByBackoff = extra[Counter.ProceduresDelayedByBackoff],
            OverloadHighWater = outcome.AnchorsShedLoad ? run.Scenario.Overload.HighWater : 0,
            AwaitingJournalHighWater = run.Recorder.AwaitingJournalHighWater,
            JournalOutage = new JournalOutageSummary(extra[Counter.JournalBreakersOpened], extra[Counter.JournalWritesHeld], extra[Counter.JournalEventsHeld],
                extra[Counter.JournalStallMilliseconds] / 1000.0, extra[Counter.JournalLongestHeldMilliseconds] / 1000.0),
            AnchorMailboxHighWater = run.Recorder.AnchorMailboxHighWater,
            PrefixesReleased = extra[Counter.PrefixesReleased],
            AnchorAdvertisements = extra[Counter.AnchorAdvertisements],
            ClusterRemoteShare = extra[Counter.SignallingReceived] == 0 ? 0
                : extra[Counter.SignallingFromAnotherMember] / (double)extra[Counter.SignallingReceived],
            Reattachment = ReattachmentSummary.From(run.Recorder.Reattachments, extra[Counter.RouterSolicitationsRetransmitted],
                extra[Counter.HandoverInitiatesRetransmitted]),
            EmulatedNodes = run.Scenario.MobileNodes + run.Topology.AccessRouters + run.Topology.Anchors + run.Topology.Correspondents,
            Queues = QueueSummary.Of(run.Channel.Queues()),
            HandoverPackets = new HandoverPackets(run.Scenario.Traffic.FlowRate, extra[Counter.HandoverPacketsSent], extra[Counter.HandoverPacketsDelivered],
                extra[Counter.HandoverPacketsLost], handovers.Length * (long)run.Scenario.SessionsPerNode)
            {
                Handovers = handovers.Length, Buffered = extra[Counter.HandoverPacketsBuffered],
                BufferedMicroseconds = extra[Counter.HandoverPacketsBufferedMicroseconds], BufferHighWater = run.Recorder.HandoverBufferHighWater,
            },
            DataPlane = Enumerable.Range(0, run.Topology.Anchors)
                .Select(a => new AnchorData(outcome.AnchorLabel(a), extra.DataLoadOf(a, uplink: false), extra.DataLoadOf(a, uplink: true))
                    { Signalling = extra.SignallingOf(a) }).ToArray(),
            NodesPerMobileNode = run.Scenario.Practice.NodesPerMobileNode(run.Scenario.PracticeSettings),
            SessionsBroken = extra[Counter.SessionsBroken],
            DualStack = new DualStackSummary(extra[Counter.Ipv4HomeAddressesBound], extra[Counter.Ipv4HomeAddressesRefused], extra[Counter.NatsDetected],
                extra[Counter.UdpEncapsulatedPackets], extra[Counter.UdpEncapsulationBytes]),
            HomeAgentSwitches = (extra[Counter.HomeAgentSwitchesOffered], extra[Counter.HomeAgentSwitchesMade], extra[Counter.HomeAgentSwitchesRefused]),
            FastHandovers = (extra[Counter.FastHandoversPredictive], extra[Counter.FastHandoversReactive], extra[Counter.FastHandoversRefused],
                extra[Counter.CardResolutions]),
            SessionFlows = new SessionFlows(extra[Counter.FlowPacketsSent], extra[Counter.FlowPacketsLost], extra[Counter.UplinkPacketsSent],
                extra[Counter.UplinkPacketsDelivered], extra[Counter.UplinkPacketsLost], extra[Counter.UplinkEncapsulationBytes]),
            DataPacketsDelivered = extra[Counter.DataPacketsDelivered],
            DeliveredEncapsulationBytes = extra[Counter.DeliveredEncapsulationBytes],
        };
    }

    /// <summary>Node by node, each node's in the order it made them; a replay's come so already, and are not sorted again.</summary>
    static ProcedureRecord[] InNodeOrder(IReadOnlyList<ProcedureRecord> recorded)
    {
        var procedures = recorded.ToArray();
        var keys = Array.ConvertAll(procedures, p => ((long)p.MobileNode.Index << 32) | (uint)p.Number);
        for (int i = 1; i < keys.Length; i++)
            if (keys[i] < keys[i - 1])
            {
                Array.Sort(keys, procedures);
                break;
            }
        return procedures;
    }

    static Percentiles Latency(IReadOnlyList<ProcedureRecord> records)
    {
        var ms = new double[records.Count];
        for (int i = 0; i < ms.Length; i++) ms[i] = records[i].Latency.Milliseconds;
        Array.Sort(ms);
        return ms.Length == 0
            ? new Percentiles(0, 0, 0, 0, 0)
            : new Percentiles(Percentiles.Quantile(ms, 0.50), Percentiles.Quantile(ms, 0.95), Percentiles.Quantile(ms, 0.99), ms[^1], ms.Average());
    }
}

/// <summary>
/// What member losses cost the nodes of a cluster run: how many attached again, why, and for how
/// long (wall clock) each held no usable address: from when the failure detector marked the lost
/// member unreachable (or, for an RS sent again, from the first RS) to the RA, or the BA in MIPv6.
/// The time before the failure detector noticed (up to acceptable-heartbeat-pause) is not seen.
/// </summary>
public sealed record ReattachmentSummary(int Nodes, int Events, IReadOnlyDictionary<ReattachCause, int> ByCause,
    Percentiles UnreachableSeconds, long RouterSolicitationsRetransmitted, long HandoverInitiatesRetransmitted)
{
    public static ReattachmentSummary From(IReadOnlyList<ReattachmentRecord> records, long solicitationsRetransmitted, long hisRetransmitted)
    {
        var seconds = records.Select(r => r.Unreachable.TotalSeconds).Order().ToArray();
        return new ReattachmentSummary(records.Select(r => r.MobileNode.Index).Distinct().Count(), records.Count,
            records.GroupBy(r => r.Cause).ToDictionary(g => g.Key, g => g.Count()),
            seconds.Length == 0
                ? new Percentiles(0, 0, 0, 0, 0)
                : new Percentiles(Percentiles.Quantile(seconds, 0.50), Percentiles.Quantile(seconds, 0.95), Percentiles.Quantile(seconds, 0.99), seconds[^1], seconds.Average()),
            solicitationsRetransmitted, hisRetransmitted);
    }
}

/// <summary>
/// What the break in a handover cost each session's flow: the packets its correspondent sent at
/// <paramref name="FlowRate"/> per second over the handovers' windows, those delivered and those
/// lost; <paramref name="SessionMoves"/> is the sessions moved (handovers times sessions per node).
/// </summary>
public sealed record HandoverPackets(double FlowRate, long Sent, long Delivered, long Lost, long SessionMoves)
{
    public static readonly HandoverPackets None = new(0, 0, 0, 0, 0);

    public double LostPerSessionMove => SessionMoves == 0 ? 0 : Lost / (double)SessionMoves;

    public long Handovers { get; init; }
    /// <summary>Of the packets delivered, those held in a buffer on the way (a fast handover's, a relocation's), and their time held in all.</summary>
    public long Buffered { get; init; }
    public long BufferedMicroseconds { get; init; }
    /// <summary>The most packets one access router held for one node at once, in this process (RFC 5568 §5.1 buffering).</summary>
    public long BufferHighWater { get; init; }

    public long OnTime => Delivered - Buffered;

    double PerHandover(long n) => Handovers == 0 ? 0 : n / (double)Handovers;
    public double OnTimePerHandover => PerHandover(OnTime);
    public double BufferedPerHandover => PerHandover(Buffered);
    public double LostPerHandover => PerHandover(Lost);

    /// <summary>The delay a buffered packet's wait added, on average, in ms.</summary>
    public double BufferedDelayMs => Buffered == 0 ? 0 : BufferedMicroseconds / 1000.0 / Buffered;

    /// <summary>The time a session's flow was cut, on average: its lost packets, each an interval of the flow.</summary>
    public double GapMs => FlowRate <= 0 ? 0 : LostPerSessionMove * 1000 / FlowRate;
}

/// <summary>
/// What the database's outages did to the journal writers, wall clock: circuit breakers opened,
/// writes and events held until the database took them, summed over the processes that write;
/// the stall (first write held to last released) and the longest one write waited, the most of
/// any process.
/// </summary>
public sealed record JournalOutageSummary(long BreakersOpened, long WritesHeld, long EventsHeld, double StallSeconds, double LongestHeldSeconds)
{
    public static readonly JournalOutageSummary None = new(0, 0, 0, 0, 0);

    public bool Any => WritesHeld > 0 || BreakersOpened > 0;

    public const string Figure = "journal: the database went away (wall clock): circuit breakers opened (one per partition and outage); writes (events) held until it came back; stall; longest write held";

    public string Describe() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{BreakersOpened:N0}; {WritesHeld:N0} ({EventsHeld:N0}); {StallSeconds:0.0} s; {LongestHeldSeconds:0.0} s");
}
