using Akka.Actor;
using Akka.Serialization;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Bootstrap;
using DmmActors.Cluster;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Metrics;
using DmmActors.Persistence;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Persistence;

public class DmmSerializerTests : IDisposable
{
    readonly ActorSystem system = ActorSystem.Create("serializer", DmmSystem.BaseConfig());

    static readonly ProcedureRef Procedure = new(new MnIdentifier(42), 3, ProcedureKind.Handover);
    static readonly ModelTime T = ModelTime.FromMilliseconds(1234.567);
    static readonly Prefix64 Hnp = Prefix64.Delegated(5, 42);
    static readonly MobilityContext Context = new(Hnp, 5, 9, T, ModelTime.FromSeconds(3600), T, 2);

    static readonly RunContext Run = TestRuns.Context(TestRuns.Scenario("pmipv6-multi-lma", mobileNodes: 64));

    /// <summary>A signal as the channel sent it between the two nodes it goes between: its arrival, and its authentication where it carries one, travel with it.</summary>
    static T Sent<T>(T signal) where T : Signal => signal switch
    {
        BindingUpdate bu => signal.Over(Run, DmmActors.Addressing.Endpoint.MobileNode(bu.MnId, 1), DmmActors.Addressing.Endpoint.Anchor(0)),
        HandoverInitiate or HandoverAcknowledge => signal.Over(Run, DmmActors.Addressing.Endpoint.AccessRouter(1), DmmActors.Addressing.Endpoint.AccessRouter(2)),
        ContextTransferData or ContextTransferDataReply => signal.Over(Run, DmmActors.Addressing.Endpoint.Anchor(1), DmmActors.Addressing.Endpoint.Anchor(0)),
        _ => signal.Over(Run, DmmActors.Addressing.Endpoint.AccessRouter(1), DmmActors.Addressing.Endpoint.Anchor(0)),
    };

