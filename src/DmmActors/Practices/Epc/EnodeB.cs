using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Practices.Epc;

/// <summary>
/// An eNB (TS 36.300 §4.1): the access router of the E-UTRAN, one cell. A UE's RS stands for its
/// arrival on the cell (an attach's RRC connection and Attach Request, a handover's RRC
/// Reconfiguration Complete at the target); the RA the eNB answers with stands for the Attach Accept
/// with the UE's prefix, or for the end of the handover once the MME has switched the downlink.
/// Towards the MME it speaks S1-AP (TS 36.413): Initial UE Message, Initial Context Setup, Path Switch Request,
/// and with a neighbour it has no X2 interface to, the S1 handover's Handover Required, Request and Notify.
/// Under LIPA it is a HeNB with an L-GW, which it names to the MME (TS 36.413 §9.1.7.1), and the
/// uplink from a UE's LIPA prefix goes to that L-GW directly (TS 23.401 §4.3.16).
/// </summary>
public sealed class EnodeB(RunContext run, int enb, EpcLayout layout) : INetworkLocationClient
{
    /// <summary>A UE on this cell: the procedure that brought it, and once set up the SGW its uplink goes to and its local prefix.</summary>
    sealed class Attached(IActorRef node, ProcedureRef procedure)
    {
        public IActorRef Node { get; } = node;
        public ProcedureRef Procedure { get; } = procedure;
        public int Sgw { get; set; } = -1;
        public Prefix64 LocalPaa { get; set; }
    }

    readonly Dictionary<int, Attached> ues = new();
    /// <summary>UEs an S1 handover is bringing here, by the procedure it is for, with the SGW their uplink goes to (§5.5.1.2.2 step 5); -1 where the MME knew no such UE.</summary>
    readonly Dictionary<int, (ProcedureRef Procedure, int Sgw)> prepared = new();
    /// <summary>The cell each arriving UE left, as the link layer reports it (TS 36.331 §5.3.7.4's re-establishment names it).</summary>
    readonly Dictionary<int, (ProcedureRef Procedure, int Enb)> cameFrom = new();
    /// <summary>UEs that came from a cell with no X2 interface to this one before their S1 handover was prepared here: held until it is.</summary>
    readonly Dictionary<int, (RouterSolicitation Rs, ModelTime At, Attached Ue)> waiting = new();
    /// <summary>The L-GW this HeNB is collocated with under LIPA; -1 for an eNB.</summary>
    readonly int localGateway = layout.LocalGatewayOf(enb);
    readonly Endpoint here = Endpoint.AccessRouter(enb);
    readonly GtpNode gtp = new(Endpoint.AccessRouter(enb));

    public RefreshBarrier Refreshes { get; } = new();

    public void Register(IAccessRouterHost router)
    {
        router.Handle<S1apMessage>((message, _) => OnS1ap(message, router.Self));
        router.Handle<HandoverIndication>((report, _) => OnMeasurementReport(report, router.Self));
        router.Handle<LinkAssociated>((associated, _) => cameFrom[associated.MnId.Index] = (associated.Procedure, associated.PreviousAccessPoint));
    }

    S1apMessage ToMme(ProcedureRef procedure, ModelTime at, S1apProcedure code, S1apPdu pdu, MnIdentifier ue) => new(procedure, at, code, pdu, ue, enb)
    {
        LocalGateway = localGateway >= 0 ? Endpoint.Anchor(localGateway) : null,
    };

    void SendToMme(S1apMessage message, IActorRef self) =>
        run.Signalling.Send(run.Directory.Anchors[layout.Mme], Endpoint.Anchor(layout.Mme), message, self, here);

    /// <summary>
    /// TS 36.300 §10.1.2.1.1: the UE's measurement report says it is going to another cell; with no X2
    /// interface to it, this eNB asks the MME for an S1 handover (Handover Required, with the target's
    /// TAI and cell). To a neighbour it has X2 with, the target's Path Switch Request will do.
    /// </summary>
    void OnMeasurementReport(HandoverIndication report, IActorRef self)
    {
        // Sent for a UE this eNB holds no context for as well (one it turned away before): the MME, which knows whether it has one, prepares the handover or refuses it.
        var target = report.NewAccessPoint;
        if (target == enb || layout.HaveX2(enb, target)) return;
        SendToMme(ToMme(report.Procedure, run.Channel.Departure(report.At, here), S1apProcedure.HandoverPreparation, S1apPdu.InitiatingMessage, report.MnId)
            with { Location = layout.LocationOf(target) }, self);
    }

