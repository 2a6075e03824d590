using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Metrics;
using DmmActors.Multicast;
using DmmActors.Practices;
using DmmActors.Protocol;
using DmmActors.Topology;

namespace DmmActors.Actors;

/// <summary>
/// An access router. It hosts the components its practice places on it (Practices.Practice):
/// always the access link, which delivers packets to the nodes on it; a location client where
/// the practice makes it a MAG or MAAR, which registers the messages of its own protocol; an
/// MLD proxy where the run has multicast. The actor holds no practice logic of its own.
/// </summary>
public sealed class AccessRouterActor : ReceiveActor, IAccessRouterHost
{
    readonly RunContext run;
    readonly int index;
    readonly INetworkLocationClient? locationClient;
    /// <summary>What its RAs carry beyond its prefix, where the practice adds something (RFC 5380 §5: MAP options).</summary>
    readonly IRouterAdvertisementOptions? advertised;
    readonly AccessLink link;
    readonly MldProxy? mldProxy;
    /// <summary>What the practice adds beside the location client (a fast handover's roles); empty on most routers.</summary>
    readonly IAccessRouterComponent[] components;
    /// <summary>
    /// In a cluster run with a location client here, the last RS of each node on the link, and
    /// the restarts of nodes lost with their member that have not attached again yet.
    /// </summary>
    readonly Dictionary<int, RouterSolicitation>? solicitedBy;
    readonly Dictionary<int, RestartNode>? restarting;
    /// <summary>
    /// Nodes that stood on the link when their member was lost, with that member's address: each
    /// a restart offered to the driver, which picks one restart per node (RestartDecided).
    /// </summary>
    readonly Dictionary<int, (RestartNode Restart, string Member)>? offered;
    /// <summary>
    /// The last link-down of each node on another member that left this link, and that member's
    /// address: a node lost with its member after its RS for the next link was sent, but before
    /// that RS left its member, is known only here.
    /// </summary>
    readonly Dictionary<int, (NodeDeparture Departure, string Member)>? departed;

    public static Props Props(RunContext run, int index) => ActorProps.Of(() => new AccessRouterActor(run, index));

    Endpoint Here => Endpoint.AccessRouter(index);

    /// <summary>Whether the signal is authentic from the anchor it names (RFC 5213 §4, RFC 4285 §5); one that is not is discarded.</summary>
    bool FromAnchor(Signal signal, int claimed) => run.Signalling.Authentic(signal, Endpoint.Anchor(claimed), Here);

    public AccessRouterActor(RunContext run, int index)
    {
        this.run = run;
        this.index = index;
        link = new AccessLink(run, index);
        var parts = run.Services.Get<INodeComposition>().Compose(this);
        (locationClient, advertised) = (parts.LocationClient, parts.Advertised);
        if (locationClient is { } client)
        {
            client.Register(this);
            Receive<RestoreBinding>(restore =>
            {
                link.Up(restore.MobileNode, run.Directory.MobileNodes[restore.MobileNode.Index], restore.Binding.At);
                client.Restore(restore);
            });
            // RFC 5213 §4, RFC 4285 §5: a PBA its LMA's association does not authenticate is discarded.
            Receive<ProxyBindingAcknowledgement>(pba =>
            {
                if (FromAnchor(pba, pba.Lma)) client.OnAcknowledgement(pba, Sender, Self);
            });
            Receive<RetransmissionTick>(_ =>
            {
                client.RetransmitOverdue(Self);
                // A restart that reached the lost member's shard before the survivors knew it was gone goes again.
                foreach (var (mn, restart) in restarting ?? []) run.Directory.MobileNodes[mn].Tell(restart, Self);
            });
            if (run.Loss.SignallingTimeout is not null)
            {
                (solicitedBy, restarting, departed, offered) = (new(), new(), new(), new());
                Receive<Terminated>(OnNodeTerminated);
                Receive<RestartDecided>(OnRestartDecided);
            }
        }
        Receive<RouterSolicitation>(OnRouterSolicitation);
        // RFC 4862 §5.4.3: a probe for an address the router does not hold leaves it nothing to defend.
        Receive<NeighborSolicitation>(_ => { });
        Receive<GetDepartures>(OnGetDepartures);
        Receive<LinkDown>(down =>
        {
            foreach (var component in components) component.LinkDown(down.MnId, down.Procedure, down.At);
            if (link.Down(down.MnId, out var node, down.At) && solicitedBy is not null)
            {
                Context.Unwatch(node);
                solicitedBy.Remove(down.MnId.Index);
                if (run.Loss.Watches(node)) departed![down.MnId.Index] = (new NodeDeparture(down.Procedure, index, down.At), node.Path.Address.ToString());
            }
            mldProxy?.Gone(down.MnId, down.At, down.Procedure, Sender, Self);
            locationClient?.Detach(down, Self);
        });
        if (run.Multicast is not null)
        {
            mldProxy = new MldProxy(run, index);
            Receive<MldReport>(report =>
            {
                run.Recorder.Counters.Add(Counter.MldReportsReceived);
                locationClient?.RememberGroups(report.MnId, report.Groups);
                foreach (var group in report.Groups) Listen(report.MnId, group, report.ArrivesAt, report.Procedure);
            });
            Receive<MulticastPacket>(OnMulticastPacket);
            Receive<GetMulticastTally>(_ => Sender.Tell(mldProxy.Tally()));
            Receive<QueryListeners>(query => Sender.Tell(new ListenersQueried(mldProxy.QueryUntil(query.Until, Self))));
            Receive<ReportUpstream>(_ => Sender.Tell(new UpstreamReported(mldProxy.ReportUpstream(Self))));
        }
        Receive<DataPacket>(packet =>
        {
            if (packet.Uplink) Reverse(packet);
            else link.Deliver(packet);
        });
        Receive<ExtendBindings>(extend =>
        {
            if (locationClient is null)
            {
                Sender.Tell(BindingsExtended.Instance);
                return;
            }
            locationClient.Extend(extend.Until, Self);
            locationClient.Refreshes.Requested(Sender);
        });
        components = parts.Components().ToArray();
        if (components.Length > 0) link.Undelivered = packet => components.Any(c => c.TakeUndelivered(packet));
    }