    public static IEnumerable<object> Samples() =>
    [
        new BindingRegistered(new MnIdentifier(42), T, RegistrationKind.Handoff, Hnp, 17, 9, T, ModelTime.FromSeconds(3600)),
        new BindingRegistered(new MnIdentifier(42), T, RegistrationKind.Handoff, Hnp, 17, 9, ModelTime.Zero, ModelTime.FromSeconds(3600))
            { RequestSentAt = T - ModelTime.FromMilliseconds(7) },
        new BindingDeregistered(new MnIdentifier(42), T, 17, 10, T, BindingRules.MinDelayBeforeBceDelete, Hnp),
        new BindingContextReceived(new MnIdentifier(42), T, Hnp, 17, 9, T, ModelTime.FromSeconds(3600), T, 5, 2, [1, 3]),
        new BindingContextTransferred(new MnIdentifier(42), T, Hnp, 6),
        Sent(new PrefixRelease(Procedure, T, new MnIdentifier(42), Hnp)),
        Sent(new NeighborSolicitation(Procedure, T, new MnIdentifier(42), Hnp)),
        Sent(new HandoverInitiate(Procedure, T, new MnIdentifier(42), 18, [new PrefixInUse(Hnp, 2)])),
        Sent(new HandoverAcknowledge(Procedure, T, new MnIdentifier(42), 17, [Context], [1, 3])),
        Sent(new ContextTransferData(Procedure, T, new MnIdentifier(42), 5, 17, Context, [2])),
        Sent(new ContextTransferDataReply(Procedure, T, BindingStatus.InsufficientResources, new MnIdentifier(42), Hnp, 6)),
        Sent(new AnchorRelocated(Procedure, T, new MnIdentifier(42), Hnp, 6, 5)),
        Sent(new PrefixRoute(Procedure, T, Hnp, 6)),
        new RelocateAnchor(Hnp, 6),
        Sent(new AnchorAdvertisement(Procedure, T, 6, 120, 500)),
        Sent(new MldReport(Procedure, T, new MnIdentifier(42), [3])),
        Sent(new MldQuery(Procedure, T, 16, ModelTime.FromSeconds(10)) { QueryInterval = ModelTime.FromSeconds(200), Robustness = 3 }),
        Sent(new MldProxyReport(Procedure, T, 17, 42, 3, true)),
        new MulticastPacket(3, 77, T, T, 5, -1),
        new DmmActors.Multicast.EmitMulticast(3, T),
        new DmmActors.Multicast.MulticastEmitted(3, 725),
        DmmActors.Multicast.GetMulticastTally.Instance,
        new DmmActors.Multicast.QueryListeners(T),
        new DmmActors.Multicast.ListenersQueried(5),
        DmmActors.Multicast.ReportUpstream.Instance,
        new DmmActors.Multicast.UpstreamReported(12),
        new DmmActors.Multicast.MulticastTally(17, 1450, 725, 33, [new DmmActors.Multicast.Deliveries(new MnIdentifier(42), 3, [1, 2, 4])], [T]),
        new RunStarted("run-x", "pmipv6", 8, 20000, "dmm.scenario { seed = 1 }", new DateTime(2026, 11, 27, 1, 2, 3, DateTimeKind.Utc), 3),
        new RunCompleted("run-x", "abcdef0123456789", 60000),
        Sent(new RouterSolicitation(Procedure, T, new MnIdentifier(42))),
        Sent(new PrefixesInUse(Procedure, T, new MnIdentifier(42), 16, [new PrefixInUse(Hnp, 2)])),
        Sent(new RouterAdvertisement(Procedure, T, 17, Hnp) { Deprecated = [Prefix64.Delegated(6, 42)] }),
        Sent(new RouterAdvertisement(Procedure, T, 17, Hnp) { Local = Prefix64.Delegated(9, 42) }),
        new LinkDown(Procedure, T, new MnIdentifier(42)),
        Sent(new ProxyBindingUpdate(Procedure, T, new MnIdentifier(42), Hnp, HandoffIndicator.HandoffBetweenMagsSameInterface, 7, T, 900, 17)
        {
            Sessions = 2,
            Groups = [3],
            RedirectCapability = true,
            RelayedBy = 4,
        }),
        new DmmActors.Capture.CapturedPbu(Sent(new ProxyBindingUpdate(Procedure, T, new MnIdentifier(42), Hnp, HandoffIndicator.HandoffBetweenMagsSameInterface, 7, T, 900, 17)
            { Sessions = 1 }), 3),
        Sent(new ProxyBindingAcknowledgement(Procedure, T, BindingStatus.TimestampLowerThanPrevAccepted, new MnIdentifier(42), Hnp, 7, T, 900, 5) { Redirect = 2, Load = 31 }),
        Sent(new LocalizedRoutingInitiation(Procedure, T, 9, 60, 2, 17, false, [new LocalizedNode(new MnIdentifier(42), Hnp), new LocalizedNode(new MnIdentifier(7), Prefix64.Delegated(3, 7))])
            { RemoteMag = 18 }),
        Sent(new LocalizedRoutingAcknowledgement(Procedure, T, 9, LocalizedRoutingStatus.MnNotAttached, 60, 2, 17, true, [])),
        Sent(new BindingUpdate(Procedure, T, new MnIdentifier(42), Hnp, 65535, 900, 17)),
        Sent(new BindingAcknowledgement(Procedure, T, BindingStatus.SequenceNumberOutOfWindow, 65535, 900, 5) { HomePrefix = Hnp }),
        Sent(new BindingUpdate(Procedure, T, new MnIdentifier(42), Hnp, 7, 900, 17) { MobileNetworkPrefix = Prefix64.Delegated(5, 1 << 27) }),
        Sent(new BindingAcknowledgement(Procedure, T, BindingStatus.Accepted, 7, 900, 5) { HomePrefix = Hnp, MobileRouter = true }),
        Sent(new HomeAgentAddressDiscoveryRequest(Procedure, T, new MnIdentifier(42), 9, 17)),
        Sent(new HomeAgentAddressDiscoveryReply(Procedure, T, 9, 5, [5, 0, 3], 17)),
        Sent(new HomeAgentSwitch(Procedure, T, 5, Hnp, 17, [3, 0])),
        Sent(new HomeAgentAdvertisement(Procedure, T, 5, 7, 1800)),
        Sent(new RouterSolicitationForProxyAdvertisement(Procedure, T, new MnIdentifier(42), 17, 18)),
        Sent(new ProxyRouterAdvertisement(Procedure, T, new MnIdentifier(42), 17, 18, -1)),
        Sent(new FastBindingUpdate(Procedure, T, new MnIdentifier(42), 17, 18, 65535, 2) { FromNewLink = true }),
        Sent(new FastBindingAcknowledgement(Procedure, T, FastBindingStatus.AcceptedUseSuppliedCareOf, new MnIdentifier(42), 17, 19, 65535, 2) { ToNewCareOf = true }),
        Sent(new FastHandoverInitiate(Procedure, T, new MnIdentifier(42), 17, 18, FastHandoverInitiateCode.FromElsewhere, true, 18)),
        Sent(new FastHandoverAcknowledge(Procedure, T, new MnIdentifier(42), 17, 18, HandoverAcknowledgeCode.InsufficientResources, -1)),
        Sent(new UnsolicitedNeighborAdvertisement(Procedure, T, new MnIdentifier(42), 18)),
        Sent(new PredictiveHandoverInitiate(Procedure, T, new MnIdentifier(42), 17, 18, Hnp, 5, true)),
        Sent(new PredictiveHandoverAcknowledge(Procedure, T, new MnIdentifier(42), 17, 18, HandoverAcknowledgeCode.AdministrativelyProhibited)),
        new HandoverIndication(Procedure, T, new MnIdentifier(42), 18),
        Sent(new IkeSaInit(Procedure, T, new MnIdentifier(42), 5, 17, new IkeSpis(ulong.MaxValue, 7), true)),
        Sent(new IkeAuth(Procedure, T, new MnIdentifier(42), 5, 17, new IkeSpis(1, 2), true, Hnp, uint.MaxValue)),
        Sent(new IkeInformational(Procedure, T, new MnIdentifier(42), 5, 17, new IkeSpis(1, 2), 9, false, true) { UpdateSaAddresses = true, Cookie2 = 0xC00C1E2UL }),
        Sent(new CreateSessionRequest(Procedure, T, 0, 0xFFFFFF, new MnIdentifier(42), new FullyQualifiedTeid(GtpInterface.S11Mme, 7, Endpoint.Anchor(3)), 5,
            new UserLocation(0xABCD, UserLocation.MaxCellId))
        {
            PgwControl = new FullyQualifiedTeid(GtpInterface.S5S8cPgw, 0, Endpoint.Anchor(4)),
            S1uEnodeB = new FullyQualifiedTeid(GtpInterface.S1uEnodeB, uint.MaxValue, Endpoint.AccessRouter(17)),
            Paa = Hnp,
        }),
        Sent(new CreateSessionResponse(Procedure, T, 7, 9, GtpCause.RequestAccepted)
        {
            SenderControl = new FullyQualifiedTeid(GtpInterface.S11Sgw, 8, Endpoint.Anchor(3)), Paa = Hnp, Ebi = 5, S1uSgw = new FullyQualifiedTeid(GtpInterface.S1uSgw, 9, Endpoint.Anchor(3)),
        }),
        Sent(new ModifyBearerRequest(Procedure, T, 8, 10, 5) { Location = new UserLocation(1, 2), S1uEnodeB = new FullyQualifiedTeid(GtpInterface.S1uEnodeB, 3, Endpoint.AccessRouter(18)) }),
        Sent(new ModifyBearerResponse(Procedure, T, 7, 10, GtpCause.ContextNotFound, 5) { BearerCause = GtpCause.NoResourcesAvailable }),
        Sent(new DeleteSessionRequest(Procedure, T, 8, 11, 5) { ScopeIndication = true }),
        Sent(new DeleteSessionResponse(Procedure, T, 7, 11, GtpCause.RequestRejected)),
        Sent(new GatewayQuery(Procedure, T, 65535, 0x1234, GatewayService.Pgw)),
        Sent(new GatewayAnswer(Procedure, T, 7, 1, GatewayService.Sgw, [new GatewayCandidate(Endpoint.Anchor(3), 10, 20), new GatewayCandidate(Endpoint.Anchor(5), 11, 20)])),
        Sent(new S1apMessage(Procedure, T, S1apProcedure.PathSwitchRequest, S1apPdu.SuccessfulOutcome, new MnIdentifier(42), 17)
            { Location = new UserLocation(3, 0x0ABCDEF), Bearer = new FullyQualifiedTeid(GtpInterface.S1uSgw, 43, Endpoint.Anchor(4)), Paa = Hnp }),
        Sent(new S1apMessage(Procedure, T, S1apProcedure.InitialUeMessage, S1apPdu.InitiatingMessage, new MnIdentifier(42), 17)),
        Sent(new S1apMessage(Procedure, T, S1apProcedure.InitialUeMessage, S1apPdu.InitiatingMessage, new MnIdentifier(42), 17)
            { LocalGateway = Endpoint.Anchor(9), LocalPaa = Prefix64.Delegated(9, 42) }),
        new LinkAssociated(Procedure, T, new MnIdentifier(42), 17),
        new DmmActors.Functions.PrefixLease(Procedure, new MnIdentifier(42), 17, 65535, T, ModelTime.FromSeconds(3600)),
        new DmmActors.Functions.PrefixLeaseAnswer(Procedure, new MnIdentifier(42), 7, BindingStatus.NotAuthorizedForHomeNetworkPrefix, Hnp, ModelTime.Zero, T),
        new DataPacket(1, new MnIdentifier(42), Hnp, 3, T, T, 9, 1),
        new DataPacket(2, new MnIdentifier(42), Hnp, 3, T, T, 4, 0) { RoutedToCareOf = 17 },
        new DataPacket(3, new MnIdentifier(42), Hnp, 3, T, T, 4, 1) { Handover = 5, Traffic = DataTraffic.HandoverFlow },
        new DataPacket(4, new MnIdentifier(42), Hnp, 3, T, T, 2, 1) { Traffic = DataTraffic.Uplink, TunnelledFrom = 7 },
        new DataPacket(5, new MnIdentifier(42), Hnp, 3, T, T, 4, 2) { Handover = 5, Traffic = DataTraffic.HandoverFlow, BufferedFor = T, TunnelBytes = 80 },
        Sent(new HomeTestInit(Procedure, T, new MnIdentifier(42), Hnp, 3, 0xC00C1E5UL)),
        Sent(new CareOfTestInit(Procedure, T, new MnIdentifier(42), 17, 3, 0xC00C1E6UL)),
        Sent(new HomeTest(Procedure, T, new MnIdentifier(42), Hnp, 3, 65535, 0xC00C1E5UL, ulong.MaxValue)),
        Sent(new CareOfTest(Procedure, T, new MnIdentifier(42), 17, 3, 1, 0xC00C1E6UL, 0x70CE7UL)),
        Sent(new CorrespondentBindingUpdate(Procedure, T, new MnIdentifier(42), Hnp, 17, 3, 65535, 105, 1, 2, new BindingAuthorizationData(ulong.MaxValue, 7))),
        Sent(new CorrespondentBindingAcknowledgement(Procedure, T, BindingStatus.ExpiredCareOfNonceIndex, new MnIdentifier(42), Hnp, 17, 3, 9, 105,
            new BindingAuthorizationData(1, uint.MaxValue))),
        new ProbeLost(1, Handover: 4, DataTraffic.HandoverFlow),
        new ProbeLost(2, Traffic: DataTraffic.Uplink),
        new UplinkDelivered(2),
        GetBindingCache.Instance,
        new BindingCacheSnapshot(5, [new BindingCacheEntry(new MnIdentifier(42), Hnp, 17, 9, T, ModelTime.FromSeconds(3600), T,
            T + ModelTime.FromSeconds(3600), BindingState.DeregistrationPending)]),
        new HostRun("run-x", "dmm.scenario { seed = 1 }", true, 4, "akka.tcp://dmm@127.0.0.1:4000/user/driver"),
        new HostRun("run-x", "dmm.scenario { seed = 1 }", false, 1, "akka.tcp://dmm@127.0.0.1:4000/user/driver")
        {
            Capture = new HostedCapture("type=pbu,pba node=mn3", 0.25, DmmActors.Capture.CaptureClock.Wall),
        },
        new GetCapture("run-x", 8 << 20),
        new CaptureChunk([1, 2, 3], false, 0, 0, 0, null),
        new CaptureChunk([], true, 1234, 56, 7, "ProxyBindingUpdate from ar-1 to lma-0: too long"),
        new RunHosted("run-x", "akka.tcp://dmm@127.0.0.1:4054"),
        new GetNodeReport("run-x"),
        GetMemberMemory.Instance,
        new StormProgress("run-x", 1, 2_500_000, 4_321),
        new MemberMemory("akka.tcp://dmm@127.0.0.1:4054", 25L << 30),
        new GetRunCounters("run-x"),
        new RunCountersReport([3, 0, 7]),
        new NodeReport("run-x", "akka.tcp://dmm@127.0.0.1:4054", ["anchor", "mn"],
            new RecorderContents([1, 2, 3], 4, 5, [(BindingStatus.TimestampLowerThanPrevAccepted, 6)], 7,
                [new ProcedureRecord(new MnIdentifier(42), 3, ProcedureKind.Handover, 16, 17, 5, T, T + T)],
                [new PathRecord(new MnIdentifier(42), 3, T, 9, T, 7, 1, true)])
            {
                Counters = [8, 9],
                Reattachments = [new ReattachmentRecord(new MnIdentifier(42), 17, ReattachCause.NodeRestarted, TimeSpan.FromMilliseconds(12_345.6))],
            },
            [0, 7], 2, [new StormSample(1, 9_199, 3)])
        {
            Queues = [new Topology.QueueRecord("anchor", 3, 1, 1_000, 500_000, 20_000, 1_500, 1_000_000, 9_000_000, [0, 2, 0, 5]) { PeakBusyPerSecond = 420_000 }],
        },
        StartMobility.Instance,
        new RestartNode(Procedure, 17, T, 638_999_999_999_999_999),
        RestartNode.AfterDeparture(new NodeDeparture(Procedure, 16, T), 638_999_999_999_999_999),
        new GetDepartures("akka.tcp://dmm@127.0.0.1:4054"),
        new Departures([new NodeDeparture(Procedure, 16, T), new NodeDeparture(new ProcedureRef(new MnIdentifier(43), 2, ProcedureKind.Handover), 3, T + T)],
            [new RestartNode(Procedure, 17, T, 638_999_999_999_999_999), new RestartNode(new ProcedureRef(new MnIdentifier(7), 3, ProcedureKind.Handover), 2, T + T, 5)]),
        new Departures([], []),
        new RestartDecided(new RestartNode(Procedure, 17, T, 638_999_999_999_999_999)),
        new RestartDecided(RestartNode.AfterDeparture(new NodeDeparture(Procedure, 16, T), 638_999_999_999_999_999)),
        new MobilityFinished(new MnIdentifier(42), T),
        new SessionProbe(1, new MnIdentifier(42), Hnp, T) { Count = 12, Interval = ModelTime.FromMilliseconds(10), Handover = 4, Traffic = DataTraffic.HandoverFlow },
        new RegistrationRejected(Procedure, BindingStatus.NotLmaForThisMobileNode),
        new ExtendBindings(T),
        BindingsExtended.Instance,
        new TriggerHandover(638_999_999_999_999_999, ModelTime.FromSeconds(61.25)),
        new RestoreNode(new NodeResume(
            new ProcedureRecord(new MnIdentifier(42), 3, ProcedureKind.Handover, 16, 17, 5, T, T + T),
            new BindingRegistered(new MnIdentifier(42), T, RegistrationKind.Handoff, Hnp, 17, 9, T, ModelTime.FromSeconds(3600)),
            0x9E3779B97F4A7C15UL, T + T + T)),
        new RestoreNode(new NodeResume(
            new ProcedureRecord(new MnIdentifier(43), 1, ProcedureKind.Attach, -1, 4, 5, T, T + T), null, 42UL, T + T)),
        new DmmActors.Recording.ProcedureFacts([
            new DmmActors.Recording.ProcedureFact(new ProcedureRecord(new MnIdentifier(42), 3, ProcedureKind.Handover, 16, 17, 5, T, T + T), ulong.MaxValue),
            new DmmActors.Recording.ProcedureFact(new ProcedureRecord(new MnIdentifier(43), 1, ProcedureKind.Attach, -1, 4, 5, T, T + T), 7UL)]),
        new RestoreBinding(new MnIdentifier(42), 5, Procedure,
            new BindingRegistered(new MnIdentifier(42), T, RegistrationKind.Handoff, Hnp, 17, 9, T, ModelTime.FromSeconds(3600))),
    ];

