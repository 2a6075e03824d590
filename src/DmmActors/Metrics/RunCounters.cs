namespace DmmActors.Metrics;

/// <summary>Events the report counts beyond procedures and signalling; one slot each.</summary>
public enum Counter
{
    /// <summary>Procedures after which the tunnels serving the node were counted, and their sum.</summary>
    TunnelSamples,
    Tunnels,
    /// <summary>Binding contexts handed to another anchor and confirmed (RFC 8818 §3.2).</summary>
    Relocations,
    RelocationsRefused,
    /// <summary>Packets held at an anchor while their prefix's context was in transfer, then delivered.</summary>
    PacketsBuffered,
    /// <summary>Packets that reached an anchor after their prefix had left it, sent on to the new one.</summary>
    PacketsForwarded,
    /// <summary>Prefixes released because no session used them any more.</summary>
    PrefixesReleased,
    AnchorAdvertisements,
    /// <summary>The multicast data plane's flow: packets sent by sources, taken in by routers, copied down, taken in by access routers.</summary>
    MulticastSent,
    MulticastAtRouters,
    MulticastCopiesSent,
    MulticastCopiesReceived,
    /// <summary>The MLD proxies' reports taken in upstream: the streams start only once every router knows its members.</summary>
    MldProxyReportsReceived,
    /// <summary>Signalling messages taken in by the emulated nodes, and those whose sender was on another cluster member.</summary>
    SignallingReceived,
    SignallingFromAnotherMember,
    /// <summary>Router solicitations sent again because no RA came within the signalling timeout (RFC 7559).</summary>
    RouterSolicitationsRetransmitted,
    /// <summary>Handover Initiates sent again because no HAck came within the signalling timeout (RFC 5949).</summary>
    HandoverInitiatesRetransmitted,
    /// <summary>
    /// Protected signalling whose authentication its claimed sender's security association did
    /// not give (RFC 4285 §5): PBUs refused with 154, PBAs discarded.
    /// </summary>
    AuthenticationFailures,
    /// <summary>PBUs refused with 156 because their timestamp was outside the LMA's validity window (RFC 5213 §5.5): replays, among others.</summary>
    TimestampMismatches,
    /// <summary>New registrations an anchor refused with 130 past its overload limits (Functions.AdmissionControl).</summary>
    RegistrationsShed,
    /// <summary>Registrations a MAG sent again after backing off from a 130, and the procedures that waited for one at least once.</summary>
    RegistrationsBackedOff,
    ProceduresDelayedByBackoff,
    /// <summary>RFC 6463: registrations an rfLMA assigned to another LMA (a PBA with the Redirect option accepted by its MAG), and assigned LMAs that refused the relayed PBU, so the rfLMA tried another.</summary>
    RuntimeAssignments,
    RuntimeAssignmentsRefused,
    /// <summary>Flow packets sent while handovers were under way (traffic.flow-rate), and those delivered or lost.</summary>
    HandoverPacketsSent,
    HandoverPacketsDelivered,
    HandoverPacketsLost,
    /// <summary>Of those delivered, the ones held in a buffer on the way (DataPacket.BufferedFor), and their time held in all, in microseconds.</summary>
    HandoverPacketsBuffered,
    HandoverPacketsBufferedMicroseconds,
    /// <summary>MLD General Queries sent by access routers and taken in by nodes, and listener reports sent by nodes and taken in by routers: the walks' MLD is over once each pair is even.</summary>
    MldQueriesSent,
    MldQueriesReceived,
    MldReportsSent,
    MldReportsReceived,
    /// <summary>Downlink data packets that reached their node, and the tunnel headers they were carried in on the way, leg by leg (RFC 2473 §3).</summary>
    DataPacketsDelivered,
    DeliveredEncapsulationBytes,
    /// <summary>Flow packets sent to the nodes between their handovers, and those lost on the way.</summary>
    FlowPacketsSent,
    FlowPacketsLost,
    /// <summary>Flow packets the nodes sent their correspondents, those that reached them and the tunnel headers they came in, and those lost.</summary>
    UplinkPacketsSent,
    UplinkPacketsDelivered,
    UplinkEncapsulationBytes,
    UplinkPacketsLost,
    /// <summary>
    /// RFC 6705: local routes set up for a pair of nodes, by case (every LRA of it a success), those
    /// refused, and the LRIs and LRAs sent for each case, set-ups, moves and stops alike.
    /// </summary>
    LocalRoutesA11,
    LocalRoutesA12,
    LocalRoutesA21,
    LocalRoutesRefused,
    LocalRoutingMessagesA11,
    LocalRoutingMessagesA12,
    LocalRoutingMessagesA21,
    /// <summary>Packets from a mobile peer delivered, probes and flows, by RFC 6705's case (PeerCase order), and of those the ones that crossed no anchor.</summary>
    PeerPacketsA11,
    PeerPacketsA12,
    PeerPacketsA21,
    PeerPacketsA22,
    PeerPacketsNoAnchorA11,
    PeerPacketsNoAnchorA12,
    PeerPacketsNoAnchorA21,
    PeerPacketsNoAnchorA22,
    /// <summary>Probes from a mobile peer lost on their way: the moves of the two, a route not yet updated.</summary>
    PeerProbesLost,
    /// <summary>Packets a mobile peer was asked to send while it had no address, not yet attached or between links (traffic.mn-to-mn-share): lost at the source.</summary>
    PeerPacketsUnsent,
    /// <summary>Sessions that needed their address kept (traffic.continuity-share) and lost it in a move.</summary>
    SessionsBroken,
    /// <summary>
    /// PDN connections at a local gateway released because the node moved away and established
    /// again at one nearer (TS 23.401 §4.3.15 SIPTO, §4.3.16 LIPA), each a new prefix for the node.
    /// </summary>
    LocalConnectionsReestablished,
    /// <summary>Home Agent Switch messages sent (RFC 5142 §5.1), and the switches nodes made or refused because a session needed its address.</summary>
    HomeAgentSwitchesOffered,
    HomeAgentSwitchesMade,
    HomeAgentSwitchesRefused,
    /// <summary>
    /// RFC 5555: nodes whose IPv4 home address a home agent acknowledged, and acknowledgements that
    /// refused one; registrations whose BA carried the NAT Detection option (§4.1); data packets a
    /// node or its home agent put in UDP over IPv4 to cross a NAT, and the tunnel header bytes of those.
    /// </summary>
    Ipv4HomeAddressesBound,
    Ipv4HomeAddressesRefused,
    NatsDetected,
    UdpEncapsulatedPackets,
    UdpEncapsulationBytes,
    /// <summary>RFC 5568: the neighbour lookups a previous access router made by CARD (RFC 4066) because its list missed.</summary>
    CardResolutions,
    /// <summary>RFC 5568, RFC 5949: handovers whose tunnel a HAck set up before the move (predictive), those set up from the new link (reactive), and those refused.</summary>
    FastHandoversPredictive,
    FastHandoversReactive,
    FastHandoversRefused,
    /// <summary>
    /// The database's outages as the journal writers met them (Persistence.JournalOutage, wall
    /// clock): circuit breakers opened, writes and events held, summed over the processes that
    /// write; in milliseconds the stall (first write held to last released) and the longest a
    /// write was held, the most of any process.
    /// </summary>
    JournalBreakersOpened,
    JournalWritesHeld,
    JournalEventsHeld,
    JournalStallMilliseconds,
    JournalLongestHeldMilliseconds,
}