    sealed record RetransmissionTick
    {
        public static readonly RetransmissionTick Instance = new();
    }

    ICancelable? retransmissionTimer;

    protected override bool AroundReceive(Receive receive, object message)
    {
        run.Signalling.Arrived(message, Sender);
        return base.AroundReceive(receive, message);
    }

    protected override void PreStart()
    {
        if (locationClient is null || run.Loss.SignallingTimeout is not { } timeout) return;
        var every = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 100, timeout.Ticks / 4));
        retransmissionTimer = Context.System.Scheduler.ScheduleTellRepeatedlyCancelable(every, every, Self, RetransmissionTick.Instance, Self);
    }

    protected override void PostStop() => retransmissionTimer?.Cancel();

    IActorRef IAccessRouterHost.Self => Self;
    RunContext IAccessRouterHost.Run => run;
    int IAccessRouterHost.Index => index;

    void IAccessRouterHost.ScheduleToSelf(TimeSpan delay, object message) => Context.System.Scheduler.ScheduleTellOnce(delay, Self, message, Self);

    public void Handle<T>(Action<T, IActorRef> handler) => Receive<T>(message => handler(message, Sender));

    public void Listen(Addressing.MnIdentifier mn, int group, Addressing.ModelTime at, ProcedureRef procedure)
    {
        if (mldProxy is null || UpstreamFor(mn) is not { } upstream) return;
        mldProxy.Listen(mn, group, upstream, at, procedure);
    }

    /// <summary>The upstream interface that serves a node: the mode's, or in the RFC 6224 baseline the anchor that serves the node.</summary>
    Upstream? UpstreamFor(Addressing.MnIdentifier mn)
    {
        switch (run.Multicast!.Settings.Mode)
        {
            case Scenarios.MulticastMode.Mtma: return Upstream.Mtma;
            case Scenarios.MulticastMode.Direct: return Upstream.Local;
        }
        if (locationClient is null) return new Upstream(run.Policy.AnchorOf(mn), mn.Index); // MIPv6: the node's own tunnel from its HA.
        var anchor = locationClient.AnchorOf(mn);
        return anchor < 0 ? null : Upstream.Anchor(anchor);
    }

    /// <summary>
    /// A node's packet to its correspondent: into the reverse tunnel to the anchor its location
    /// client registered it with (RFC 5213 §6.10.5), the proxy-CoA its source. Where the router
    /// hosts no location client the node tunnels itself and sends nothing here.
    /// </summary>
    void Reverse(DataPacket packet)
    {
        foreach (var component in components)
            if (component.TakeUplink(packet)) return;
        var anchor = locationClient?.UplinkAnchorOf(packet.SourceNode, packet.SourcePrefix, packet.ArrivesAt) ?? -1;
        if (anchor < 0)
        {
            DataPlane.Lost(run, packet);
            return;
        }
        Uplink.ToAnchor(run, packet, Here, anchor, careOf: index, tunnelled: !run.Topology.IsFunctionOf(anchor, index),
            header: locationClient!.UplinkEncapsulation);
    }

    /// <summary>The node is on the link from <paramref name="arrival"/>; answered when the router is done with what brought it.</summary>
    ModelTime OnLink(MnIdentifier mn, ProcedureRef procedure, IActorRef node, ModelTime arrival)
    {
        link.Up(mn, node, arrival);
        var processed = run.Channel.Departure(arrival, Here);
        mldProxy?.LinkUp(mn, arrival, processed, procedure, node, Self);
        foreach (var component in components) component.LinkUp(mn, procedure, arrival);
        return processed;
    }

    void IAccessRouterHost.LinkUp(MnIdentifier mn, ProcedureRef procedure, IActorRef node, ModelTime at)
    {
        // A node that solicited first (reactive) is on the link already, since its RS.
        if (!link.Holds(mn, node)) OnLink(mn, procedure, node, at);
    }

    void IAccessRouterHost.Deliver(DataPacket packet) => link.Deliver(packet);

    int IAccessRouterHost.AnchorOf(MnIdentifier mn) => locationClient?.AnchorOf(mn) ?? -1;

    int IAccessRouterHost.AnchorOf(MnIdentifier mn, Prefix64 prefix, ModelTime at) => locationClient?.UplinkAnchorOf(mn, prefix, at) ?? -1;

    void OnMulticastPacket(MulticastPacket packet)
    {
        if (packet.ViaRouter == Upstream.LocalRouter)
        {
            // Direct mode: the packet came over native routing; it is here only if this router joined.
            run.Recorder.Counters.Add(Counter.MulticastAtRouters);
            if (!mldProxy!.JoinedLocally(packet)) return;
            run.Recorder.Counters.Add(Counter.MulticastCopiesSent);
        }
        run.Recorder.Counters.Add(Counter.MulticastCopiesReceived);
        mldProxy!.OnPacket(packet);
    }

    /// <summary>
    /// A node on this link went with its cluster member; its shard comes back on another member.
    /// The node stands here still, as far as this router knows, so it offers the driver to restart
    /// it here, where its walk had brought it, and keeps the binding it registered for it until the
    /// node attaches again (RFC 5213 §6.9.1.1 then treats it as a node newly seen on the link).
    /// </summary>
    void OnNodeTerminated(Terminated terminated)
    {
        if (!link.TryFind(terminated.ActorRef, out var lost) || !solicitedBy!.Remove(lost.Index, out var rs)) return;
        link.Down(lost, out _);
        mldProxy?.Gone(rs.MnId, rs.SentAt, rs.Procedure, node: null, Self);
        // Back from its RS here, or from the latest registration sent for it since, if later: the anchor may have taken that one.
        var from = ModelTime.Max(rs.SentAt, locationClient?.NodeLost(lost) ?? ModelTime.Zero);
        offered![lost.Index] = (new RestartNode(rs.Procedure, index, from, run.Loss.LostSince(terminated.ActorRef)),
            terminated.ActorRef.Path.Address.ToString());
    }

    /// <summary>
    /// The driver's one restart for a node this router offered to restart. Another router's (a
    /// later move of the node reached it: the link-down to this router went with the member) has
    /// this router let the node go as if it had left then; its registration there replaced the
    /// binding (RFC 5213 §5.3.5).
    /// </summary>
    void OnRestartDecided(RestartDecided decided)
    {
        var mn = decided.Chosen.Procedure.MobileNode;
        if (!offered!.Remove(mn.Index, out _)) return;
        // The driver's copy of this router's offer: it may come back later than the RS seen here.
        if (decided.Chosen.Router == index && decided.Chosen.LeftRouter < 0)
        {
            restarting![mn.Index] = decided.Chosen;
            run.Directory.MobileNodes[mn.Index].Tell(decided.Chosen, Self);
            return;
        }
        locationClient!.Detach(new LinkDown(decided.Chosen.Procedure, decided.Chosen.At, mn), Self);
    }

    /// <summary>
    /// The survivors' half of the restart handshake: this router answers once the lost member's
    /// nodes on its link are all known lost (their Terminated, which comes once the member is
    /// removed, has reached it), with what it saw of them, so that the driver takes one restart
    /// decision per node.
    /// </summary>
    void OnGetDepartures(GetDepartures get)
    {
        if (link.HoldsNodeAt(get.Member))
        {
#pragma warning disable AK1004 // one-shot: a question left behind by a stopped router only goes to dead letters
            Context.System.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(200), Self, get, Sender);
#pragma warning restore AK1004
            return;
        }
        Sender.Tell(new Departures(departed is null ? [] : departed.Values.Where(d => d.Member == get.Member).Select(d => d.Departure).ToList(),
            offered is null ? [] : offered.Values.Where(o => o.Member == get.Member).Select(o => o.Restart).ToList()));
    }

    void OnRouterSolicitation(RouterSolicitation rs)
    {
        var arrival = rs.ArrivesAt;
        if (solicitedBy is not null)
        {
            restarting!.Remove(rs.MnId.Index);
            departed!.Remove(rs.MnId.Index);
            // The same RS sent again (RFC 7559) while its registration is under way: the RA follows the PBA.
            if (solicitedBy.TryGetValue(rs.MnId.Index, out var last) && last.Procedure == rs.Procedure && link.Holds(rs.MnId, Sender)) return;
            solicitedBy[rs.MnId.Index] = rs;
            if (run.Loss.Watches(Sender)) Context.Watch(Sender);
        }
        var processed = OnLink(rs.MnId, rs.Procedure, Sender, arrival);
        if (locationClient is not null)
        {
            locationClient.Attach(rs, processed, Sender, Self);
            return;
        }
        run.Signalling.Send(Sender, Endpoint.MobileNode(rs.MnId, index),
            new RouterAdvertisement(rs.Procedure, NeighbourDiscovery.EarliestAdvertisement(run, rs, processed), index, Prefix64.AccessLink(index)) { Maps = advertised?.Maps ?? [] },
            Self, Here);
    }
}
