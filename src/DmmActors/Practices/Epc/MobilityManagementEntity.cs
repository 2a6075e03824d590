using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Practices.Epc;

/// <summary>
/// The MME (TS 23.401 §4.4.2): the control plane of the UE's mobility. It carries no data and holds
/// no binding: its UE contexts (§5.7.2, much reduced) say which eNB, SGW and PGW serve each UE, its
/// tracking area and its PDN address. It selects the gateways by DNS (TS 29.303 §5.2, §5.3) at an
/// attach and whenever the UE enters a tracking area it was not in, and relocates the SGW when the
/// new area's nearest SGW is another one (TS 23.401 §5.5.1.1.3). Where the practice breaks traffic
/// out locally, it gives every UE a second PDN connection once the first is set up (§5.10.2), at the
/// PGW collocated with its SGW (SIPTO, found by DNS) or at the L-GW its HeNB names (LIPA), and when
/// the UE moves away from that gateway releases it (§5.10.3) and sets it up again at the new one;
/// the UE's RA waits for it, so the attach or handover completes with both prefixes.
/// </summary>
public sealed partial class MobilityManagementEntity : IAnchorComponent
{
    enum Step : byte
    {
        Idle, SelectingGateways, CreatingSession, SettingUpContext, ModifyingBearer, SelectingSgw, Relocating,
        SelectingLocalGateway, CreatingLocalSession, RelocatingLocalSession, PreparingHandover, HandoverPrepared,
    }
    readonly IAnchorHost host;
    readonly EpcLayout layout;
    readonly LocalBreakout breakout;
    readonly GtpNode gtp;
    readonly Endpoint here;
    readonly Dictionary<int, UeContext> contexts = new();
    /// <summary>DNS queries under way, by their ID (RFC 1035 §4.1.1): the UE each is for.</summary>
    readonly Dictionary<ushort, int> queries = new();
    readonly GtpRetransmission retransmission;
    ushort nextQuery;

    public MobilityManagementEntity(IAnchorHost host, EpcLayout layout)
    {
        (this.host, this.layout, breakout, here) = (host, layout, layout.Breakout, Endpoint.Anchor(host.Index));
        gtp = new GtpNode(here);
        retransmission = new GtpRetransmission(host.Run, host.ScheduleToSelf);
        host.Handle<GtpRetransmission.Deadline>((deadline, _) => OnDeadline(deadline));
        host.Handle<S1apMessage>(OnS1ap);
        host.Handle<GatewayAnswer>((answer, _) => OnGatewayAnswer(answer));
        host.Handle<CreateSessionResponse>((response, _) => OnCreateSessionResponse(response));
        host.Handle<ModifyBearerResponse>((response, _) => OnModifyBearerResponse(response));
        host.Handle<DeleteSessionResponse>((response, _) => retransmission.Answered(response.SequenceNumber));
        host.Handle<RestoreBinding>((restore, _) => Restore(restore));
    }
    RunContext Run => host.Run;

    void OnS1ap(S1apMessage message, IActorRef enb)
    {
        switch (message.Code, message.Pdu)
        {
            case (S1apProcedure.InitialUeMessage, S1apPdu.InitiatingMessage): Attach(message, enb); break;
            case (S1apProcedure.InitialContextSetup, S1apPdu.SuccessfulOutcome): ContextSetUp(message); break;
            case (S1apProcedure.PathSwitchRequest, S1apPdu.InitiatingMessage): PathSwitch(message, enb); break;
            case (S1apProcedure.HandoverPreparation, S1apPdu.InitiatingMessage): HandoverRequired(message, enb); break;
            case (S1apProcedure.HandoverResourceAllocation, S1apPdu.SuccessfulOutcome): HandoverRequestAcknowledged(message); break;
            case (S1apProcedure.HandoverNotification, S1apPdu.InitiatingMessage): HandoverNotify(message, enb); break;
        }
    }

    /// <summary>TS 23.401 §5.3.2.1 steps 1–11: an Initial UE Message with the Attach Request; the gateways for its tracking area are looked up.</summary>
    void Attach(S1apMessage message, IActorRef enb)
    {
        if (message.Location is not { } location) return;
        // The same Attach Request again (its UE solicited again while its eNB waited): the attach under way goes on.
        if (contexts.TryGetValue(message.Ue.Index, out var under) && under.Procedure == message.Procedure) return;
        var departs = Run.Channel.Departure(message.ArrivesAt, here);
        if (under is not null) Forget(under, departs);
        var context = contexts[message.Ue.Index] = new UeContext(message.Ue)
        {
            Enb = message.Enb, Enodeb = enb, Location = location, Procedure = message.Procedure, Step = Step.SelectingGateways,
            NamedLocalGateway = message.LocalGateway?.Index ?? -1,
        };
        Query(context, departs, GatewayService.Sgw);
        Query(context, Run.Channel.Departure(departs, here), GatewayService.Pgw);
    }

