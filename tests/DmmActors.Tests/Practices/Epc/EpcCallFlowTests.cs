using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Practices.Epc;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Practices.Epc;

/// <summary>
/// TS 23.401's call flows with the practice's real eNBs, MME, DNS, SGWs and PGW, probes standing in
/// for the UEs: Figure 5.3.2.1-1 (attach), Figure 5.5.1.1.2-1 (X2 handover), Figure 5.5.1.1.3-1 (X2
/// handover with SGW relocation), a Create Session Request a PGW refuses, and a handover to an eNB
/// whose SGW refuses the session.
/// </summary>
[Collection("actors")]
public class EpcCallFlowTests : EpcCallFlows
{
    [Fact]
    public void Attach_selects_the_gateways_by_DNS_creates_the_session_through_the_SGW_and_points_the_downlink_at_the_eNB()
    {
        Start(trackingAreaSide: 3);
        var ra = Assert.IsType<RouterAdvertisement>(Arrive(0, enb: 4, number: 1));
        Assert.Equal(Prefix64.Delegated(0, 0), ra.Prefix);
        // Figure 5.3.2.1-1: Initial UE Message; the SGW and PGW of the tracking area by S-NAPTR; Create Session
        // MME → SGW → PGW and back; Initial Context Setup (the Attach Accept); its response; Modify Bearer.
        Assert.Equal([SignalType.S1ap, SignalType.GatewayQuery, SignalType.GatewayQuery, SignalType.GatewayAnswer, SignalType.GatewayAnswer,
            SignalType.CreateSessionRequest, SignalType.CreateSessionRequest, SignalType.CreateSessionResponse, SignalType.CreateSessionResponse,
            SignalType.S1ap, SignalType.RouterAdvertisement, SignalType.S1ap], TypesOf(Procedure(0, 1)).Take(12));
        AwaitAssert(() => Assert.Equal([SignalType.ModifyBearerRequest, SignalType.ModifyBearerResponse], TypesOf(Procedure(0, 1)).Skip(12)));
        var s1ap = Sent<S1apMessage>(Procedure(0, 1));
        Assert.Equal([(S1apProcedure.InitialUeMessage, S1apPdu.InitiatingMessage), (S1apProcedure.InitialContextSetup, S1apPdu.InitiatingMessage),
            (S1apProcedure.InitialContextSetup, S1apPdu.SuccessfulOutcome)], s1ap.Select(m => (m.Code, m.Pdu)));
        var sgw = NearestSgw(4);
        var (toSgw, toPgw) = (Sent<CreateSessionRequest>(Procedure(0, 1))[0], Sent<CreateSessionRequest>(Procedure(0, 1))[1]);
        Assert.Equal((GtpInterface.S11Mme, 0), (toSgw.SenderControl.Interface, toSgw.PgwControl!.Value.Node.Index));
        Assert.Equal((GtpInterface.S5S8cSgw, GtpInterface.S5S8uSgw, sgw), (toPgw.SenderControl.Interface, toPgw.S5S8uSgw!.Value.Interface, toPgw.SenderControl.Node.Index));
        Assert.Equal(GtpInterface.S1uSgw, s1ap[1].Bearer!.Value.Interface);
        var modify = Assert.Single(Sent<ModifyBearerRequest>(Procedure(0, 1)));
        Assert.Equal((GtpInterface.S1uEnodeB, 4), (modify.S1uEnodeB!.Value.Interface, modify.S1uEnodeB.Value.Node.Index));
        // The PGW binds the prefix to the SGW's S5/S8 end; the SGW the UE's bearer to the eNB's S1-U end.
        Assert.Equal(Regional(sgw), EntryOf(0, 0).CareOf);
        AwaitAssert(() => Assert.Equal(4, EntryOf(sgw, 0).CareOf));
    }

