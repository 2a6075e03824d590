using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Practices.Epc;

/// <summary>
/// The SGW (TS 23.401 §4.4.3.2): the local mobility anchor for handovers between eNBs. Its binding
/// cache holds, for each UE whose PDN connection it serves, the eNB at the other end of the S1-U
/// tunnels, keyed as an HMIPv6 MAP keys a regional care-of address; a Modify Bearer Request from
/// the MME moves it (X2 handover), a Create Session Request with the eNB's F-TEID makes it at a
/// new SGW (SGW relocation), a Delete Session Request ends it. It relays a new session's creation
/// to the PGW and the PGW's answer to the MME. A UE's second PDN connection, for offloadable
/// traffic, shares the entry (its bearer ends at the same eNB): under SIPTO its PGW is this node's
/// own (TS 23.401 §4.3.15.2), which answers at once with the prefix this node delegates to the UE;
/// under LIPA it is the L-GW of the UE's HeNB, to which the SGW relays the session's requests and
/// reports the UE's new location when its eNB changes (§5.5.1.1.2 step 3).
/// </summary>
public sealed class ServingGateway : IAnchorComponent
{
    /// <summary>
    /// A PDN connection being set up here: the MME's request this SGW answers once the PGW has
    /// answered its own (and that request's sequence number), and the downlink packets held until
    /// the eNB's end is known. Once the bearer is bound, the binding cache is the context (§5.7.3,
    /// much reduced): it is journalled, and a session exists here while its entry is active.
    /// </summary>
    sealed class Pending(IGtpControlMessage request, IActorRef mme, uint sequence)
    {
        public IGtpControlMessage Request { get; } = request;
        public IActorRef Mme { get; } = mme;
        public uint Sequence { get; } = sequence;
        public bool Answered { get; set; }
        public List<DataPacket>? Held { get; set; }
    }

    readonly IAnchorHost host;
    readonly GtpNode gtp;
    readonly int capacity;
    readonly Endpoint here, mmeAt;
    /// <summary>Requests under way, by UE and EPS bearer: the default bearer's and the local connection's may be under way at once.</summary>
    readonly Dictionary<(int Ue, byte Ebi), Pending> pending = new();
    /// <summary>The L-GW's S5 control F-TEID of each UE with a LIPA PDN connection here: where its location changes and its release go.</summary>
    readonly Dictionary<int, FullyQualifiedTeid> localGateways = new();
    readonly GtpRetransmission retransmission;
    /// <summary>When each UE that attached through this SGW got its S1-U downlink: a packet that reached the SGW before then, in model time, waited for it.</summary>
    readonly Dictionary<int, ModelTime> downlinkFrom = new();

    public ServingGateway(IAnchorHost host, EpcLayout layout, EpcSettings settings)
    {
        (this.host, capacity, here, mmeAt) = (host, settings.SgwSessions, Endpoint.Anchor(host.Index), Endpoint.Anchor(layout.Mme));
        gtp = new GtpNode(here);
        // Fewer tries than the MME makes, so that the SGW's answer of 100 reaches it before it gives up on the SGW itself.
        retransmission = new GtpRetransmission(host.Run, host.ScheduleToSelf, n3Requests: 2);
        host.Handle<GtpRetransmission.Deadline>((deadline, _) => OnDeadline(deadline));
        host.Handle<CreateSessionRequest>(OnCreateSession);
        host.Handle<CreateSessionResponse>(OnCreateSessionResponse);
        host.Handle<ModifyBearerRequest>(OnModifyBearer);
        host.Handle<ModifyBearerResponse>(OnModifyBearerResponse);
        host.Handle<DeleteSessionRequest>(OnDeleteSession);
        host.Handle<DeleteSessionResponse>((response, _) => retransmission.Answered(response.SequenceNumber));
        host.Forwarding.EncapsulateWith((_, _) => Encapsulation.GtpU);
    }

    static (int, byte) Default(MnIdentifier ue) => (ue.Index, GtpNode.DefaultBearer);

