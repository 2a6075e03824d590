using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Functions;
using DmmActors.Protocol;
using DmmActors.Run;

namespace DmmActors.Actors;

/// <summary>
/// An access router. Where the practice places the location client and forwarding on it
/// (PMIPv6), it is a mobile access gateway: it registers attached nodes with their LMA and
/// ends the tunnel from it. Otherwise it only advertises its own prefix and delivers packets.
/// </summary>
public sealed class AccessRouterActor : ReceiveActor
{
    /// <summary>A binding update list entry (RFC 5213 §6.1) together with the node's link.</summary>
    sealed class Attachment(IActorRef node, int lma, ProcedureRef procedure)
    {
        public IActorRef Node { get; } = node;
        public int Lma { get; } = lma;
        public ProcedureRef Procedure { get; set; } = procedure;
        public ushort SequenceNumber { get; set; }
        public Prefix64 HomeNetworkPrefix { get; set; }
        /// <summary>Send time of the last registration or refresh, and the lifetime granted to it.</summary>
        public ModelTime RegisteredAt { get; set; }
        public ModelTime GrantedLifetime { get; set; }
    }

    readonly RunContext run;
    readonly int index;
    readonly bool isMag;
    readonly Dictionary<int, Attachment> attached = new();
    readonly RefreshBarrier refreshes = new();

    public static Props Props(RunContext run, int index) => Akka.Actor.Props.Create(() => new AccessRouterActor(run, index));

    public AccessRouterActor(RunContext run, int index)
    {
        this.run = run;
        this.index = index;
        isMag = run.Practice.Hosts(NodeKind.AccessRouter, MobilityFunction.LocationClient);

        Receive<RouterSolicitation>(OnRouterSolicitation);
        Receive<ProxyBindingAcknowledgement>(OnProxyBindingAcknowledgement);
        Receive<LinkDown>(OnLinkDown);
        Receive<ExtendBindings>(OnExtendBindings);
        Receive<DataPacket>(OnDataPacket);
    }

    ModelTime Processing => run.Scenario.ProcessingDelay;

    void OnRouterSolicitation(RouterSolicitation rs)
    {
        var arrival = rs.SentAt + run.Topology.RadioDelay;
        var lma = run.Policy.AnchorOf(rs.MnId);
        var attachment = new Attachment(Sender, lma, rs.Procedure);
        attached[rs.MnId.Index] = attachment;
        if (!isMag)
        {
            run.Send(Sender, new RouterAdvertisement(rs.Procedure, arrival + Processing, index, Prefix64.AccessLink(index)), Self);
            return;
        }
        // RFC 5213 §6.9.1.1: on attach, register the node with the LMA from its policy profile.
        // The prefix option is all zeros, so the LMA assigns or looks up the HNP (§5.3.2, §5.4.1).
        // The binding update list entry is new with this attachment, so its sequence numbers
        // start afresh; the LMA orders updates from different MAGs by timestamp (§5.5).
        attachment.SequenceNumber = 1;
        var departure = arrival + Processing;
        var pbu = new ProxyBindingUpdate(rs.Procedure, departure, rs.MnId, Prefix64.None,
            rs.Procedure.Kind == ProcedureKind.Attach
                ? HandoffIndicator.AttachmentOverNewInterface
                : HandoffIndicator.HandoffBetweenMagsSameInterface,
            attachment.SequenceNumber, departure, Lifetime.ToUnits(run.Scenario.BindingLifetime), index);
        run.Send(run.Directory.Anchors[lma], pbu, Self);
    }

    void OnProxyBindingAcknowledgement(ProxyBindingAcknowledgement pba)
    {
        if (pba.Procedure.Kind == ProcedureKind.Refresh)
        {
            OnRefreshAcknowledgement(pba);
            return;
        }
        if (!attached.TryGetValue(pba.MnId.Index, out var attachment) || attachment.SequenceNumber != pba.SequenceNumber)
            return; // RFC 5213 §6.9.1.2: a PBA that matches no pending PBU (a de-registration's, too) needs no action.
        var arrival = pba.SentAt + run.Topology.AnchorToRouter(pba.Lma, index).Delay;
        if (pba.Status != BindingStatus.Accepted)
        {
            attached.Remove(pba.MnId.Index);
            run.Recorder.RegistrationFailed();
            attachment.Node.Tell(new RegistrationRejected(pba.Procedure, pba.Status));
            return;
        }
        // The tunnel to the LMA is up; advertise the HNP on the emulated home link (§6.7).
        attachment.HomeNetworkPrefix = pba.HomeNetworkPrefix;
        attachment.RegisteredAt = pba.Timestamp;
        attachment.GrantedLifetime = Lifetime.FromUnits(pba.LifetimeUnits);
        run.Send(attachment.Node, new RouterAdvertisement(pba.Procedure, arrival + Processing, index, pba.HomeNetworkPrefix), Self);
    }

    void OnLinkDown(LinkDown down)
    {
        if (!attached.Remove(down.MnId.Index, out var attachment) || !isMag || attachment.HomeNetworkPrefix.IsNone) return;
        Refresh(down.MnId, attachment, down.At);
        // RFC 5213 §6.9.1.4: on detach, de-register with lifetime 0 (§5.3.5 at the LMA).
        var departure = down.At + Processing;
        var dereg = new ProxyBindingUpdate(down.Procedure, departure, down.MnId, attachment.HomeNetworkPrefix,
            HandoffIndicator.HandoffStateUnknown, ++attachment.SequenceNumber, departure, 0, index);
        run.Send(run.Directory.Anchors[attachment.Lma], dereg, Self);
    }

    /// <summary>RFC 5213 §6.9.1.3: extend the binding before it lapses, for as long as the node stayed.</summary>
    void Refresh(MnIdentifier mn, Attachment attachment, ModelTime until)
    {
        var schedule = new RefreshSchedule(attachment.GrantedLifetime, run.Scenario.RefreshRatio);
        foreach (var at in schedule.Due(attachment.RegisteredAt, until))
        {
            var procedure = new ProcedureRef(mn, attachment.Procedure.Number, ProcedureKind.Refresh);
            run.Send(run.Directory.Anchors[attachment.Lma], new ProxyBindingUpdate(procedure, at, mn, attachment.HomeNetworkPrefix,
                HandoffIndicator.HandoffStateNotChanged, ++attachment.SequenceNumber, at,
                Lifetime.ToUnits(run.Scenario.BindingLifetime), index), Self);
            attachment.RegisteredAt = at;
            refreshes.Sent();
        }
    }

    void OnRefreshAcknowledgement(ProxyBindingAcknowledgement pba)
    {
        // A refresh that crossed the node's next registration is refused as stale (§5.5); that is
        // only a failure while the node is still here.
        if (pba.Status != BindingStatus.Accepted && attached.ContainsKey(pba.MnId.Index)) run.Recorder.RegistrationFailed();
        refreshes.Acknowledged();
    }

    void OnExtendBindings(ExtendBindings extend)
    {
        if (isMag)
            foreach (var (mn, attachment) in attached)
                if (!attachment.HomeNetworkPrefix.IsNone) Refresh(new MnIdentifier(mn), attachment, extend.Until);
        refreshes.Requested(Sender);
    }

    void OnDataPacket(DataPacket packet)
    {
        if (attached.TryGetValue(packet.Destination.Index, out var attachment))
        {
            attachment.Node.Tell(packet.Over(run.Topology.RadioDelay, 1));
            return;
        }
        run.Recorder.PacketLost();
        run.Directory.MobileNodes[packet.Destination.Index].Tell(new ProbeLost(packet.Session));
    }
}