    [Fact]
    public void An_X2_handover_in_the_same_tracking_area_switches_the_path_at_the_SGW_and_keeps_the_prefix()
    {
        Start(trackingAreaSide: 3);
        Arrive(0, enb: 4, number: 1);
        AwaitAssert(() => Assert.Single(Sent<ModifyBearerResponse>(Procedure(0, 1))));
        var ra = Assert.IsType<RouterAdvertisement>(Arrive(0, enb: 5, number: 2, from: 4));
        Assert.Equal(Prefix64.Delegated(0, 0), ra.Prefix);
        // Figure 5.5.1.1.2-1: Path Switch Request, Modify Bearer with the target's S1-U end, Path Switch Request Acknowledge; no DNS.
        Assert.Equal([SignalType.S1ap, SignalType.ModifyBearerRequest, SignalType.ModifyBearerResponse, SignalType.S1ap, SignalType.RouterAdvertisement],
            TypesOf(Procedure(0, 2)));
        Assert.Equal([(S1apProcedure.PathSwitchRequest, S1apPdu.InitiatingMessage), (S1apProcedure.PathSwitchRequest, S1apPdu.SuccessfulOutcome)],
            Sent<S1apMessage>(Procedure(0, 2)).Select(m => (m.Code, m.Pdu)));
        var sgw = NearestSgw(4);
        Assert.Equal(5, EntryOf(sgw, 0).CareOf);
        Assert.Equal(Regional(sgw), EntryOf(0, 0).CareOf);
    }

    [Fact]
    public void An_X2_handover_into_another_SGWs_area_relocates_the_SGW_and_the_source_SGW_lets_the_session_go()
    {
        Start(trackingAreaSide: 1);
        var (from, to) = AcrossSgws();
        var (source, target) = (NearestSgw(from), NearestSgw(to));
        Arrive(0, from, number: 1);
        AwaitAssert(() => Assert.Single(Sent<ModifyBearerResponse>(Procedure(0, 1))));
        var ra = Assert.IsType<RouterAdvertisement>(Arrive(0, to, number: 2, from: from));
        Assert.Equal(Prefix64.Delegated(0, 0), ra.Prefix);
        // Figure 5.5.1.1.3-1: Path Switch Request; the new area's SGW by DNS; Create Session at the target SGW, which
        // has the PGW point the downlink at it (Modify Bearer); Path Switch Request Acknowledge; Delete Session at the source.
        Assert.Equal([SignalType.S1ap, SignalType.GatewayQuery, SignalType.GatewayAnswer, SignalType.CreateSessionRequest, SignalType.ModifyBearerRequest,
            SignalType.ModifyBearerResponse, SignalType.CreateSessionResponse, SignalType.S1ap], TypesOf(Procedure(0, 2)).Take(8));
        AwaitAssert(() => Assert.Equal(
            new[] { SignalType.DeleteSessionRequest, SignalType.DeleteSessionResponse, SignalType.RouterAdvertisement }.Order(),
            TypesOf(Procedure(0, 2)).Skip(8).Order()));
        var create = Assert.Single(Sent<CreateSessionRequest>(Procedure(0, 2)));
        Assert.Equal((to, GtpInterface.S5S8uPgw, Prefix64.Delegated(0, 0)), (create.S1uEnodeB!.Value.Node.Index, create.S5S8uPgw!.Value.Interface, create.Paa));
        var modify = Assert.Single(Sent<ModifyBearerRequest>(Procedure(0, 2)));
        Assert.Equal((GtpInterface.S5S8uSgw, target), (modify.S5S8uSgw!.Value.Interface, modify.S5S8uSgw.Value.Node.Index));
        var delete = Assert.Single(Sent<DeleteSessionRequest>(Procedure(0, 2)));
        Assert.True(delete.ScopeIndication && !delete.OperationIndication);
        Assert.Equal(Regional(target), EntryOf(0, 0).CareOf);
        Assert.Equal(to, EntryOf(target, 0).CareOf);
        AwaitAssert(() => Assert.Equal(BindingState.DeregistrationPending, EntryOf(source, 0).State));
    }

    (S1apProcedure, S1apPdu)[] S1apOf(ProcedureRef procedure) => Sent<S1apMessage>(procedure).Select(m => (m.Code, m.Pdu)).ToArray();

    /// <summary>The UE's measurement report at <paramref name="source"/>: it is to leave for <paramref name="target"/> (an L2 trigger, TS 36.331 §5.5).</summary>
    void Report(int source, int target, int number) =>
        run.Directory.AccessRouters[source].Tell(new HandoverIndication(Procedure(0, number), ModelTime.FromSeconds(10 * number) - ModelTime.FromMilliseconds(100), new MnIdentifier(0), target));