    /// <summary>TS 23.401 §5.3.2.1 step 12 (an attach: on to the PGW), or §5.5.1.1.3 step 3 (this SGW takes over a UE's connection).</summary>
    void OnCreateSession(CreateSessionRequest request, IActorRef mme)
    {
        var ue = request.Imsi;
        var key = (ue.Index, request.Ebi);
        // TS 29.274 §7.6: the MME's retransmission of a request under way; its answer is on its way once the PGW's comes.
        if (pending.TryGetValue(key, out var under) && under.Request.SequenceNumber == request.SequenceNumber) return;
        var departs = host.Run.Channel.Departure(request.ArrivesAt, here);
        if (capacity > 0 && !Serves(ue) && Sessions >= capacity || request.PgwControl is not { } pgwControl)
        {
            // TS 29.274 §8.4: 73 once full; a request without the PGW's address is one the SGW cannot act on.
            var cause = request.PgwControl is null ? GtpCause.RequestRejected : GtpCause.NoResourcesAvailable;
            host.Run.Recorder.Counters.Add(Metrics.Counter.RegistrationsShed);
            Send(mme, mmeAt, new CreateSessionResponse(request.Procedure, departs, request.SenderControl.Teid, request.SequenceNumber, cause)
                { Ebi = request.Ebi, BearerCause = cause });
            return;
        }
        var pgw = pgwControl.Node.Index;
        if (pgw == host.Index)
        {
            AnswerAsSiptoPgw(request, mme, departs);
            return;
        }
        var sequence = gtp.NextSequence();
        pending[key] = new Pending(request, mme, sequence);
        var pgwRef = host.Run.Directory.Anchors[pgw];
        // A new PDN connection: the attach's, or a local one set up after a move, its eNB's end known then.
        if (request.S1uEnodeB is not { } enb || request.S5S8uPgw is null)
        {
            retransmission.Send(ue.Index, sequence, departs, sentAt => new CreateSessionRequest(request.Procedure, sentAt, 0, sequence, ue,
                gtp.Teid(GtpInterface.S5S8cSgw, ue), request.Ebi, request.Location) { S5S8uSgw = gtp.Teid(GtpInterface.S5S8uSgw, ue) },
                pgwRef, pgwControl.Node, host.Self, here);
            return;
        }
        // Relocation: the eNB's end is known, so the downlink is; the PGW is told next (§5.5.1.1.3 step 4).
        void ToPgw() => retransmission.Send(ue.Index, sequence, departs,
            sentAt => new ModifyBearerRequest(request.Procedure, sentAt, pgwControl.Teid, sequence, request.Ebi)
            {
                SenderControl = gtp.Teid(GtpInterface.S5S8cSgw, ue), S5S8uSgw = gtp.Teid(GtpInterface.S5S8uSgw, ue), Location = request.Location,
            }, pgwRef, pgwControl.Node, host.Self, here);
        // A local connection moved after the default one shares the entry that one bound.
        if (request.Ebi != GtpNode.DefaultBearer)
        {
            ToPgw();
            return;
        }
        var decision = host.Cache.Decide(Bind(ue, enb.Node.Index, request.ArrivesAt));
        if (decision.Event is null)
        {
            pending.Remove(key);
            Answer(mme, request, departs, GtpCause.RequestRejected, GtpCause.RequestRejected, null, Prefix64.None, null);
            return;
        }
        host.PersistThen(decision.Event, ToPgw);
    }

    /// <summary>
    /// TS 23.401 §4.3.15.2: this node is the SIPTO PGW too. The SIPTO PDN connection is the UE's
    /// context here, journalled with it, and its prefix the one this node delegates to the UE; the S5
    /// between the two functions is inside the node, so nothing goes on the wire for it.
    /// </summary>
    void AnswerAsSiptoPgw(CreateSessionRequest request, IActorRef mme, ModelTime at)
    {
        var ue = request.Imsi;
        if (!Serves(ue))
        {
            Answer(mme, request, at, GtpCause.ContextNotFound, GtpCause.ContextNotFound, null, Prefix64.None, null);
            return;
        }
        Answer(mme, request, at, GtpCause.RequestAccepted, GtpCause.RequestAccepted, gtp.Teid(GtpInterface.S5S8cPgw, ue), host.Cache.DelegatedTo(ue),
            gtp.Teid(GtpInterface.S5S8uPgw, ue));
    }

    /// <summary>The PGW's answer to a new session (§5.3.2.1 step 15, §5.10.2 step 6): relayed to the MME with this SGW's S1-U end.</summary>
    void OnCreateSessionResponse(CreateSessionResponse response, IActorRef pgw)
    {
        retransmission.Answered(response.SequenceNumber);
        var ue = GtpNode.UeOf(response);
        var key = (ue.Index, response.Ebi);
        if (!pending.TryGetValue(key, out var awaiting) || awaiting.Answered || awaiting.Request is not CreateSessionRequest request
            || awaiting.Sequence != response.SequenceNumber) return;
        awaiting.Answered = true;
        // Only an attach's default bearer waits on here, for the eNB's end (Modify Bearer, §5.3.2.1 step 23).
        if (!response.Accepted || request.Ebi != GtpNode.DefaultBearer) pending.Remove(key);
        if (response.Accepted && request.Ebi == GtpNode.LocalBearer && response.SenderControl is { } localGateway) localGateways[ue.Index] = localGateway;
        var departs = host.Run.Channel.Departure(response.ArrivesAt, here);
        Answer(awaiting.Mme, request, departs, response.Cause, response.BearerCause, response.SenderControl, response.Paa, response.S5S8uPgw);
    }