    [Fact]
    public void Every_message_and_event_type_has_a_sample_here() =>
        Assert.Equal(DmmSerializer.SupportedTypes.OrderBy(t => t.Name), Samples().Select(s => s.GetType()).Distinct().OrderBy(t => t.Name));

    [Fact]
    public void Every_type_that_crosses_a_serializer_boundary_has_a_schema()
    {
        var marked = typeof(IDmmMessage).Assembly.GetTypes()
            .Where(t => typeof(IDmmMessage).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false });
        Assert.Empty(marked.Except(DmmSerializer.SupportedTypes).Select(t => t.FullName));
    }

    [Fact]
    public void Every_message_and_event_round_trips_through_the_registered_serializer()
    {
        var serialization = system.Serialization;
        foreach (var sample in Samples())
        {
            var serializer = serialization.FindSerializerFor(sample);
            Assert.IsType<DmmSerializer>(serializer);
            var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, sample);
            Assert.Matches(@"^\w+\.v\d+$", manifest);
            var back = serialization.Deserialize(serializer.ToBinary(sample), serializer.Identifier, manifest);
            // Structural comparison: some messages carry lists, which records compare by reference.
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(sample, sample.GetType()),
                System.Text.Json.JsonSerializer.Serialize(back, back.GetType()));
        }
    }

    [Fact]
    public void A_deregistration_of_schema_v1_still_reads_and_names_the_anchors_own_prefix()
    {
        var serializer = (DmmSerializer)system.Serialization.FindSerializerForType(typeof(BindingDeregistered));
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            w.Write(42); w.Write(T.Microseconds); w.Write(17); w.Write((ushort)10); w.Write(T.Microseconds);
            w.Write(BindingRules.MinDelayBeforeBceDelete.Microseconds);
        }
        var back = (BindingDeregistered)serializer.FromBinary(stream.ToArray(), "BindingDeregistered.v1");
        Assert.True(back.Prefix.IsNone);
        Assert.Equal(17, back.CareOf);

        // Applied to a binding cache, a v1 de-registration concerns the prefix that anchor delegated.
        var cache = new BindingCache(5, BindingRules.ProxyMobileIpv6(ModelTime.FromSeconds(3600)));
        cache.Apply(new BindingRegistered(new MnIdentifier(42), ModelTime.Zero, RegistrationKind.Initial, Hnp, 17, 9, ModelTime.Zero,
            ModelTime.FromSeconds(3600)));
        cache.Apply(back);
        Assert.True(cache.TryGet(Hnp, out var entry));
        Assert.Equal(BindingState.DeregistrationPending, entry.State);
    }

    [Fact]
    public void A_registration_of_schema_v1_still_reads_without_a_send_time_and_v2_keeps_it()
    {
        var serializer = (DmmSerializer)system.Serialization.FindSerializerForType(typeof(BindingRegistered));
        var sent = new BindingRegistered(new MnIdentifier(42), T, RegistrationKind.Handoff, Hnp, 17, 9, ModelTime.Zero, ModelTime.FromSeconds(3600))
            { RequestSentAt = T - ModelTime.FromMilliseconds(7) };
        Assert.Equal("BindingRegistered.v2", Akka.Serialization.Serialization.ManifestFor(serializer, sent));
        Assert.Equal(sent, serializer.FromBinary(serializer.ToBinary(sent), "BindingRegistered.v2"));

        // v2 is v1 followed by whether a send time is recorded: v1's bytes are v2's of an event without one, less that flag.
        var unsent = sent with { RequestSentAt = null };
        var v2 = serializer.ToBinary(unsent);
        var v1 = (BindingRegistered)serializer.FromBinary(v2[..^1], "BindingRegistered.v1");
        Assert.Equal(unsent, v1);
        Assert.Null(v1.RequestSentAt);
    }

    [Fact]
    public void An_unknown_manifest_is_refused_with_its_name()
    {
        var serializer = (DmmSerializer)system.Serialization.FindSerializerForType(typeof(BindingRegistered));
        var e = Assert.ThrowsAny<Exception>(() => serializer.FromBinary([1, 2, 3], "BindingRegistered.v9"));
        Assert.Contains("BindingRegistered.v9", e.Message);
    }

    public void Dispose() => system.Terminate().Wait();
}
