using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Protocol;
using DmmActors.Scenarios;

namespace DmmActors.Multicast;

/// <summary>
/// The MLD proxy on an access router (RFC 6224 §4, RFC 4605): the nodes on its links are its
/// downstream listeners; it is joined to a group on an upstream interface while at least one
/// listener served through that interface wants it. Which interface serves a node is the
/// practice's and the mode's choice (<see cref="Upstream"/>). Copies that arrive are counted
/// per packet, so a packet that comes in through two interfaces counts as a duplicate: the
/// tunnel convergence problem (RFC 7028 §1).
/// </summary>
/// <remarks>
/// It is the querier of each node's point-to-point link (RFC 5213 §6.9.1): a General Query when
/// the node arrives, then one every Query Interval while the link is up (RFC 3810 §7.1). Each
/// report restarts the listener's timer; a node that left sends no Done, so the router keeps it
/// for the Multicast Address Listening Interval after its last report (§7.4, §9.4), and stays
/// joined upstream for it meanwhile. The queries of a stay are sent once the router knows the
/// stay's end: its link went down, or the walks are over.
/// Nodes run on model clocks of their own, so listeners come and go here out of model-time
/// order. The proxy keeps each listener's interval as its reports come and, once the walks are
/// over, reports upstream the union of them, in model-time order: the joins and leaves a real
/// proxy would have sent.
/// </remarks>
public sealed class MldProxy(RunContext run, int accessRouter)
{
    sealed class Listening(MnIdentifier mn, int group, Upstream upstream, ModelTime from, ProcedureRef joined, ModelTime? linkUp)
    {
        public MnIdentifier MnId { get; } = mn;
        public int Group { get; } = group;
        public Upstream Upstream { get; } = upstream;
        public ModelTime From { get; } = from;
        /// <summary>When the node's link here went down; open while it is up.</summary>
        public ModelTime LinkDown { get; set; } = Open;
        /// <summary>When the last report of the stay reached the router: it restarts the listener's timer (RFC 3810 §7.4).</summary>
        public ModelTime LastHeard { get; set; } = from;
        public ProcedureRef Joined { get; } = joined;
        public ProcedureRef Left { get; set; }
        /// <summary>When the node's link came up here, for a listener that arrived by handover.</summary>
        public ModelTime? LinkUp { get; } = linkUp;
        /// <summary>When the first copy reached this listener through this router.</summary>
        public ModelTime? FirstCopy { get; set; }

        /// <summary>
        /// When the router stops counting the node as a listener: the listening interval after the
        /// last report of a stay that ended, or its link-down where none is given. A node served
        /// through its own tunnel from its home agent (MIPv6 home subscription, RFC 6275 §10.4.1)
        /// takes the tunnel with it: its home agent sends to the care-of address of its binding,
        /// so copies stop coming here as it leaves.
        /// </summary>
        public ModelTime Until(ModelTime? listenerInterval) =>
            LinkDown == Open ? Open
            : Upstream.Tunnel != Upstream.SharedTunnel || listenerInterval is not { } interval ? LinkDown
            : ModelTime.Max(LinkDown, LastHeard + interval);
    }

    static readonly ModelTime Open = new(long.MaxValue);

    /// <summary>Every listener's stay, by the interface and group it was served through.</summary>
    readonly Dictionary<(Upstream, int Group), List<Listening>> listenings = new();
    /// <summary>Each listener's stay by its node and the procedure that brought it here: where its reports are counted.</summary>
    readonly Dictionary<(int Mn, int Procedure), Listening> stays = new();
    readonly Dictionary<int, Listening> current = new();
    /// <summary>Each link that is up: when it came up, the General Query sent on it then, and the node on it.</summary>
    readonly Dictionary<int, (ModelTime At, MldQuery First, IActorRef Node)> links = new();
    readonly MembershipLog localMembership = new();
    readonly Dictionary<(MnIdentifier, int), List<int>> delivered = new();
    readonly HashSet<(int, int)> distinct = new();
    long copies, unheard;