    void Query(UeContext context, ModelTime at, GatewayService service)
    {
        // RFC 1035 §4.1.1: an ID no query under way has.
        do nextQuery++; while (queries.ContainsKey(nextQuery));
        var id = nextQuery;
        queries[id] = context.Ue.Index;
        Send(Run.Directory.Anchors[layout.Dns], Endpoint.Anchor(layout.Dns),
            new GatewayQuery(context.Procedure, at, id, context.Location.TrackingAreaCode, service));
    }

    void OnGatewayAnswer(GatewayAnswer answer)
    {
        if (!queries.Remove(answer.Id, out var ue) || !contexts.TryGetValue(ue, out var context) || answer.Candidates.Count == 0
            || answer.TrackingAreaCode != context.Location.TrackingAreaCode) return;
        var departs = Run.Channel.Departure(answer.ArrivesAt, here);
        var nearest = answer.Candidates[0].Node.Index;
        switch (context.Step)
        {
            case Step.SelectingLocalGateway when answer.Service == GatewayService.LocalPgw:
                // TS 29.303 §5.6: of the PGWs for the area, the one collocated with the UE's SGW; none where it is not among them.
                LocalGatewayChosen(context, answer.Candidates.Any(c => c.Node.Index == context.Sgw) ? context.Sgw : -1, departs);
                break;
            case Step.SelectingGateways:
                if (answer.Service == GatewayService.Sgw) context.NewSgw = nearest;
                else context.Pgw = nearest;
                if (context.NewSgw >= 0 && context.Pgw >= 0) CreateSession(context, departs);
                break;
            case Step.SelectingSgw when nearest == context.Sgw:
                ModifyBearer(context, departs);
                break;
            case Step.SelectingSgw:
                context.NewSgw = nearest;
                Relocate(context, departs);
                break;
        }
    }

    /// <summary>§5.3.2.1 step 12: the session at the selected SGW, naming the selected PGW.</summary>
    void CreateSession(UeContext context, ModelTime at)
    {
        context.Step = Step.CreatingSession;
        // TS 29.274 §7.2.1: the PGW's control-plane address, its TEID not yet known.
        var pgwControl = new FullyQualifiedTeid(GtpInterface.S5S8cPgw, 0, Endpoint.Anchor(context.Pgw));
        CreateSessionAt(context, at, GtpNode.DefaultBearer, request => request with { PgwControl = pgwControl });
    }

    /// <summary>§5.5.1.1.3 step 3: the session at the new SGW, with the eNB's and the PGW's user-plane ends and the UE's address.</summary>
    void Relocate(UeContext context, ModelTime at)
    {
        context.Step = Step.Relocating;
        var (pgwControl, enbUser, pgwUser, paa) = (context.PgwControl, context.EnbUser, context.PgwUser, context.Paa);
        CreateSessionAt(context, at, GtpNode.DefaultBearer, request => request with { PgwControl = pgwControl, S1uEnodeB = enbUser, S5S8uPgw = pgwUser, Paa = paa });
    }

    /// <summary>A Create Session Request for a PDN connection's default bearer <paramref name="ebi"/> to the SGW the UE is to have (NewSgw), with what <paramref name="fill"/> adds.</summary>
    void CreateSessionAt(UeContext context, ModelTime at, byte ebi, Func<CreateSessionRequest, CreateSessionRequest> fill)
    {
        var (procedure, ue, location) = (context.Procedure, context.Ue, context.Location);
        Request(context, context.NewSgw, at, (sequence, sentAt) =>
            fill(new CreateSessionRequest(procedure, sentAt, 0, sequence, ue, gtp.Teid(GtpInterface.S11Mme, ue), ebi, location)));
    }

