using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Protocol;

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
/// Nodes run on model clocks of their own, so listeners come and go here out of model-time
/// order. The proxy keeps each listener's interval and, once the walks are over, reports
/// upstream the union of them, in model-time order: the joins and leaves a real proxy would
/// have sent.
/// </remarks>
public sealed class MldProxy(RunContext run, int accessRouter)
{
    sealed class Listening(MnIdentifier mn, int group, Upstream upstream, ModelTime from, ProcedureRef joined, ModelTime? linkUp)
    {
        public MnIdentifier MnId { get; } = mn;
        public int Group { get; } = group;
        public Upstream Upstream { get; } = upstream;
        public ModelTime From { get; } = from;
        public ModelTime To { get; set; } = Open;
        public ProcedureRef Joined { get; } = joined;
        public ProcedureRef Left { get; set; }
        /// <summary>When the node's link came up here, for a listener that arrived by handover.</summary>
        public ModelTime? LinkUp { get; } = linkUp;
        /// <summary>When the first copy reached this listener through this router.</summary>
        public ModelTime? FirstCopy { get; set; }
    }

    static readonly ModelTime Open = new(long.MaxValue);

    /// <summary>Every listener's stay, by the interface and group it was served through.</summary>
    readonly Dictionary<(Upstream, int Group), List<Listening>> listenings = new();
    readonly Dictionary<int, Listening> current = new();
    readonly Dictionary<int, ModelTime> linkUp = new();
    readonly MembershipLog localMembership = new();
    readonly Dictionary<(MnIdentifier, int), List<int>> delivered = new();
    readonly HashSet<(int, int)> distinct = new();
    long copies;

    Addressing.Endpoint Here => Addressing.Endpoint.AccessRouter(accessRouter);

    public void LinkUp(MnIdentifier mn, ModelTime at) => linkUp[mn.Index] = at;

    /// <summary>
    /// A node on this link listens to <paramref name="group"/> from <paramref name="at"/> on,
    /// through <paramref name="upstream"/>; the proxy learned it from the node's report or,
    /// with context transfer, from the previous router (RFC 7411 §3).
    /// </summary>
    public void Listen(MnIdentifier mn, int group, Upstream upstream, ModelTime at, ProcedureRef procedure)
    {
        if (current.ContainsKey(mn.Index)) return;
        var listening = new Listening(mn, group, upstream, at, procedure,
            procedure.Kind == ProcedureKind.Handover && linkUp.TryGetValue(mn.Index, out var up) ? up : null);
        current[mn.Index] = listening;
        if (!listenings.TryGetValue((upstream, group), out var served)) listenings[(upstream, group)] = served = new();
        served.Add(listening);
    }

    /// <summary>The node left the link (RFC 6224 §4.2: the MAG drops its membership state).</summary>
    public void Gone(MnIdentifier mn, ModelTime at, ProcedureRef procedure)
    {
        linkUp.Remove(mn.Index);
        if (!current.Remove(mn.Index, out var listening)) return;
        listening.To = at > listening.From ? at : listening.From;
        listening.Left = procedure;
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
                if (first is not null && l.From > last!.To)
                {
                    reports += Membership(upstream, group, first, last, self);
                    first = null;
                }
                if (first is null) { first = l; last = l; }
                else if (l.To > last!.To) last = l;
            }
            if (first is not null) reports += Membership(upstream, group, first, last!, self);
        }
        return reports;
    }

    /// <summary>Reports one stretch of membership; returns the messages it took (none to the local router).</summary>
    int Membership(Upstream upstream, int group, Listening first, Listening last, IActorRef self)
    {
        Report(upstream, group, true, run.Channel.ServiceAfter(first.From, Here), first.Joined, self);
        if (last.To != Open) Report(upstream, group, false, run.Channel.ServiceAfter(last.To, Here), last.Left, self);
        return upstream.Router == Upstream.LocalRouter ? 0 : last.To == Open ? 1 : 2;
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

    /// <summary>A copy came in: count it, and hand it to the listeners served through that interface at that moment.</summary>
    public void OnPacket(MulticastPacket packet)
    {
        copies++;
        distinct.Add((packet.Group, packet.Sequence));
        if (!listenings.TryGetValue((new Upstream(packet.ViaRouter, packet.ViaTunnel), packet.Group), out var served)) return;
        var at = packet.ArrivesAt;
        foreach (var l in served)
            if (l.From <= at && at < l.To) Deliver(l, packet);
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

    public MulticastTally Tally() => new(accessRouter, copies, distinct.Count,
        delivered.Select(d => new Deliveries(d.Key.Item1, d.Key.Item2, d.Value)).ToArray(), JoinLatencies().ToArray());
}