    Addressing.Endpoint Here => Addressing.Endpoint.AccessRouter(accessRouter);
    /// <summary>How long a listener that left is kept; null where it is dropped as it leaves (multicast.leave).</summary>
    ModelTime? ListenerInterval => run.Scenario.Multicast.Leave == ListenerExpiry.ListenerInterval ? run.Scenario.Multicast.ListenerInterval : null;

    /// <summary>The node's link came up at <paramref name="at"/>; the router queries it (RFC 6224 §3, §4.2: one that moved reports nothing unasked).</summary>
    public void LinkUp(MnIdentifier mn, ModelTime at, ModelTime processed, ProcedureRef procedure, IActorRef node, IActorRef self)
    {
        var settings = run.Scenario.Multicast;
        var query = new MldQuery(procedure, processed, accessRouter, settings.QueryResponseInterval)
        {
            QueryInterval = settings.QueryInterval,
            Robustness = settings.Robustness,
        };
        links[mn.Index] = (at, query, node);
        Query(mn, node, query, self);
    }

    void Query(MnIdentifier mn, IActorRef node, MldQuery query, IActorRef self)
    {
        run.Recorder.Counters.Add(Metrics.Counter.MldQueriesSent);
        run.Signalling.Send(node, Addressing.Endpoint.MobileNode(mn, accessRouter), query, self, Here);
    }

    /// <summary>
    /// A node on this link listens to <paramref name="group"/>: the router heard it at
    /// <paramref name="at"/> through <paramref name="upstream"/>, from the node's report or,
    /// with context transfer, from the previous router (RFC 7411 §3). A later report of the same
    /// stay restarts its timer.
    /// </summary>
    public void Listen(MnIdentifier mn, int group, Upstream upstream, ModelTime at, ProcedureRef procedure)
    {
        if (stays.TryGetValue((mn.Index, procedure.Number), out var known))
        {
            if (at > known.LastHeard) known.LastHeard = at;
            return;
        }
        // Already listening on this stay, or a report of a stay whose link is down here by now, that the router never counted.
        if (current.ContainsKey(mn.Index) || !links.ContainsKey(mn.Index)) return;
        var listening = new Listening(mn, group, upstream, at, procedure,
            procedure.Kind == ProcedureKind.Handover && links.TryGetValue(mn.Index, out var up) ? up.At : null);
        current[mn.Index] = listening;
        stays[(mn.Index, procedure.Number)] = listening;
        if (!listenings.TryGetValue((upstream, group), out var served)) listenings[(upstream, group)] = served = new();
        served.Add(listening);
    }

    /// <summary>
    /// The node's link went down at <paramref name="at"/>: the router sends the periodic queries
    /// that fell in the stay (none where <paramref name="node"/> is gone with its member). The
    /// listener is kept until its timer runs out (<see cref="Listening.Until"/>).
    /// </summary>
    public void Gone(MnIdentifier mn, ModelTime at, ProcedureRef procedure, IActorRef? node, IActorRef self)
    {
        if (links.Remove(mn.Index, out var link) && node is not null)
            foreach (var query in link.First.Following(at)) Query(mn, node, query, self);
        if (!current.Remove(mn.Index, out var listening)) return;
        listening.LinkDown = at > listening.From ? at : listening.From;
        listening.Left = procedure;
    }

    /// <summary>The walks are over: the router sends the periodic queries on the links still up, up to <paramref name="until"/>; returns how many.</summary>
    public int QueryUntil(ModelTime until, IActorRef self)
    {
        int sent = 0;
        foreach (var (mn, link) in links)
            foreach (var query in link.First.Following(until))
            {
                Query(new MnIdentifier(mn), link.Node, query, self);
                sent++;
            }
        return sent;
    }