    void OnCreateSessionResponse(CreateSessionResponse response)
    {
        // TS 29.274 §7.6: an answer stops its request's retransmission, whether or not the procedure still waits for it.
        retransmission.Answered(response.SequenceNumber);
        var ue = GtpNode.UeOf(response);
        if (!contexts.TryGetValue(ue.Index, out var context) || context.Awaited != response.SequenceNumber) return;
        var departs = Run.Channel.Departure(response.ArrivesAt, here);
        if (context.Step == Step.CreatingSession)
        {
            if (!response.Accepted)
            {
                // §5.3.2.1: the attach is rejected, in a Downlink NAS Transport's Attach Reject.
                Forget(context, departs);
                ToEnb(context, departs, S1apProcedure.DownlinkNasTransport, S1apPdu.UnsuccessfulOutcome);
                return;
            }
            (context.Sgw, context.SgwControl, context.Paa, context.PgwControl, context.PgwUser, context.SgwUser) =
                (context.NewSgw, response.SenderControl, response.Paa, response.PgwControl, response.S5S8uPgw, response.S1uSgw);
            DefaultDone(context, departs);
            return;
        }
        if (context.Step is Step.CreatingLocalSession or Step.RelocatingLocalSession)
        {
            LocalSessionAnswered(context, response, departs);
            return;
        }
        if (context.Step != Step.Relocating) return;
        if (!response.Accepted)
        {
            // The UE stays with its SGW and its last tracking area: its next move there tries the relocation again.
            context.Location = context.Before.Location;
            ToEnb(context, departs, S1apProcedure.PathSwitchRequest, S1apPdu.UnsuccessfulOutcome);
            Idle(context, departs);
            return;
        }
        (context.OldSgw, context.OldSgwControl) = (context.Sgw, context.SgwControl);
        (context.Sgw, context.SgwControl, context.SgwUser) = (context.NewSgw, response.SenderControl, response.S1uSgw);
        DefaultDone(context, departs);
    }

    /// <summary>
    /// Both connections are in place: an attach goes on to its Initial Context Setup (§5.3.2.1 step
    /// 17), a handover is acknowledged (§5.5.1.1.2 step 5), and the SGW a relocation left lets the UE go.
    /// </summary>
    void Complete(UeContext context, ModelTime at)
    {
        context.ReplacesLocal = false;
        if (context.Procedure.Kind == ProcedureKind.Attach)
        {
            context.Step = Step.SettingUpContext;
            ToEnb(context, at, S1apProcedure.InitialContextSetup, S1apPdu.InitiatingMessage, context.SgwUser);
            return;
        }
        if (context.S1Source is { } source)
        {
            // The emulator's end of an S1 handover: the target eNB is told the UE's prefixes, for its RA, in a Downlink NAS
            // Transport standing for the Tracking Area Update's accept (§5.5.1.2.2 step 21); the source releases the UE (step 19).
            ToEnb(context, at, S1apProcedure.DownlinkNasTransport, S1apPdu.InitiatingMessage, context.SgwUser);
            ToEnb(context, at, S1apProcedure.UeContextRelease, S1apPdu.InitiatingMessage, null, source);
        }
        else ToEnb(context, at, S1apProcedure.PathSwitchRequest, S1apPdu.SuccessfulOutcome, context.SgwUser);
        if (context.OldSgw >= 0)
        {
            // §5.5.1.1.3 step 8: the source SGW releases its resources, and tells the PGW nothing (SI set, OI clear).
            DeleteSession(context.Ue, context.Procedure, context.OldSgw, context.OldSgwControl?.Teid ?? 0, GtpNode.DefaultBearer, scopeOnly: true,
                Run.Channel.Departure(at, here));
            (context.OldSgw, context.OldSgwControl) = (-1, null);
        }
        Idle(context, at);
    }

    /// <summary>§5.3.2.1 step 21: the eNB's S1-U end, which the SGW's downlink needs (Modify Bearer, step 23).</summary>
    void ContextSetUp(S1apMessage message)
    {
        if (!contexts.TryGetValue(message.Ue.Index, out var context) || context.Step != Step.SettingUpContext || message.Bearer is null) return;
        context.EnbUser = message.Bearer;
        ModifyBearer(context, Run.Channel.Departure(message.ArrivesAt, here));
    }

    /// <summary>
    /// A path switch or a Handover Required for a UE whose context (<paramref name="known"/>: one
    /// with its PDN address) has another procedure under way waits for it, queued. An S1 handover
    /// only being prepared is not waited for: a new move from another eNB makes it moot.
    /// </summary>
    bool WaitsBehindAnother(S1apMessage message, IActorRef sender, out bool known, out UeContext? context)
    {
        known = contexts.TryGetValue(message.Ue.Index, out context) && !context.Paa.IsNone;
        if (!known) return false;
        if (context!.Step is Step.PreparingHandover or Step.HandoverPrepared) context.Step = Step.Idle;
        if (context.Step == Step.Idle) return false;
        (context.Deferred ??= new()).Enqueue((message, sender));
        return true;
    }

