using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Metrics;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Practices.Epc;

/// <summary>
/// The second PDN connection of epc-sipto and epc-lipa (TS 23.401 §4.3.15, §4.3.16, §5.10.2,
/// §5.10.3): set up after the first at an attach, kept while the UE stays near its gateway, released
/// and set up again at the new one when it moves away.
/// </summary>
[Collection("actors")]
public class EpcBreakoutCallFlowTests : EpcCallFlows
{
    const byte LocalBearer = 6;

    T[] Local<T>(ProcedureRef procedure) where T : ISignal, IGtpControlMessage => Sent<T>(procedure).Where(m => m switch
    {
        CreateSessionRequest r => r.Ebi == LocalBearer,
        CreateSessionResponse r => r.Ebi == LocalBearer,
        ModifyBearerRequest r => r.Ebi == LocalBearer,
        DeleteSessionRequest r => r.LinkedEbi == LocalBearer,
        _ => false,
    }).ToArray();

    long Reestablished => run.Recorder.Counters[Counter.LocalConnectionsReestablished];

    [Fact]
    public void SIPTO_attach_sets_up_a_second_connection_at_the_PGW_collocated_with_the_UEs_SGW_and_the_RA_carries_both_prefixes()
    {
        Start(trackingAreaSide: 3, practice: "epc-sipto");
        var ra = Assert.IsType<RouterAdvertisement>(Arrive(0, enb: 4, number: 1));
        var sgw = NearestSgw(4);
        Assert.Equal((Prefix64.Delegated(0, 0), Prefix64.Delegated(sgw, 0)), (ra.Prefix, ra.Local));
        // The local PGW by DNS for the tracking area; the SIPTO session at the SGW, whose own PGW function answers: nothing on S5.
        Assert.Contains(GatewayService.LocalPgw, Sent<GatewayQuery>(Procedure(0, 1)).Select(q => q.Service));
        var create = Assert.Single(Local<CreateSessionRequest>(Procedure(0, 1)));
        Assert.Equal((GtpInterface.S11Mme, sgw), (create.SenderControl.Interface, create.PgwControl!.Value.Node.Index));
        var initialContext = Sent<S1apMessage>(Procedure(0, 1)).Single(m => m is { Code: S1apProcedure.InitialContextSetup, Pdu: S1apPdu.InitiatingMessage });
        Assert.Equal((ra.Prefix, ra.Local), (initialContext.Paa, initialContext.LocalPaa));
        AwaitAssert(() => Assert.Equal(4, EntryOf(sgw, 0).CareOf));
    }

    [Fact]
    public void SIPTO_keeps_the_local_connection_on_a_handover_that_keeps_the_SGW()
    {
        Start(trackingAreaSide: 3, practice: "epc-sipto");
        var first = Assert.IsType<RouterAdvertisement>(Arrive(0, enb: 4, number: 1));
        AwaitAssert(() => Assert.Single(Sent<ModifyBearerResponse>(Procedure(0, 1))));
        var ra = Assert.IsType<RouterAdvertisement>(Arrive(0, enb: 5, number: 2, from: 4));
        Assert.Equal((first.Prefix, first.Local), (ra.Prefix, ra.Local));
        Assert.Empty(Local<CreateSessionRequest>(Procedure(0, 2)));
        Assert.Empty(Local<DeleteSessionRequest>(Procedure(0, 2)));
        Assert.Equal(0, Reestablished);
    }

    [Fact]
    public void SIPTO_releases_the_local_connection_when_the_SGW_is_relocated_and_sets_it_up_again_at_the_new_SGWs_PGW()
    {
        Start(trackingAreaSide: 1, practice: "epc-sipto");
        var (from, to) = AcrossSgws();
        var (source, target) = (NearestSgw(from), NearestSgw(to));
        Arrive(0, from, number: 1);
        AwaitAssert(() => Assert.Single(Sent<ModifyBearerResponse>(Procedure(0, 1))));
        var ra = Assert.IsType<RouterAdvertisement>(Arrive(0, to, number: 2, from: from));
        Assert.Equal((Prefix64.Delegated(0, 0), Prefix64.Delegated(target, 0)), (ra.Prefix, ra.Local));
        // §5.10.3 at the source (the PGW told: OI set), §5.10.2 at the target; then the source lets the default connection go (SI set).
        var release = Assert.Single(Local<DeleteSessionRequest>(Procedure(0, 2)));
        Assert.True(release.OperationIndication && !release.ScopeIndication);
        Assert.Equal(target, Assert.Single(Local<CreateSessionRequest>(Procedure(0, 2))).PgwControl!.Value.Node.Index);
        AwaitAssert(() => Assert.Contains(Sent<DeleteSessionRequest>(Procedure(0, 2)), d => d is { LinkedEbi: 5, ScopeIndication: true }));
        Assert.Equal(1, Reestablished);
        AwaitAssert(() => Assert.Equal(BindingState.DeregistrationPending, EntryOf(source, 0).State));
    }