    [Fact]
    public void An_S1_handover_between_eNBs_without_X2_is_prepared_from_the_source_and_switches_the_path_on_the_targets_Handover_Notify()
    {
        Start(trackingAreaSide: 3, limits: ", x2-share = 0");
        Arrive(0, enb: 4, number: 1);
        AwaitAssert(() => Assert.Single(Sent<ModifyBearerResponse>(Procedure(0, 1))));
        Report(source: 4, target: 5, number: 2);
        // Figure 5.5.1.2.2-1 steps 1–7: Handover Required, Handover Request to the target, its Acknowledge, Handover Command to the source.
        AwaitAssert(() => Assert.Equal([(S1apProcedure.HandoverPreparation, S1apPdu.InitiatingMessage), (S1apProcedure.HandoverResourceAllocation, S1apPdu.InitiatingMessage),
            (S1apProcedure.HandoverResourceAllocation, S1apPdu.SuccessfulOutcome), (S1apProcedure.HandoverPreparation, S1apPdu.SuccessfulOutcome)], S1apOf(Procedure(0, 2))));
        var sgw = NearestSgw(4);
        var request = Sent<S1apMessage>(Procedure(0, 2))[1];
        Assert.Equal((5, GtpInterface.S1uSgw, sgw), (request.Enb, request.Bearer!.Value.Interface, request.Bearer.Value.Node.Index));
        var ra = Assert.IsType<RouterAdvertisement>(Arrive(0, enb: 5, number: 2, from: 4));
        Assert.Equal(Prefix64.Delegated(0, 0), ra.Prefix);
        // Steps 12–19: Handover Notify with the target's S1-U end, Modify Bearer, and the source's UE Context Release; no Path Switch Request.
        AwaitAssert(() => Assert.Equal([(S1apProcedure.HandoverNotification, S1apPdu.InitiatingMessage), (S1apProcedure.DownlinkNasTransport, S1apPdu.InitiatingMessage),
            (S1apProcedure.UeContextRelease, S1apPdu.InitiatingMessage), (S1apProcedure.UeContextRelease, S1apPdu.SuccessfulOutcome)], S1apOf(Procedure(0, 2)).Skip(4)));
        Assert.Equal([SignalType.ModifyBearerRequest, SignalType.ModifyBearerResponse], TypesOf(Procedure(0, 2)).Where(t => t != SignalType.S1ap && t != SignalType.RouterAdvertisement));
        Assert.Equal((GtpInterface.S1uEnodeB, 5), (Sent<ModifyBearerRequest>(Procedure(0, 2))[0].S1uEnodeB!.Value.Interface, Sent<ModifyBearerRequest>(Procedure(0, 2))[0].S1uEnodeB!.Value.Node.Index));
        Assert.Equal(5, EntryOf(sgw, 0).CareOf);
    }

    [Fact]
    public void A_UE_that_reaches_the_target_before_its_S1_handover_is_prepared_there_waits_for_the_preparation()
    {
        Start(trackingAreaSide: 3, limits: ", x2-share = 0");
        Arrive(0, enb: 4, number: 1);
        AwaitAssert(() => Assert.Single(Sent<ModifyBearerResponse>(Procedure(0, 1))));
        Report(source: 4, target: 5, number: 2);
        // The link layer names the cell the UE left as it comes up on the target, before its RS: no waiting for the Handover Command.
        run.Directory.AccessRouters[5].Tell(new LinkAssociated(Procedure(0, 2), ModelTime.FromSeconds(20), new MnIdentifier(0), 4));
        var ra = Assert.IsType<RouterAdvertisement>(Arrive(0, enb: 5, number: 2, from: 4));
        Assert.Equal(Prefix64.Delegated(0, 0), ra.Prefix);
        Assert.DoesNotContain((S1apProcedure.PathSwitchRequest, S1apPdu.InitiatingMessage), S1apOf(Procedure(0, 2)));
        Assert.Contains((S1apProcedure.HandoverNotification, S1apPdu.InitiatingMessage), S1apOf(Procedure(0, 2)));
        AwaitAssert(() => Assert.Equal(5, EntryOf(NearestSgw(4), 0).CareOf));
    }