    /// <summary>
    /// X2 handover (§5.5.1.1.2 step 1): the target eNB asks for the downlink. A UE that stayed in
    /// its tracking area keeps its SGW; in another one, the area's gateways are looked up first.
    /// </summary>
    void PathSwitch(S1apMessage message, IActorRef enb, ModelTime? taken = null)
    {
        if (WaitsBehindAnother(message, enb, out var known, out var context)) return;
        var departs = Run.Channel.Departure(ModelTime.Max(message.ArrivesAt, taken ?? ModelTime.Zero), here);
        if (!known || message.Location is not { } location || message.Bearer is null)
        {
            RefusePathSwitch(message, enb, departs);
            return;
        }
        var newArea = location.TrackingAreaCode != context!.Location.TrackingAreaCode;
        context.Before = (context.Enb, context.Enodeb, context.Location);
        (context.Enb, context.Enodeb, context.Location, context.Procedure, context.EnbUser) = (message.Enb, enb, location, message.Procedure, message.Bearer);
        context.NamedLocalGateway = message.LocalGateway?.Index ?? -1;
        // TS 23.401 §4.3.16: a UE that left its L-GW's HeNBs loses its LIPA connection before its bearers move.
        if (breakout == LocalBreakout.Lipa && context.LocalGateway >= 0 && context.NamedLocalGateway != context.LocalGateway)
            ReleaseLocal(context, departs);
        if (!newArea)
        {
            ModifyBearer(context, departs);
            return;
        }
        context.Step = Step.SelectingSgw;
        Query(context, departs, GatewayService.Sgw);
    }

    void ModifyBearer(UeContext context, ModelTime at)
    {
        context.Step = Step.ModifyingBearer;
        var (procedure, ue, location, enbUser) = (context.Procedure, context.Ue, context.Location, context.EnbUser);
        var sgwTeid = context.SgwControl?.Teid ?? 0;
        Request(context, context.Sgw, at, (sequence, sentAt) => new ModifyBearerRequest(procedure, sentAt, sgwTeid, sequence, GtpNode.DefaultBearer)
        {
            S1uEnodeB = enbUser, Location = location, SenderControl = gtp.Teid(GtpInterface.S11Mme, ue),
        });
    }

    /// <summary>The attach is complete (§5.3.2.1 step 24), or the path switched (§5.5.1.1.2 step 5: Path Switch Request Acknowledge).</summary>
    void OnModifyBearerResponse(ModifyBearerResponse response)
    {
        var ue = GtpNode.UeOf(response);
        retransmission.Answered(response.SequenceNumber);
        if (!contexts.TryGetValue(ue.Index, out var context) || context.Step != Step.ModifyingBearer || context.Awaited != response.SequenceNumber) return;
        var departs = Run.Channel.Departure(response.ArrivesAt, here);
        if (context.Procedure.Kind == ProcedureKind.Attach)
        {
            Idle(context, departs);
            return;
        }
        if (!response.Accepted)
        {
            context.Location = context.Before.Location;
            ToEnb(context, departs, S1apProcedure.PathSwitchRequest, S1apPdu.UnsuccessfulOutcome);
            Idle(context, departs);
            return;
        }
        context.SgwUser = response.S1uSgw ?? context.SgwUser;
        DefaultDone(context, departs);
    }

    /// <summary>The UE's procedure is over; a path switch or handover that came meanwhile is taken now, as if it arrived now.</summary>
    void Idle(UeContext context, ModelTime at)
    {
        (context.Step, context.S1Source) = (Step.Idle, null);
        if (context.Deferred is not { Count: > 0 } queue) return;
        var deferred = queue.Dequeue();
        if (deferred.Message.Code == S1apProcedure.HandoverPreparation) HandoverRequired(deferred.Message, deferred.Enb, at);
        else PathSwitch(deferred.Message, deferred.Enb, at);
    }

    /// <summary>Sends the UE's next GTP-C request to the gateway <paramref name="to"/>, numbered anew and awaited.</summary>
    void Request(UeContext context, int to, ModelTime at, Func<uint, ModelTime, Signal> build)
    {
        var sequence = context.Awaited = gtp.NextSequence();
        retransmission.Send(context.Ue.Index, sequence, at, sentAt => build(sequence, sentAt), Run.Directory.Anchors[to], Endpoint.Anchor(to), host.Self, here);
    }