    /// <summary>
    /// TS 23.401 §5.3.2.1 step 2, an Initial UE Message; §5.5.1.1.2 step 1, a Path Switch Request
    /// with the eNB's S1-U end. The X2 handover's preparation between the eNBs is not modelled.
    /// </summary>
    public void Attach(RouterSolicitation rs, ModelTime processedAt, IActorRef node, IActorRef self)
    {
        var arrived = new Attached(node, rs.Procedure);
        var ue = rs.MnId.Index;
        if (rs.Procedure.Kind != ProcedureKind.Attach)
        {
            if (prepared.Remove(ue, out var handover) && handover.Procedure == rs.Procedure)
            {
                Arrived(rs, processedAt, arrived, handover.Sgw, self);
                return;
            }
            if (cameFrom.Remove(ue, out var left) && left.Procedure == rs.Procedure && left.Enb >= 0 && !layout.HaveX2(left.Enb, enb))
            {
                waiting[ue] = (rs, processedAt, arrived);
                return;
            }
        }
        ues[ue] = arrived;
        var attach = rs.Procedure.Kind == ProcedureKind.Attach;
        SendToMme(ToMme(rs.Procedure, processedAt, attach ? S1apProcedure.InitialUeMessage : S1apProcedure.PathSwitchRequest, S1apPdu.InitiatingMessage, rs.MnId) with
        {
            Location = layout.LocationOf(enb),
            Bearer = attach ? null : gtp.Teid(GtpInterface.S1uEnodeB, rs.MnId),
        }, self);
    }

    /// <summary>
    /// §5.5.1.2.2 step 12: a UE whose S1 handover was prepared here is on the cell: Handover Notify, with
    /// this eNB's S1-U end. One the MME knew nothing of (<paramref name="sgw"/> -1) is turned away.
    /// </summary>
    void Arrived(RouterSolicitation rs, ModelTime at, Attached ue, int sgw, IActorRef self)
    {
        if (sgw < 0)
        {
            run.Recorder.RegistrationFailed(BindingStatus.InsufficientResources);
            ue.Node.Tell(new RegistrationRejected(rs.Procedure, BindingStatus.InsufficientResources));
            return;
        }
        ue.Sgw = sgw;
        ues[rs.MnId.Index] = ue;
        SendToMme(ToMme(rs.Procedure, at, S1apProcedure.HandoverNotification, S1apPdu.InitiatingMessage, rs.MnId) with
        {
            Location = layout.LocationOf(enb), Bearer = gtp.Teid(GtpInterface.S1uEnodeB, rs.MnId),
        }, self);
    }

    /// <summary>An S1 handover's preparation reached this target (<paramref name="sgw"/> -1: refused); a UE already here waiting for it goes on.</summary>
    void Prepared(S1apMessage message, int sgw, IActorRef self)
    {
        var at = run.Channel.Departure(message.ArrivesAt, here);
        if (waiting.Remove(message.Ue.Index, out var held) && held.Rs.Procedure == message.Procedure)
            Arrived(held.Rs, ModelTime.Max(held.At, at), held.Ue, sgw, self);
        else prepared[message.Ue.Index] = (message.Procedure, sgw);
    }

