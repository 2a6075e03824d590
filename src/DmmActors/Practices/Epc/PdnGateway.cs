using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Practices.Epc;

/// <summary>
/// The PGW (TS 23.401 §4.4.3.3): the UE's IP anchor for its whole PDN connection. Its binding
/// cache holds, for each UE's prefix (the PAA it allocates, TS 29.274 §8.14), the SGW at the other
/// end of the S5/S8 tunnels; a Create Session Request makes the entry, a Modify Bearer Request from
/// a new SGW moves it (TS 23.401 §5.5.1.1.3 step 4). Packets for the prefix go down GTP-U to that SGW.
/// A LIPA L-GW (<c>direct</c>, TS 23.401 §4.3.16) is the same function for the LIPA PDN connections
/// of its HeNBs, whose user plane goes to the HeNB directly, not through the SGW: its entry names the
/// HeNB whose cell the request's User Location Information names, and moves with the ULI the SGW
/// reports (§5.5.1.1.2 step 3).
/// </summary>
public sealed class PdnGateway : IAnchorComponent
{
    readonly IAnchorHost host;
    readonly GtpNode gtp;
    readonly int capacity;
    readonly bool direct;
    readonly Endpoint here;
    /// <summary>TS 23.401 §5.7.4: each UE's "S-GW Address in Use (control plane)", from the Sender F-TEID of the SGW's last request.</summary>
    readonly Dictionary<int, Endpoint> sgwInUse = new();

    public PdnGateway(IAnchorHost host, int capacity, bool direct)
    {
        (this.host, this.capacity, this.direct, here) = (host, capacity, direct, Endpoint.Anchor(host.Index));
        gtp = new GtpNode(here);
        host.Handle<CreateSessionRequest>(OnCreateSession);
        host.Handle<ModifyBearerRequest>(OnModifyBearer);
        host.Handle<DeleteSessionRequest>(OnDeleteSession);
        host.Forwarding.EncapsulateWith((_, _) => Encapsulation.GtpU);
    }

    /// <summary>Where the downlink goes: the SGW's end of S5/S8, or at an L-GW the HeNB of the UE's cell; -1 where the request says neither.</summary>
    int CareOf(FullyQualifiedTeid? sgwUser, UserLocation? location) =>
        direct ? location is { } l ? EpcLayout.EnbOf(l) : -1
        : sgwUser is { } sgw ? CareOfAddress.Regional(sgw.Node.Index, host.Run.Topology.AccessRouters) : -1;

    /// <summary>TS 23.401 §5.3.2.1 steps 12–15: a new PDN connection, or the same UE's again, at the SGW that asks.</summary>
    void OnCreateSession(CreateSessionRequest request, IActorRef sgw)
    {
        var run = host.Run;
        var ue = request.Imsi;
        var departs = run.Channel.Departure(request.ArrivesAt, here);
        var known = host.Cache.TryGet(host.Cache.DelegatedTo(ue), out _);
        // TS 29.274 §8.4: 73, "No resources available", once the PGW holds as many PDN connections as it can.
        var decision = capacity > 0 && !known && host.Cache.ActiveBindings >= capacity
            ? BindingDecision.Refused(BindingStatus.InsufficientResources)
            : CareOf(request.S5S8uSgw ?? request.SenderControl, request.Location) is >= 0 and var careOf
                ? host.Cache.Decide(BearerContexts.Bind(ue, Prefix64.None, careOf, request.ArrivesAt))
                : BindingDecision.Refused(BindingStatus.ReasonUnspecified);
        if (decision.Accepted) sgwInUse[ue.Index] = request.SenderControl.Node;
        var response = new CreateSessionResponse(request.Procedure, departs, GtpTeids.Bearer(ue), request.SequenceNumber, CauseOf(decision))
        {
            SenderControl = gtp.Teid(GtpInterface.S5S8cPgw, ue),
            Paa = decision.Accepted ? decision.Prefix : Prefix64.None,
            Ebi = request.Ebi,
            BearerCause = CauseOf(decision),
            S5S8uPgw = decision.Accepted ? gtp.Teid(GtpInterface.S5S8uPgw, ue) : null,
        };
        Answer(decision, sgw, request.SenderControl.Node, response);
    }

    /// <summary>TS 23.401 §5.5.1.1.3 step 4: a new SGW points the downlink at itself; the UE's prefix stays.</summary>
    void OnModifyBearer(ModifyBearerRequest request, IActorRef sgw)
    {
        // TS 29.274 §7.2.7: from an SGW that takes the session over, the Sender F-TEID for the control plane is mandatory.
        if (request.SenderControl is not { } sender) return;
        var ue = GtpNode.UeOf(request);
        var departs = host.Run.Channel.Departure(request.ArrivesAt, here);
        var prefix = host.Cache.DelegatedTo(ue);
        var careOf = CareOf(request.S5S8uSgw, request.Location);
        var known = careOf >= 0 && host.Cache.TryGet(prefix, out _);
        var decision = known
            ? host.Cache.Decide(BearerContexts.Bind(ue, prefix, careOf, request.ArrivesAt))
            : BindingDecision.Refused(BindingStatus.NotLmaForThisMobileNode);
        if (decision.Accepted) sgwInUse[ue.Index] = sender.Node;
        var response = new ModifyBearerResponse(request.Procedure, departs, GtpTeids.Bearer(ue), request.SequenceNumber,
            known ? CauseOf(decision) : GtpCause.ContextNotFound, request.Ebi);
        Answer(decision, sgw, sender.Node, response);
    }

    /// <summary>TS 23.401 §5.10.3 step 3: the PDN connection released; the UE's prefix here goes with it.</summary>
    void OnDeleteSession(DeleteSessionRequest request, IActorRef sgw)
    {
        var ue = GtpNode.UeOf(request);
        // The answer goes where the context says the SGW is; with no context (lost with its journal's tail) there is no one to answer.
        if (!sgwInUse.Remove(ue.Index, out var sgwAt)) return;
        var departs = host.Run.Channel.Departure(request.ArrivesAt, here);
        var known = host.Deleting(ue, request.ArrivesAt, out var deletion);
        var response = new DeleteSessionResponse(request.Procedure, departs, GtpTeids.Bearer(ue), request.SequenceNumber,
            known ? GtpCause.RequestAccepted : GtpCause.ContextNotFound);
        host.AfterDurable(deletion, () => host.Run.Signalling.Send(sgw, sgwAt, response, host.Self, here));
    }

    static GtpCause CauseOf(BindingDecision decision) =>
        decision.Accepted ? GtpCause.RequestAccepted
        : decision.Status == BindingStatus.InsufficientResources ? GtpCause.NoResourcesAvailable
        : GtpCause.RequestRejected;

    void Answer(BindingDecision decision, IActorRef sgw, Endpoint sgwAt, Signal response) =>
        host.AfterDurable(decision.Event, () => host.Run.Signalling.Send(sgw, sgwAt, response, host.Self, here));

    public bool Redirected(Prefix64 prefix, object message, IActorRef sender) => false;
    public bool Intercepts(BindingUpdate bu, IActorRef sender) => false;
    public Action? Decided(BindingDecision decision, ProxyBindingUpdate pbu, ModelTime processedAt) => null;
}