    /// <summary>
    /// The PGW's answer to a relocated session's Modify Bearer (§5.5.1.1.3 step 4): the MME's Create
    /// Session is answered; or the L-GW's to the UE's new location (§5.5.1.1.2 step 4): the MME's Modify Bearer is.
    /// </summary>
    void OnModifyBearerResponse(ModifyBearerResponse response, IActorRef pgw)
    {
        retransmission.Answered(response.SequenceNumber);
        var ue = GtpNode.UeOf(response);
        var key = (ue.Index, response.Ebi);
        if (!pending.TryGetValue(key, out var awaiting) || awaiting.Sequence != response.SequenceNumber) return;
        pending.Remove(key);
        var departs = host.Run.Channel.Departure(response.ArrivesAt, here);
        if (awaiting.Request is ModifyBearerRequest moved)
        {
            AnswerModifyBearer(awaiting.Mme, moved, departs);
            return;
        }
        if (awaiting.Request is not CreateSessionRequest request) return;
        // A PGW that refuses to move the downlink leaves it where it was: the bearer bound here for the relocation goes.
        if (!response.Accepted && request.Ebi == GtpNode.DefaultBearer) Release(ue, response.ArrivesAt);
        if (response.Accepted && request.Ebi == GtpNode.LocalBearer && request.PgwControl is { } localGateway) localGateways[ue.Index] = localGateway;
        Answer(awaiting.Mme, request, departs, response.Cause, response.BearerCause, request.PgwControl, request.Paa, request.S5S8uPgw);
    }

    /// <summary>
    /// The PGW answered none of N3-REQUESTS (TS 29.274 §7.6): the MME's Create Session is refused with
    /// 100, "Remote peer not responding", and a relocated bearer bound here is let go again.
    /// </summary>
    void OnDeadline(GtpRetransmission.Deadline deadline)
    {
        if (retransmission.OnDeadline(deadline, host.Self, here, out var at)) return;
        foreach (var ebi in (ReadOnlySpan<byte>)[GtpNode.DefaultBearer, GtpNode.LocalBearer])
        {
            var key = (deadline.Ue, ebi);
            if (!pending.TryGetValue(key, out var awaiting) || awaiting.Sequence != deadline.Sequence) continue;
            pending.Remove(key);
            // The L-GW did not hear of the UE's new eNB: the default bearer moved all the same, and the MME is told so.
            if (awaiting.Request is ModifyBearerRequest moved) AnswerModifyBearer(awaiting.Mme, moved, at);
            else if (awaiting.Request is CreateSessionRequest request)
            {
                if (request.S1uEnodeB is not null && ebi == GtpNode.DefaultBearer) Release(new MnIdentifier(deadline.Ue), at);
                const GtpCause cause = GtpCause.RemotePeerNotResponding;
                Answer(awaiting.Mme, request, at, cause, cause, null, Prefix64.None, null);
            }
            return;
        }
    }

    /// <summary>The MME's Create Session Request answered: with this SGW's S11 and S1-U ends where it was accepted, the PGW's ends and the UE's address.</summary>
    void Answer(IActorRef mme, CreateSessionRequest request, ModelTime at, GtpCause cause, GtpCause bearerCause,
        FullyQualifiedTeid? pgwControl, Prefix64 paa, FullyQualifiedTeid? pgwUser)
    {
        var ue = request.Imsi;
        var accepted = cause == GtpCause.RequestAccepted;
        Send(mme, mmeAt, new CreateSessionResponse(request.Procedure, at, request.SenderControl.Teid, request.SequenceNumber, cause)
        {
            SenderControl = accepted ? gtp.Teid(GtpInterface.S11Sgw, ue) : null,
            PgwControl = pgwControl,
            Paa = paa,
            Ebi = request.Ebi,
            BearerCause = bearerCause,
            S1uSgw = accepted ? gtp.Teid(GtpInterface.S1uSgw, ue) : null,
            S5S8uPgw = pgwUser,
        });
    }