    [Fact]
    public void A_Create_Session_Request_no_SGW_answers_is_sent_again_with_its_sequence_number_N3_times_and_the_attach_then_rejected()
    {
        Start(trackingAreaSide: 3, signallingTimeout: TimeSpan.FromMilliseconds(300));
        var sgw = NearestSgw(4);
        var silent = CreateTestProbe("silent-sgw");
        run.Directory.Anchors[sgw] = silent.Ref;
        run.Directory.AccessRouters[4].Tell(new RouterSolicitation(Procedure(0, 1), ModelTime.FromSeconds(10), new MnIdentifier(0))
            .Over(run, Endpoint.MobileNode(new MnIdentifier(0), 4), Endpoint.AccessRouter(4)), ues[0].Ref);
        // TS 29.274 §7.6: the first request, then N3-REQUESTS (3) more, each T3-RESPONSE (3 s of model time) after the last, one sequence number.
        // The first comes after the attach's DNS queries; on a machine loaded by the rest of the suite that took more than 5 s once.
        var requests = Enumerable.Range(0, 4).Select(_ => silent.ExpectMsg<CreateSessionRequest>(TimeSpan.FromSeconds(15))).ToArray();
        Assert.Single(requests.Select(r => r.SequenceNumber).Distinct());
        Assert.Equal([3.0, 3.0, 3.0], requests.Zip(requests.Skip(1), (a, b) => (b.SentAt - a.SentAt).Seconds));
        var rejected = ues[0].ExpectMsg<RegistrationRejected>(TimeSpan.FromSeconds(15));
        Assert.Equal(Procedure(0, 1), rejected.Procedure);
        var reject = Sent<S1apMessage>(Procedure(0, 1)).Last();
        Assert.Equal((S1apProcedure.DownlinkNasTransport, S1apPdu.UnsuccessfulOutcome), (reject.Code, reject.Pdu));
    }

    [Fact]
    public void A_Create_Session_Request_the_PGW_has_no_resources_for_is_refused_and_the_attach_rejected()
    {
        Start(trackingAreaSide: 3, limits: ", pgw-sessions = 1");
        Assert.IsType<RouterAdvertisement>(Arrive(0, enb: 4, number: 1));
        var rejected = Assert.IsType<RegistrationRejected>(Arrive(1, enb: 4, number: 1));
        Assert.Equal(BindingStatus.InsufficientResources, rejected.Status);
        // TS 29.274 §8.4: cause 73 from the PGW, relayed by the SGW; the MME's Attach Reject in a Downlink NAS Transport.
        Assert.All(Sent<CreateSessionResponse>(Procedure(1, 1)), r => Assert.Equal(GtpCause.NoResourcesAvailable, r.Cause));
        Assert.Equal(2, Sent<CreateSessionResponse>(Procedure(1, 1)).Length);
        var reject = Sent<S1apMessage>(Procedure(1, 1)).Last();
        Assert.Equal((S1apProcedure.DownlinkNasTransport, S1apPdu.UnsuccessfulOutcome), (reject.Code, reject.Pdu));
        Assert.Equal([0], Entries(0).Select(e => e.MnId.Index));
    }

    [Fact]
    public void A_handover_to_an_eNB_whose_SGW_has_no_resources_fails_and_the_bearer_stays_where_it_was()
    {
        Start(trackingAreaSide: 1, limits: ", sgw-sessions = 1");
        var (from, to) = AcrossSgws();
        var (source, target) = (NearestSgw(from), NearestSgw(to));
        Arrive(0, from, number: 1);
        Assert.IsType<RouterAdvertisement>(Arrive(1, to, number: 1));
        AwaitAssert(() => Assert.Single(Sent<ModifyBearerResponse>(Procedure(0, 1))));
        var rejected = Assert.IsType<RegistrationRejected>(Arrive(0, to, number: 2, from: from));
        Assert.Equal(BindingStatus.InsufficientResources, rejected.Status);
        Assert.Equal(GtpCause.NoResourcesAvailable, Assert.Single(Sent<CreateSessionResponse>(Procedure(0, 2))).Cause);
        var failure = Sent<S1apMessage>(Procedure(0, 2)).Last();
        Assert.Equal((S1apProcedure.PathSwitchRequest, S1apPdu.UnsuccessfulOutcome), (failure.Code, failure.Pdu));
        Assert.Empty(Sent<DeleteSessionRequest>(Procedure(0, 2)));
        Assert.Equal(Regional(source), EntryOf(0, 0).CareOf);
        Assert.Equal((from, BindingState.Active), (EntryOf(source, 0).CareOf, EntryOf(source, 0).State));
    }
}