    void OnS1ap(S1apMessage message, IActorRef self)
    {
        switch (message.Code, message.Pdu)
        {
            case (S1apProcedure.HandoverResourceAllocation, S1apPdu.InitiatingMessage):
                // §5.5.1.2.2 steps 5–6: resources for the UE on its way, the SGW's uplink end kept; the acknowledge gives this eNB's S1-U end.
                SendToMme(ToMme(message.Procedure, run.Channel.Departure(message.ArrivesAt, here), S1apProcedure.HandoverResourceAllocation,
                    S1apPdu.SuccessfulOutcome, message.Ue) with { Bearer = gtp.Teid(GtpInterface.S1uEnodeB, message.Ue) }, self);
                Prepared(message, message.Bearer?.Node.Index ?? -1, self);
                return;
            case (S1apProcedure.DownlinkNasTransport, S1apPdu.UnsuccessfulOutcome) when !ues.TryGetValue(message.Ue.Index, out var held) || held.Procedure != message.Procedure:
                // A UE the MME knew nothing of, coming by an S1 handover: turned away here.
                Prepared(message, -1, self);
                return;
            case (S1apProcedure.HandoverPreparation, _):
                // The Handover Command goes on to the UE over the radio, which is not modelled: the UE leaves when its walk says, prepared or not.
                return;
            case (S1apProcedure.UeContextRelease, S1apPdu.InitiatingMessage):
                // §5.5.1.2.2 step 19: the source lets the UE go, unless it has come back since.
                if (ues.TryGetValue(message.Ue.Index, out var left) && left.Procedure.Number < message.Procedure.Number) ues.Remove(message.Ue.Index);
                SendToMme(ToMme(message.Procedure, run.Channel.Departure(message.ArrivesAt, here), S1apProcedure.UeContextRelease,
                    S1apPdu.SuccessfulOutcome, message.Ue), self);
                return;
        }
        if (!ues.TryGetValue(message.Ue.Index, out var ue) || ue.Procedure != message.Procedure) return;
        var departs = run.Channel.Departure(message.ArrivesAt, here);
        if (message.Pdu == S1apPdu.UnsuccessfulOutcome)
        {
            // An Attach Reject, or a Path Switch Request Failure: the UE has no PDN connection through this cell.
            ues.Remove(message.Ue.Index);
            run.Recorder.RegistrationFailed(BindingStatus.InsufficientResources);
            ue.Node.Tell(new RegistrationRejected(message.Procedure, BindingStatus.InsufficientResources));
            return;
        }
        ue.Sgw = message.Bearer?.Node.Index ?? ue.Sgw;
        ue.LocalPaa = message.LocalPaa;
        run.Recorder.TunnelsAfterMove(message.LocalPaa.IsNone ? 1 : 2);
        run.Signalling.Send(ue.Node, Endpoint.MobileNode(message.Ue, enb),
            new RouterAdvertisement(message.Procedure, departs, enb, message.Paa) { Local = message.LocalPaa }, self, here);
        if (message.Code != S1apProcedure.InitialContextSetup) return;
        // §5.3.2.1 step 21: Initial Context Setup Response, with this eNB's S1-U end for the SGW's downlink.
        run.Signalling.Send(run.Directory.Anchors[layout.Mme], Endpoint.Anchor(layout.Mme),
            new S1apMessage(message.Procedure, run.Channel.Departure(departs, here), S1apProcedure.InitialContextSetup, S1apPdu.SuccessfulOutcome, message.Ue, enb)
                { Bearer = gtp.Teid(GtpInterface.S1uEnodeB, message.Ue) }, self, here);
    }

    /// <summary>The UE left the cell; the target eNB's Path Switch moves its bearer, so the source has nothing to tell the core.</summary>
    public void Detach(LinkDown down, IActorRef self) => ues.Remove(down.MnId.Index);

    public void OnAcknowledgement(ProxyBindingAcknowledgement pba, IActorRef anchor, IActorRef self) { }

    /// <summary>
    /// A resumed run puts the UE back on this cell as the SGW's journalled context names it (its
    /// registration, keyed by the prefix the SGW delegates to the UE), with its local connection where
    /// the practice has one; the MME's context comes back the same way, through this eNB.
    /// </summary>
    public void Restore(RestoreBinding restore)
    {
        var ue = restore.MobileNode;
        var sgw = restore.Binding.Prefix.PoolAnchor;
        var local = layout.Breakout switch
        {
            LocalBreakout.Sipto => Prefix64.Delegated(sgw, ue.Index),
            LocalBreakout.Lipa => Prefix64.Delegated(localGateway, ue.Index),
            _ => Prefix64.None,
        };
        // The first restore names the UE's SGW; a later one, an SGW the UE's moves left behind, only goes on to the MME.
        ues.TryAdd(ue.Index, new Attached(run.Directory.MobileNodes[ue.Index], restore.Procedure) { Sgw = sgw, LocalPaa = local });
        run.Directory.Anchors[layout.Mme].Tell(restore);
    }

    /// <summary>An EPS bearer has no lifetime to refresh: it lives until it is deleted.</summary>
    public void Extend(ModelTime until, IActorRef self) { }

    public void RetransmitOverdue(IActorRef self) { }

    /// <summary>TS 29.281: the S1-U tunnel up to the SGW is GTP-U.</summary>
    public Encapsulation UplinkEncapsulation => Encapsulation.GtpU;

    /// <summary>The SGW whose S1-U tunnel carries the UE's uplink from this cell.</summary>
    public int AnchorOf(MnIdentifier mn) => ues.TryGetValue(mn.Index, out var ue) ? ue.Sgw : -1;

    /// <summary>From a UE's LIPA prefix, to this HeNB's L-GW; everything else, SIPTO's included, up S1-U to the SGW.</summary>
    public int UplinkAnchorOf(MnIdentifier mn, Prefix64 source, ModelTime at) =>
        localGateway >= 0 && ues.TryGetValue(mn.Index, out var ue) && !ue.LocalPaa.IsNone && source == ue.LocalPaa ? localGateway : AnchorOf(mn);
}
