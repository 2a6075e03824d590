using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Cluster;
using DmmActors.Functions;
using DmmActors.Metrics;
using DmmActors.Multicast;
using DmmActors.Protocol;
using DmmActors.Run;
using DmmActors.Topology;

namespace DmmActors.Actors;

/// <summary>
/// An access router. It always delivers packets to the nodes on its links. Where the practice
/// places the location client on it, it hosts a <see cref="ProxyLocationClient"/> and is a
/// MAG; otherwise it only advertises its own on-link prefix.
/// </summary>
public sealed class AccessRouterActor : ReceiveActor
{
    readonly RunContext run;
    readonly int index;
    readonly INetworkLocationClient? locationClient;
    readonly Dictionary<int, IActorRef> onLink = new();
    readonly MldProxy? mldProxy;
    /// <summary>
    /// In a cluster run with a location client here, the last RS of each node on the link, and
    /// the restarts of nodes lost with their member that have not attached again yet.
    /// </summary>
    readonly Dictionary<int, RouterSolicitation>? solicitedBy;
    readonly Dictionary<int, RestartNode>? restarting;

    public static Props Props(RunContext run, int index) => Akka.Actor.Props.Create(() => new AccessRouterActor(run, index));

    public AccessRouterActor(RunContext run, int index)
    {
        this.run = run;
        this.index = index;
        if (run.Practice.Distributed)
        {
            var maar = new MaarLocationClient(run, index);
            locationClient = maar;
            Receive<HandoverInitiate>(hi => maar.OnHandoverInitiate(hi, Sender, Self));
            Receive<HandoverAcknowledge>(hack =>
            {
                // RFC 7411 §3: the subscriptions came with the context; join before the node reports.
                if (maar.OnHandoverAcknowledge(hack, Self) is { } arrival)
                    foreach (var group in hack.Groups) Listen(hack.MnId, group, arrival, hack.Procedure);
            });
            Receive<SessionsEnded>(ended => maar.OnSessionsEnded(ended, Self));
            Receive<AnchorRelocated>(maar.OnAnchorRelocated);
            Receive<AnchorAdvertisement>(maar.Discovery.Heard);
        }
        else if (run.Practice.Hosts(NodeKind.AccessRouter, MobilityFunction.LocationClient))
            locationClient = new ProxyLocationClient(run, index);

        if (locationClient is not null && run.SignallingTimeout is not null)
        {
            (solicitedBy, restarting) = (new(), new());
            Receive<Terminated>(OnNodeTerminated);
        }
        Receive<RouterSolicitation>(OnRouterSolicitation);
        Receive<LinkDown>(down =>
        {
            if (onLink.Remove(down.MnId.Index, out var node) && solicitedBy is not null)
            {
                Context.Unwatch(node);
                solicitedBy.Remove(down.MnId.Index);
            }
            mldProxy?.Gone(down.MnId, down.At, down.Procedure);
            locationClient?.Detach(down, Self);
        });
        if (run.Multicast is { } plan)
        {
            mldProxy = new MldProxy(run, index);
            Receive<MldReport>(report =>
            {
                var arrival = report.ArrivesAt;
                (locationClient as MaarLocationClient)?.RememberGroups(report.MnId, report.Groups);
                foreach (var group in report.Groups) Listen(report.MnId, group, arrival, report.Procedure);
            });
            Receive<MulticastPacket>(OnMulticastPacket);
            Receive<GetMulticastTally>(_ => Sender.Tell(mldProxy.Tally()));
            Receive<ReportUpstream>(_ => Sender.Tell(new UpstreamReported(mldProxy.ReportUpstream(Self))));
        }
        Receive<DataPacket>(OnDataPacket);
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
        if (locationClient is ProxyLocationClient mag)
            Receive<Storm.RestoreBinding>(restore =>
            {
                onLink[restore.MobileNode.Index] = run.Directory.MobileNodes[restore.MobileNode.Index];
                mag.Restore(restore);
            });
        if (locationClient is not null)
        {
            Receive<ProxyBindingAcknowledgement>(pba => locationClient.OnAcknowledgement(pba, Sender, Self));
            Receive<RetransmissionTick>(_ =>
            {
                locationClient.RetransmitOverdue(Self);
                // A restart that reached the lost member's shard before the survivors knew it was gone goes again.
                foreach (var (mn, restart) in restarting ?? []) run.Directory.MobileNodes[mn].Tell(restart, Self);
            });
        }
    }

    sealed record RetransmissionTick
    {
        public static readonly RetransmissionTick Instance = new();
    }

    ICancelable? retransmissionTimer;

    protected override bool AroundReceive(Receive receive, object message)
    {
        run.Arrived(message, Sender);
        return base.AroundReceive(receive, message);
    }

    protected override void PreStart()
    {
        if (locationClient is null || run.SignallingTimeout is not { } timeout) return;
        var every = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 100, timeout.Ticks / 4));
        retransmissionTimer = Context.System.Scheduler.ScheduleTellRepeatedlyCancelable(every, every, Self, RetransmissionTick.Instance, Self);
    }

    protected override void PostStop() => retransmissionTimer?.Cancel();

    void Listen(Addressing.MnIdentifier mn, int group, Addressing.ModelTime at, ProcedureRef procedure)
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
    /// The node stands here still, so this router restarts it here, where its walk had brought it,
    /// and keeps the binding it registered for it until the node attaches again (RFC 5213 §6.9.1.1
    /// then treats it as a node newly seen on the link).
    /// </summary>
    void OnNodeTerminated(Terminated terminated)
    {
        var (mn, node) = onLink.FirstOrDefault(p => p.Value.Equals(terminated.ActorRef));
        if (node is null || !solicitedBy!.Remove(mn, out var rs)) return;
        onLink.Remove(mn);
        mldProxy?.Gone(rs.MnId, rs.SentAt, rs.Procedure);
        var restart = new RestartNode(rs.Procedure, index, rs.SentAt, run.LostSince(terminated.ActorRef));
        restarting![mn] = restart;
        run.Directory.MobileNodes[mn].Tell(restart, Self);
    }

    void OnRouterSolicitation(RouterSolicitation rs)
    {
        var arrival = rs.ArrivesAt;
        if (solicitedBy is not null)
        {
            restarting!.Remove(rs.MnId.Index);
            // The same RS sent again (RFC 7559) while its registration is under way: the RA follows the PBA.
            if (solicitedBy.TryGetValue(rs.MnId.Index, out var last) && last.Procedure == rs.Procedure && onLink[rs.MnId.Index].Equals(Sender)) return;
            solicitedBy[rs.MnId.Index] = rs;
            if (run.Watches(Sender)) Context.Watch(Sender);
        }
        onLink[rs.MnId.Index] = Sender;
        mldProxy?.LinkUp(rs.MnId, arrival);
        if (locationClient is not null)
        {
            locationClient.Attach(rs, arrival, Sender, Self);
            return;
        }
        run.Send(Sender, Endpoint.MobileNode(rs.MnId, index),
            new RouterAdvertisement(rs.Procedure, run.Channel.Departure(arrival), index, Prefix64.AccessLink(index)), Self, Endpoint.AccessRouter(index));
    }

    void OnDataPacket(DataPacket packet)
    {
        if (onLink.TryGetValue(packet.Destination.Index, out var node))
        {
            node.Tell(packet.Over(run.Channel.Path(Endpoint.AccessRouter(index), Endpoint.MobileNode(packet.Destination, index))));
            return;
        }
        run.Recorder.PacketLost();
        run.Directory.MobileNodes[packet.Destination.Index].Tell(new ProbeLost(packet.Session));
    }
}
