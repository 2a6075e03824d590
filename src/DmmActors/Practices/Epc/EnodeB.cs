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
/// Towards the MME it speaks S1-AP (TS 36.413): Initial UE Message, Initial Context Setup, Path Switch Request.
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
    /// <summary>The L-GW this HeNB is collocated with under LIPA; -1 for an eNB.</summary>
    readonly int localGateway = layout.LocalGatewayOf(enb);
    readonly Endpoint here = Endpoint.AccessRouter(enb);
    readonly GtpNode gtp = new(Endpoint.AccessRouter(enb));

    public RefreshBarrier Refreshes { get; } = new();

    public void Register(IAccessRouterHost router) => router.Handle<S1apMessage>((message, _) => OnS1ap(message, router.Self));

    /// <summary>
    /// TS 23.401 §5.3.2.1 step 2, an Initial UE Message; §5.5.1.1.2 step 1, a Path Switch Request
    /// with the eNB's S1-U end. The X2 handover's preparation between the eNBs is not modelled.
    /// </summary>
    public void Attach(RouterSolicitation rs, ModelTime processedAt, IActorRef node, IActorRef self)
    {
        ues[rs.MnId.Index] = new Attached(node, rs.Procedure);
        var attach = rs.Procedure.Kind == ProcedureKind.Attach;
        var message = new S1apMessage(rs.Procedure, processedAt, attach ? S1apProcedure.InitialUeMessage : S1apProcedure.PathSwitchRequest,
            S1apPdu.InitiatingMessage, rs.MnId, enb)
        {
            Location = layout.LocationOf(enb),
            Bearer = attach ? null : gtp.Teid(GtpInterface.S1uEnodeB, rs.MnId),
            LocalGateway = localGateway >= 0 ? Endpoint.Anchor(localGateway) : null,
        };
        run.Signalling.Send(run.Directory.Anchors[layout.Mme], Endpoint.Anchor(layout.Mme), message, self, here);
    }

    void OnS1ap(S1apMessage message, IActorRef self)
    {
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
