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
/// </summary>
public sealed class PdnGateway : IAnchorComponent
{
    readonly IAnchorHost host;
    readonly GtpNode gtp;
    readonly int capacity;
    readonly Endpoint here;

    public PdnGateway(IAnchorHost host, EpcSettings settings)
    {
        (this.host, capacity, here) = (host, settings.PgwSessions, Endpoint.Anchor(host.Index));
        gtp = new GtpNode(here);
        host.Handle<CreateSessionRequest>(OnCreateSession);
        host.Handle<ModifyBearerRequest>(OnModifyBearer);
        host.Forwarding.EncapsulateWith((_, _) => Encapsulation.GtpU);
    }

    int SgwCareOf(FullyQualifiedTeid sgw) => CareOfAddress.Regional(sgw.Node.Index, host.Run.Topology.AccessRouters);

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
            : host.Cache.Decide(BearerContexts.Bind(ue, Prefix64.None, SgwCareOf(request.S5S8uSgw ?? request.SenderControl), request.ArrivesAt));
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
        var known = request.S5S8uSgw is not null && host.Cache.TryGet(prefix, out _);
        var decision = known
            ? host.Cache.Decide(BearerContexts.Bind(ue, prefix, SgwCareOf(request.S5S8uSgw!.Value), request.ArrivesAt))
            : BindingDecision.Refused(BindingStatus.NotLmaForThisMobileNode);
        var response = new ModifyBearerResponse(request.Procedure, departs, GtpTeids.Bearer(ue), request.SequenceNumber,
            known ? CauseOf(decision) : GtpCause.ContextNotFound, request.Ebi);
        Answer(decision, sgw, sender.Node, response);
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