    /// <summary>
    /// N3-REQUESTS went unanswered (TS 29.274 §7.6): the gateway is gone, and so is the procedure. An
    /// attach ends in an Attach Reject, a handover in a Path Switch Request Failure.
    /// </summary>
    void OnDeadline(GtpRetransmission.Deadline deadline)
    {
        if (retransmission.OnDeadline(deadline, host.Self, here, out var at)) return;
        if (!contexts.TryGetValue(deadline.Ue, out var context) || context.Awaited != deadline.Sequence || context.Step == Step.Idle) return;
        if (context.Step is Step.CreatingLocalSession or Step.RelocatingLocalSession)
        {
            // The local connection could not be set up: the UE goes on with its PGW's connection alone.
            (context.LocalGateway, context.LocalPaa, context.LocalControl, context.LocalUser) = (-1, Prefix64.None, null, null);
            Complete(context, at);
            return;
        }
        var attach = context.Procedure.Kind == ProcedureKind.Attach;
        if (attach) Forget(context, at);
        else context.Location = context.Before.Location;
        ToEnb(context, at, attach ? S1apProcedure.DownlinkNasTransport : S1apProcedure.PathSwitchRequest, S1apPdu.UnsuccessfulOutcome);
        if (!attach) Idle(context, at);
    }

    /// <summary>
    /// The UE's context goes (its attach failed, or it attached again): the path switches and handovers
    /// that waited on it are refused, so that no eNB waits on the UE for ever.
    /// </summary>
    void Forget(UeContext context, ModelTime at)
    {
        contexts.Remove(context.Ue.Index);
        while (context.Deferred is { Count: > 0 } queue)
        {
            var (message, enb) = queue.Dequeue();
            if (message.Code == S1apProcedure.HandoverPreparation) RefuseHandover(message, enb, at);
            else RefusePathSwitch(message, enb, at);
        }
    }

    /// <summary>
    /// A Delete Session Request for the PDN connection of bearer <paramref name="ebi"/> to an SGW, sent
    /// until answered: with the Scope Indication where only the SGW lets it go (a relocation's source),
    /// with the Operation Indication where the PGW is to be told (TS 29.274 §8.12).
    /// </summary>
    void DeleteSession(MnIdentifier ue, ProcedureRef procedure, int sgw, uint sgwTeid, byte ebi, bool scopeOnly, ModelTime at)
    {
        var sequence = gtp.NextSequence();
        retransmission.Send(ue.Index, sequence, at,
            sentAt => new DeleteSessionRequest(procedure, sentAt, sgwTeid, sequence, ebi) { ScopeIndication = scopeOnly, OperationIndication = !scopeOnly },
            Run.Directory.Anchors[sgw], Endpoint.Anchor(sgw), host.Self, here);
    }

    /// <summary>Path Switch Request Failure (TS 36.413 §8.4.4.3), or the refusal of an S1 handover's Handover Notify.</summary>
    void RefusePathSwitch(S1apMessage message, IActorRef enb, ModelTime at) =>
        Run.Signalling.Send(enb, Endpoint.AccessRouter(message.Enb),
            new S1apMessage(message.Procedure, at, S1apProcedure.PathSwitchRequest, S1apPdu.UnsuccessfulOutcome, message.Ue, message.Enb), host.Self, here);

    /// <summary>An S1-AP message about the UE to its eNB, or to <paramref name="to"/> (an S1 handover's target or source).</summary>
    void ToEnb(UeContext context, ModelTime at, S1apProcedure code, S1apPdu pdu, FullyQualifiedTeid? sgwUser = null, (int Enb, IActorRef Enodeb)? to = null)
    {
        var (enb, enodeb) = to ?? (context.Enb, context.Enodeb);
        Run.Signalling.Send(enodeb, Endpoint.AccessRouter(enb),
            new S1apMessage(context.Procedure, at, code, pdu, context.Ue, enb)
            {
                Bearer = pdu == S1apPdu.UnsuccessfulOutcome ? null : sgwUser,
                Paa = pdu == S1apPdu.UnsuccessfulOutcome ? Prefix64.None : context.Paa,
                LocalPaa = pdu == S1apPdu.UnsuccessfulOutcome ? Prefix64.None : context.LocalPaa,
            }, host.Self, here);
    }

    void Send(IActorRef to, Endpoint toAt, Signal message) => Run.Signalling.Send(to, toAt, message, host.Self, here);

    public bool Redirected(Prefix64 prefix, object message, IActorRef sender) => false;
    public bool Intercepts(BindingUpdate bu, IActorRef sender) => false;
    public Action? Decided(BindingDecision decision, ProxyBindingUpdate pbu, ModelTime processedAt) => null;
}