    /// <summary>Two neighbouring HeNBs under the same L-GW, or under two.</summary>
    (int From, int To) Neighbours(bool sameGateway) =>
        Enumerable.Range(0, run.Topology.AccessRouters)
            .SelectMany(a => run.Topology.NeighboursOf(a).Select(b => (a, b)))
            .First(p => (layout.LocalGatewayOf(p.a) == layout.LocalGatewayOf(p.b)) == sameGateway);

    void StartLipa() => Start(trackingAreaSide: 3, limits: ", local-gateways = 2", practice: "epc-lipa");

    [Fact]
    public void LIPA_attach_sets_up_the_connection_at_the_L_GW_its_HeNB_names_and_the_L_GW_reaches_the_HeNB_directly()
    {
        StartLipa();
        var (enb, _) = Neighbours(sameGateway: true);
        var gateway = layout.LocalGatewayOf(enb);
        var ra = Assert.IsType<RouterAdvertisement>(Arrive(0, enb, number: 1));
        Assert.Equal((Prefix64.Delegated(0, 0), Prefix64.Delegated(gateway, 0)), (ra.Prefix, ra.Local));
        // TS 36.413 §9.1.7.1: the HeNB names its L-GW; the LIPA session goes MME → SGW → L-GW and back.
        Assert.Equal(gateway, Sent<S1apMessage>(Procedure(0, 1))[0].LocalGateway!.Value.Index);
        var creates = Local<CreateSessionRequest>(Procedure(0, 1));
        Assert.Equal([GtpInterface.S11Mme, GtpInterface.S5S8cSgw], creates.Select(c => c.SenderControl.Interface));
        Assert.Equal(2, Sent<CreateSessionResponse>(Procedure(0, 1)).Count(r => r.Ebi == LocalBearer));
        Assert.Equal(enb, EntryOf(gateway, 0).CareOf);
    }

    [Fact]
    public void LIPA_moves_with_the_UE_among_the_HeNBs_of_its_L_GW_by_the_location_the_SGW_reports()
    {
        StartLipa();
        var (from, to) = Neighbours(sameGateway: true);
        var gateway = layout.LocalGatewayOf(from);
        var first = Assert.IsType<RouterAdvertisement>(Arrive(0, from, number: 1));
        AwaitAssert(() => Assert.Single(Sent<ModifyBearerResponse>(Procedure(0, 1))));
        var ra = Assert.IsType<RouterAdvertisement>(Arrive(0, to, number: 2, from: from));
        Assert.Equal(first.Local, ra.Local);
        // §5.5.1.1.2 step 3: the SGW reports the UE's new cell to the L-GW before it answers the MME.
        var report = Assert.Single(Local<ModifyBearerRequest>(Procedure(0, 2)));
        Assert.Equal(layout.LocationOf(to), report.Location);
        Assert.Equal(to, EntryOf(gateway, 0).CareOf);
        Assert.Empty(Local<DeleteSessionRequest>(Procedure(0, 2)));
    }

    [Fact]
    public void LIPA_releases_the_connection_when_the_UE_leaves_its_L_GWs_HeNBs_and_sets_one_up_at_the_new_L_GW()
    {
        StartLipa();
        var (from, to) = Neighbours(sameGateway: false);
        var (old, next) = (layout.LocalGatewayOf(from), layout.LocalGatewayOf(to));
        Arrive(0, from, number: 1);
        AwaitAssert(() => Assert.Single(Sent<ModifyBearerResponse>(Procedure(0, 1))));
        var ra = Assert.IsType<RouterAdvertisement>(Arrive(0, to, number: 2, from: from));
        Assert.Equal(Prefix64.Delegated(next, 0), ra.Local);
        // Released MME → SGW → old L-GW before the bearers move (no location report to it), then set up at the new one.
        AwaitAssert(() => Assert.Equal(2, Local<DeleteSessionRequest>(Procedure(0, 2)).Length));
        Assert.Empty(Local<ModifyBearerRequest>(Procedure(0, 2)));
        Assert.Equal(next, Local<CreateSessionRequest>(Procedure(0, 2))[0].PgwControl!.Value.Node.Index);
        Assert.Equal(1, Reestablished);
        AwaitAssert(() => Assert.Equal(BindingState.DeregistrationPending, EntryOf(old, 0).State));
        Assert.Equal(to, EntryOf(next, 0).CareOf);
    }
}