    /// <summary>§5.3.2.1 step 23, §5.5.1.1.2 step 2: the MME points the downlink at the eNB the UE is on now.</summary>
    void OnModifyBearer(ModifyBearerRequest request, IActorRef mme)
    {
        var ue = GtpNode.UeOf(request);
        var departs = host.Run.Channel.Departure(request.ArrivesAt, here);
        // The MME's S11 TEID, which its Sender F-TEID names.
        var mmeTeid = request.SenderControl?.Teid ?? 0;
        var movedFrom = host.Cache.TryGet(host.Cache.DelegatedTo(ue), out var entry) && entry.State == BindingState.Active ? entry.CareOf : -1;
        var decision = Serves(ue) && request.S1uEnodeB is { } enb ? host.Cache.Decide(Bind(ue, enb.Node.Index, request.ArrivesAt)) : (BindingDecision?)null;
        if (decision?.Event is not { } bound)
        {
            var cause = decision is null ? GtpCause.ContextNotFound : GtpCause.RequestRejected;
            Send(mme, mmeAt, new ModifyBearerResponse(request.Procedure, departs, mmeTeid, request.SequenceNumber, cause, request.Ebi));
            return;
        }
        var toLocalGateway = movedFrom >= 0 && movedFrom != request.S1uEnodeB!.Value.Node.Index && localGateways.TryGetValue(ue.Index, out var lgw) ? lgw : (FullyQualifiedTeid?)null;
        host.PersistThen(bound, () =>
        {
            if (toLocalGateway is not { } localGateway)
            {
                AnswerModifyBearer(mme, request, departs);
                return;
            }
            // §5.5.1.1.2 step 3: the UE's new location reported to the L-GW, whose direct path to the HeNBs follows it.
            var sequence = gtp.NextSequence();
            pending[(ue.Index, GtpNode.LocalBearer)] = new Pending(request, mme, sequence);
            retransmission.Send(ue.Index, sequence, departs, sentAt => new ModifyBearerRequest(request.Procedure, sentAt, localGateway.Teid, sequence, GtpNode.LocalBearer)
                { SenderControl = gtp.Teid(GtpInterface.S5S8cSgw, ue), Location = request.Location },
                host.Run.Directory.Anchors[localGateway.Node.Index], localGateway.Node, host.Self, here);
        });
        if (pending.TryGetValue(Default(ue), out var attach) && attach.Request is CreateSessionRequest { S1uEnodeB: null })
        {
            pending.Remove(Default(ue));
            // §5.3.2.1 step 23: the Modify Bearer Response sent, the SGW sends what it buffered.
            downlinkFrom[ue.Index] = departs;
            foreach (var packet in attach.Held ?? []) host.Forwarding.Forward(host.Run.Channel.HoldUntil(packet, departs));
        }
    }

    void AnswerModifyBearer(IActorRef mme, ModifyBearerRequest request, ModelTime at)
    {
        var ue = GtpNode.UeOf(request);
        Send(mme, mmeAt, new ModifyBearerResponse(request.Procedure, at, request.SenderControl?.Teid ?? 0, request.SequenceNumber, GtpCause.RequestAccepted, request.Ebi)
            { S1uSgw = gtp.Teid(GtpInterface.S1uSgw, ue) });
    }

    /// <summary>
    /// §5.5.1.1.3 step 8: after a relocation the source SGW lets the UE's sessions go, without telling
    /// the PGW (SI set, OI clear). A local connection's release (§5.10.3) goes on to its L-GW; one at
    /// this node's own SIPTO PGW ends with nothing more to tell, its prefix gone with the context.
    /// </summary>
    void OnDeleteSession(DeleteSessionRequest request, IActorRef mme)
    {
        var ue = GtpNode.UeOf(request);
        var departs = host.Run.Channel.Departure(request.ArrivesAt, here);
        if (request.LinkedEbi == GtpNode.LocalBearer)
        {
            ReleaseLocal(request, ue, departs);
            // Answered without waiting for the L-GW's: the MME sets the UE's next local connection up meanwhile, through this SGW.
            Send(mme, mmeAt, new DeleteSessionResponse(request.Procedure, departs, GtpTeids.Bearer(ue), request.SequenceNumber,
                Serves(ue) ? GtpCause.RequestAccepted : GtpCause.ContextNotFound));
            return;
        }
        pending.Remove(Default(ue));
        pending.Remove((ue.Index, GtpNode.LocalBearer));
        localGateways.Remove(ue.Index);
        downlinkFrom.Remove(ue.Index);
        var known = host.Deleting(ue, request.ArrivesAt, out var deletion);
        var response = new DeleteSessionResponse(request.Procedure, departs, GtpTeids.Bearer(ue), request.SequenceNumber,
            known ? GtpCause.RequestAccepted : GtpCause.ContextNotFound);
        host.AfterDurable(deletion, () => Send(mme, mmeAt, response));
    }