/// <summary>The data one anchor forwarded one way: packets, their bytes on its outgoing leg, and the tunnel headers among those bytes.</summary>
public readonly record struct AnchorDataLoad(long Packets, long Bytes, long EncapsulationBytes)
{
    public static AnchorDataLoad operator +(AnchorDataLoad a, AnchorDataLoad b) =>
        new(a.Packets + b.Packets, a.Bytes + b.Bytes, a.EncapsulationBytes + b.EncapsulationBytes);
}

/// <summary>
/// A fixed array of counters, safe to bump from any actor (each thread counts apart) and to merge
/// from another cluster member: one slot per <see cref="Counter"/>, then the data load of each of
/// <paramref name="anchors"/> anchors and the signalling it took part in.
/// </summary>
public sealed class RunCounters(int anchors = 0)
{
    static readonly int Fixed = Enum.GetValues<Counter>().Length;
    /// <summary>Packets, bytes and tunnel bytes, downlink then uplink; then signalling messages sent and received.</summary>
    const int PerAnchor = 7, DataSlots = 6;

    readonly StripedCounters counts = new(Fixed + anchors * PerAnchor);

    public void Add(Counter c, long n = 1) => counts.Add((int)c, n);

    public long this[Counter c] => counts[(int)c];

    /// <summary>A data packet <paramref name="anchor"/> sent on, <paramref name="bytes"/> long on the wire, <paramref name="encapsulation"/> of them its tunnel's header.</summary>
    public void Forwarded(int anchor, bool uplink, int bytes, int encapsulation)
    {
        if ((uint)anchor >= (uint)anchors) return;
        var at = Slot(anchor, uplink);
        counts.Add(at);
        counts.Add(at + 1, bytes);
        counts.Add(at + 2, encapsulation);
    }

    public AnchorDataLoad DataLoadOf(int anchor, bool uplink)
    {
        var at = Slot(anchor, uplink);
        return (uint)anchor < (uint)anchors ? new(counts[at], counts[at + 1], counts[at + 2]) : default;
    }

    static int Slot(int anchor, bool uplink) => Fixed + anchor * PerAnchor + (uplink ? DataSlots / 2 : 0);

    /// <summary>A signalling message <paramref name="anchor"/> sent or was sent: its control-plane load (RFC 8885 §3.2 puts the CMD's at the centre).</summary>
    public void Signalled(int anchor)
    {
        if ((uint)anchor < (uint)anchors) counts.Add(Fixed + anchor * PerAnchor + DataSlots);
    }

    public long SignallingOf(int anchor) => (uint)anchor < (uint)anchors ? counts[Fixed + anchor * PerAnchor + DataSlots] : 0;

    public long[] Snapshot() => counts.Snapshot();

    /// <summary>Counters that hold the most any process saw rather than a sum: wall-clock spans that overlap across processes.</summary>
    static readonly HashSet<int> Maxima = [(int)Counter.JournalStallMilliseconds, (int)Counter.JournalLongestHeldMilliseconds];

    /// <summary>Raises a maximum counter to <paramref name="n"/> where it is lower; called by one thread at a time.</summary>
    public void RaiseTo(Counter c, long n)
    {
        if (n > this[c]) counts.Add((int)c, n - this[c]);
    }

    public void Add(IReadOnlyList<long> other)
    {
        for (int i = 0; i < Math.Min(other.Count, counts.Size); i++)
        {
            if (Maxima.Contains(i)) RaiseTo((Counter)i, other[i]);
            else counts.Add(i, other[i]);
        }
    }
}