    /// <summary>
    /// Sends upstream, per interface and group, a join where the union of its listeners'
    /// intervals begins and a leave where it ends; returns the reports sent.
    /// </summary>
    public int ReportUpstream(IActorRef self)
    {
        int reports = 0;
        foreach (var ((upstream, group), served) in listenings)
        {
            Listening? first = null, last = null;
            foreach (var l in served.OrderBy(l => l.From))
            {
                if (first is not null && l.From > last!.Until(ListenerInterval))
                {
                    reports += Membership(upstream, group, first, last, self);
                    first = null;
                }
                if (first is null) { first = l; last = l; }
                else if (l.Until(ListenerInterval) > last!.Until(ListenerInterval)) last = l;
            }
            if (first is not null) reports += Membership(upstream, group, first, last!, self);
        }
        return reports;
    }

    /// <summary>Reports one stretch of membership; returns the messages it took (none to the local router).</summary>
    int Membership(Upstream upstream, int group, Listening first, Listening last, IActorRef self)
    {
        var until = last.Until(ListenerInterval);
        Report(upstream, group, true, run.Channel.ServiceAfter(first.From, Here), first.Joined, self);
        if (until != Open) Report(upstream, group, false, run.Channel.ServiceAfter(until, Here), last.Left, self);
        return upstream.Router == Upstream.LocalRouter ? 0 : until == Open ? 1 : 2;
    }

    static Addressing.Endpoint UpstreamAt(Upstream upstream) =>
        upstream.Router == Upstream.MtmaRouter ? Addressing.Endpoint.Mtma : Addressing.Endpoint.Anchor(upstream.Router);

    void Report(Upstream upstream, int group, bool join, ModelTime at, ProcedureRef procedure, IActorRef self)
    {
        if (upstream.Router == Upstream.LocalRouter)
        {
            // RFC 7028 §3.2: the local multicast router is on this router's own network.
            if (join) localMembership.Join(group, accessRouter, upstream.Tunnel, at);
            else localMembership.Leave(group, accessRouter, upstream.Tunnel, at);
            return;
        }
        var to = upstream.Router == Upstream.MtmaRouter ? run.Directory.Mtma! : run.Directory.Anchors[upstream.Router];
        run.Signalling.Send(to, UpstreamAt(upstream), new MldProxyReport(procedure, at, accessRouter, upstream.Tunnel, group, join), self, Here);
    }

    /// <summary>A packet straight from its source over native multicast routing (direct mode): here only if joined at that moment.</summary>
    public bool JoinedLocally(MulticastPacket packet) => localMembership.MembersAt(packet.Group, packet.ArrivesAt).Any();

    /// <summary>A copy came in: count it, and hand it to the listeners on a link here, served through that interface, at that moment.</summary>
    public void OnPacket(MulticastPacket packet)
    {
        copies++;
        distinct.Add((packet.Group, packet.Sequence));
        var heard = false;
        if (listenings.TryGetValue((new Upstream(packet.ViaRouter, packet.ViaTunnel), packet.Group), out var served))
        {
            var at = packet.ArrivesAt;
            foreach (var l in served)
                if (l.From <= at && at < l.LinkDown)
                {
                    Deliver(l, packet);
                    heard = true;
                }
        }
        if (!heard) unheard++;
    }

    void Deliver(Listening listening, MulticastPacket packet)
    {
        var key = (listening.MnId, packet.Group);
        if (!delivered.TryGetValue(key, out var sequences)) delivered[key] = sequences = new();
        sequences.Add(packet.Sequence);
        if (listening.FirstCopy is not { } first || packet.ArrivesAt < first) listening.FirstCopy = packet.ArrivesAt;
    }

    /// <summary>
    /// A listener that came by handover waited from its link-up until the first copy reached it:
    /// what its receiver sees, so it includes the wait for the stream's next packet, and a listener
    /// that left before any copy came gives no sample.
    /// </summary>
    IEnumerable<ModelTime> JoinLatencies() =>
        listenings.Values.SelectMany(served => served)
            .Where(l => l.LinkUp is not null && l.FirstCopy is not null)
            .Select(l => l.FirstCopy!.Value - l.LinkUp!.Value);

    public MulticastTally Tally() => new(accessRouter, copies, distinct.Count, unheard,
        delivered.Select(d => new Deliveries(d.Key.Item1, d.Key.Item2, d.Value)).ToArray(), JoinLatencies().ToArray());
}