    /// <summary>§5.10.3 step 3: the LIPA connection's release, sent on to its L-GW, which lets the UE's local prefix go.</summary>
    void ReleaseLocal(DeleteSessionRequest request, MnIdentifier ue, ModelTime at)
    {
        if (!localGateways.Remove(ue.Index, out var localGateway)) return;
        var sequence = gtp.NextSequence();
        retransmission.Send(ue.Index, sequence, at, sentAt => new DeleteSessionRequest(request.Procedure, sentAt, localGateway.Teid, sequence, GtpNode.LocalBearer),
            host.Run.Directory.Anchors[localGateway.Node.Index], localGateway.Node, host.Self, here);
    }

    /// <summary>Ends the bearer bound here for the UE (a relocation that did not happen), as a de-registration ends a binding.</summary>
    void Release(MnIdentifier ue, ModelTime at)
    {
        if (host.Deleting(ue, at, out var deletion) && deletion is not null) host.PersistThen(deletion, () => { });
    }

    /// <summary>The UE's bearer here bound to the eNB at the other end of S1-U; keyed by the UE, as a MAP keys an RCoA.</summary>
    static BindingRequest Bind(MnIdentifier ue, int enb, ModelTime arrival) => BearerContexts.Bind(ue, Prefix64.None, enb, arrival);

    void Send(IActorRef to, Endpoint toAt, Signal message) => host.Run.Signalling.Send(to, toAt, message, host.Self, here);

    /// <summary>A downlink packet for a UE whose S1-U downlink does not exist yet waits for it; one that reached the SGW before it did, in model time, waits until then.</summary>
    public bool Redirected(Prefix64 prefix, object message, IActorRef sender)
    {
        if (message is not DataPacket { Uplink: false } packet) return false;
        if (pending.TryGetValue(Default(packet.Destination), out var attach) && attach.Request is CreateSessionRequest { S1uEnodeB: null })
        {
            (attach.Held ??= new()).Add(packet);
            return true;
        }
        if (!downlinkFrom.TryGetValue(packet.Destination.Index, out var from) || packet.ArrivesAt >= from) return false;
        host.Forwarding.Forward(host.Run.Channel.HoldUntil(packet, from));
        return true;
    }

    /// <summary>
    /// §5.3.2.1: the eNB sends uplink on the SGW's S1-U TEID from the Initial Context Setup on, before
    /// the SGW knows the eNB's end: the SGW takes it for a session it is setting up, and sends it on to the PGW.
    /// </summary>
    public bool TakesUplink(DataPacket packet)
    {
        if (!pending.TryGetValue(Default(packet.SourceNode), out var attach) || !attach.Answered) return false;
        if (attach.Request is not CreateSessionRequest { PgwControl: { } pgw }) return false;
        if (packet.SourcePrefix.PoolAnchor == host.Index)
        {
            // From the UE's SIPTO prefix: this node is its PGW, and sends it on.
            DataPlane.Forwarded(host.Run, host.Index, packet, tunnelled: false);
            Uplink.ToCorrespondent(host.Run, packet, here);
            return true;
        }
        DataPlane.Forwarded(host.Run, host.Index, packet, tunnelled: true);
        Uplink.ToAnchor(host.Run, packet, here, pgw.Node.Index, CareOfAddress.Regional(host.Index, host.Run.Topology.AccessRouters), header: Encapsulation.GtpU);
        return true;
    }

    /// <summary>Whether the SGW holds a session for the UE: one being set up, or a bound bearer.</summary>
    bool Serves(MnIdentifier ue) =>
        pending.ContainsKey(Default(ue)) || host.Cache.TryGet(host.Cache.DelegatedTo(ue), out var entry) && entry.State == BindingState.Active;

    /// <summary>The UEs this SGW serves: the bound bearers and the attaches being set up.</summary>
    int Sessions => host.Cache.ActiveBindings + pending.Count(p => p.Value.Request is CreateSessionRequest { S1uEnodeB: null, Ebi: GtpNode.DefaultBearer });

    public bool Intercepts(BindingUpdate bu, IActorRef sender) => false;
    public Action? Decided(BindingDecision decision, ProxyBindingUpdate pbu, ModelTime processedAt) => null;
}
