using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Metrics;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Protocol;

/// <summary>
/// Relocation of a binding between two distributed anchors (RFC 8818 §3.2) with context
/// transfer (CTD/CTDR): the message sequence, packets held during the transfer and delivered,
/// and what the anchors keep afterwards.
/// </summary>
[Collection("actors")]
public class AnchorRelocationTests : TestKit
{
    static readonly MnIdentifier Mn = new(0);
    // Anchor 0 sits on the corner router 0 of the 3×3 grid; the node has moved to router 8, four hops away.
    static readonly Prefix64 P = Prefix64.Delegated(0, Mn.Index);
    const int Source = 0, Target = 8, Serving = 8;

    readonly RunContext run = TestRuns.Context(TestRuns.Scenario("dmm-anchor-relocation", mobileNodes: 4));
    readonly TestProbe firstMag, servingMag, mn, cn0, cn1;
    readonly IActorRef anchor;

    public AnchorRelocationTests() : base(TestRuns.InMemoryJournal)
    {
        for (int r = 0; r < run.Directory.AccessRouters.Length; r++) run.Directory.AccessRouters[r] = CreateTestProbe($"ar-{r}").Ref;
        for (int a = 0; a < run.Directory.Anchors.Length; a++) run.Directory.Anchors[a] = CreateTestProbe($"anchor-{a}").Ref;
        firstMag = CreateTestProbe("mag-0");
        servingMag = CreateTestProbe("mag-8");
        mn = CreateTestProbe("mn-0");
        (cn0, cn1) = (CreateTestProbe("cn-0"), CreateTestProbe("cn-1"));
        run.Directory.AccessRouters[0] = firstMag.Ref;
        run.Directory.AccessRouters[Serving] = servingMag.Ref;
        run.Directory.MobileNodes[0] = mn.Ref;
        run.Directory.Correspondents[0] = cn0.Ref;
        run.Directory.Correspondents[1] = cn1.Ref;
        anchor = Spawn(Source);
    }

    IActorRef Spawn(int index, string? name = null)
    {
        var actor = Sys.ActorOf(AnchorActor.Props(run, index), name ?? $"anchor-{index}");
        run.Directory.Anchors[index] = actor;
        return actor;
    }

    static ProxyBindingUpdate Pbu(int number, ModelTime at, Prefix64 prefix, ushort sequence, int careOf) =>
        new(new ProcedureRef(Mn, number, number == 1 ? ProcedureKind.Attach : ProcedureKind.Handover), at, Mn, prefix,
            number == 1 ? HandoffIndicator.AttachmentOverNewInterface : HandoffIndicator.HandoffBetweenMagsSameInterface,
            sequence, at, 900, careOf) { Sessions = 1, Groups = [2] };

    /// <summary>The node attached at router 0 (prefix P from anchor 0), then moved to router 8 keeping P.</summary>
    void BindAtServingRouter()
    {
        anchor.Tell(Pbu(1, ModelTime.FromSeconds(1), Prefix64.None, 1, 0).FromItsMag(run, Source), firstMag.Ref);
        Assert.Equal(P, firstMag.ExpectMsg<ProxyBindingAcknowledgement>().HomeNetworkPrefix);
        anchor.Tell(Pbu(2, ModelTime.FromSeconds(30), P, 2, Serving).FromItsMag(run, Source), servingMag.Ref);
        Assert.Equal(BindingStatus.Accepted, servingMag.ExpectMsg<ProxyBindingAcknowledgement>().Status);
    }

    static DataPacket Packet(int session, ModelTime at) => new(session, Mn, P, 0, at, ModelTime.FromMilliseconds(7), 3, 0);

    /// <summary>The node bound at the serving router, then its binding handed (network-triggered) to a probe standing for anchor 8.</summary>
    (TestProbe Target, ContextTransferData Ctd) TransferUnderway(string targetName)
    {
        var target = CreateTestProbe(targetName);
        run.Directory.Anchors[Target] = target.Ref;
        BindAtServingRouter();
        anchor.Tell(new RelocateAnchor(P, Target));
        return (target, target.ExpectMsg<ContextTransferData>());
    }

    BindingCacheSnapshot Cache(IActorRef a) => a.Ask<BindingCacheSnapshot>(GetBindingCache.Instance, TimeSpan.FromSeconds(5)).Result;

    [Fact]
    public void Packets_that_arrive_during_the_transfer_are_held_then_delivered_through_the_new_anchor()
    {
        // Network-triggered: the anchor hands the binding to anchor 8 with the context it holds.
        var (target, ctd) = TransferUnderway("target");
        Assert.Equal(Source, ctd.FromAnchor);
        Assert.Equal(Serving, ctd.CareOf);
        Assert.Equal(P, ctd.Context.Prefix);
        Assert.Equal((ushort)2, ctd.Context.SequenceNumber);
        Assert.Equal(ModelTime.FromSeconds(30), ctd.Context.Timestamp);
        Assert.Equal(1, ctd.Context.Sessions);
        Assert.Equal([2], ctd.Groups);
        Assert.Equal(ProcedureKind.Relocation, ctd.Procedure.Kind);

        // While the transfer is open, nothing for P leaves anchor 0: not to the MAG, not lost.
        for (int i = 0; i < 5; i++) anchor.Tell(Packet(i, ModelTime.FromSeconds(31)));
        var update = Pbu(3, ModelTime.FromSeconds(32), P, 3, Serving);
        anchor.Tell(update.FromItsMag(run, Source), servingMag.Ref);
        servingMag.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        mn.ExpectNoMsg(TimeSpan.FromMilliseconds(50));

        var answeredAt = ModelTime.FromSeconds(31.5);
        var reply = new ContextTransferDataReply(ctd.Procedure, answeredAt, BindingStatus.Accepted, Mn, P, Target)
            .Over(run, Endpoint.Anchor(Target), Endpoint.Anchor(Source));
        anchor.Tell(reply, target.Ref);

        // Held packets go on to the new anchor, in order, through one more tunnel, their wait added.
        for (int i = 0; i < 5; i++)
        {
            var held = target.ExpectMsg<DataPacket>();
            Assert.Equal(i, held.Session);
            Assert.Equal(1, held.Tunnels);
            Assert.True(held.SentAt + held.PathDelay > answeredAt, "the packet left only after the context was confirmed");
        }
        // The held update goes on too, still from the MAG that sent it.
        var forwarded = target.ExpectMsg<ProxyBindingUpdate>();
        Assert.Equal(update.SequenceNumber, forwarded.SequenceNumber);
        Assert.Equal(servingMag.Ref, target.LastSender);

        // A packet that reaches here after the answer, sent before the new anchor's route reached its
        // correspondent (in model time), follows the pointer left behind, through a tunnel.
        var sent = reply.ArrivesAt - ModelTime.FromMilliseconds(7);
        Assert.True(sent < run.Channel.Arrival(Endpoint.Anchor(Target), Endpoint.Correspondent(0), answeredAt), "sent before the route reached its correspondent");
        anchor.Tell(Packet(8, sent));
        var late = target.ExpectMsg<DataPacket>();
        Assert.Equal((8, 1), (late.Session, late.Tunnels));
        // One sent once the route had reached its correspondent went straight to the new anchor, whatever
        // the order the actors ran in: it reached this actor only because the route update reached the correspondent's later.
        anchor.Tell(Packet(9, ModelTime.FromSeconds(40)));
        var straight = target.ExpectMsg<DataPacket>();
        Assert.Equal((9, 0), (straight.Session, straight.Tunnels));
        Assert.Equal(run.Channel.Path(Endpoint.Correspondent(0), Endpoint.Anchor(Target)).Delay, straight.PathDelay);
        mn.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        Assert.Equal(5, run.Recorder.Counters[Counter.PacketsBuffered]);
        Assert.Equal(1, run.Recorder.Counters[Counter.PacketsForwarded]);
        Assert.Equal(1, run.Recorder.Counters[Counter.Relocations]);
        Assert.Equal(0, run.Recorder.PacketsLost);
        Assert.DoesNotContain(Cache(anchor).Entries, e => e.Prefix == P);
    }

    [Fact]
    public void A_registration_held_through_a_refused_transfer_is_answered_once_the_prefix_stays()
    {
        var (target, ctd) = TransferUnderway("refusing-target");

        // Naming no prefix, the PBU asks for the one this anchor delegates: P, in transfer, so it is held.
        anchor.Tell(Pbu(3, ModelTime.FromSeconds(32), Prefix64.None, 3, Serving).FromItsMag(run, Source), servingMag.Ref);
        servingMag.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        anchor.Tell(new ContextTransferDataReply(ctd.Procedure, ModelTime.FromSeconds(31.5), BindingStatus.InsufficientResources, Mn, P, Target)
            .Over(run, Endpoint.Anchor(Target), Endpoint.Anchor(Source)), target.Ref);

        // The target had no room: the prefix stays here, and the held registration is taken as it arrived.
        var pba = servingMag.ExpectMsg<ProxyBindingAcknowledgement>();
        Assert.Equal((BindingStatus.Accepted, P), (pba.Status, pba.HomeNetworkPrefix));
        Assert.Equal(ModelTime.FromSeconds(32) + run.Topology.AnchorToRouter(Source, Serving).Delay + run.Scenario.ServiceTime, pba.SentAt);
    }

    [Fact]
    public void Between_two_anchors_the_binding_moves_whole_and_the_MAG_and_the_routing_learn_it()
    {
        var target = Spawn(Target);
        BindAtServingRouter();
        var before = Cache(anchor).Entries.Single(e => e.Prefix == P);

        anchor.Tell(new RelocateAnchor(P, Target));
        for (int i = 0; i < 20; i++) anchor.Tell(Packet(i, ModelTime.FromSeconds(31)));

        var notice = servingMag.ExpectMsg<AnchorRelocated>();
        Assert.Equal((P, Target, Source), (notice.Prefix, notice.Anchor, notice.PreviousAnchor));
        Assert.Equal(Target, cn0.ExpectMsg<PrefixRoute>().Anchor);
        Assert.Equal(Target, cn1.ExpectMsg<PrefixRoute>().Anchor);
        // Every packet reaches the serving router: none is lost to the move.
        var delivered = Enumerable.Range(0, 20).Select(_ => servingMag.FishForMessage<DataPacket>(_ => true).Session).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 20), delivered);
        Assert.Equal(0, run.Recorder.PacketsLost);

        var moved = Cache(target).Entries.Single(e => e.Prefix == P);
        Assert.Equal((before.CareOf, before.SequenceNumber, before.Timestamp, before.Lifetime), (moved.CareOf, moved.SequenceNumber, moved.Timestamp, moved.Lifetime));
        Assert.DoesNotContain(Cache(anchor).Entries, e => e.Prefix == P);
    }

    [Fact]
    public void A_context_signed_by_another_anchor_than_the_one_it_names_is_refused()
    {
        var target = Spawn(Target);
        var forger = CreateTestProbe("forger");
        // Anchor 3 holds an association of its own with the target, and claims the source's name.
        const int Forger = 3;
        var context = new MobilityContext(P, Source, 2, ModelTime.FromSeconds(30), ModelTime.FromSeconds(3600), ModelTime.FromSeconds(30), 1);

        target.Tell(new ContextTransferData(new ProcedureRef(Mn, 0, ProcedureKind.Relocation), ModelTime.FromSeconds(31), Mn, Source,
            Serving, context, []).Over(run, Endpoint.Anchor(Forger), Endpoint.Anchor(Target)), forger.Ref);

        forger.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Empty(Cache(target).Entries);
        Assert.Equal(1, run.Recorder.UnauthorisedSignalling);
        servingMag.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    /// <summary>A run of its own with a relocation setting, every peer a probe; returns the anchors' probes.</summary>
    (RunContext Run, IReadOnlyList<TestProbe> Anchors) WithProbes(string tag, int mobileNodes, string relocation)
    {
        var context = TestRuns.Context(TestRuns.Scenario("dmm-anchor-relocation", mobileNodes: mobileNodes, extra: relocation));
        var d = context.Directory;
        for (int r = 0; r < d.AccessRouters.Length; r++) d.AccessRouters[r] = CreateTestProbe($"{tag}-ar-{r}").Ref;
        for (int c = 0; c < d.Correspondents.Length; c++) d.Correspondents[c] = CreateTestProbe($"{tag}-cn-{c}").Ref;
        var anchors = Enumerable.Range(0, d.Anchors.Length).Select(a => CreateTestProbe($"{tag}-anchor-{a}")).ToArray();
        for (int a = 0; a < d.Anchors.Length; a++) d.Anchors[a] = anchors[a].Ref;
        return (context, anchors);
    }

    [Fact]
    public void A_distance_trigger_moves_the_binding_to_the_anchor_at_the_nodes_router()
    {
        var (far, anchors) = WithProbes("far", 4, "relocation { trigger = distance, max-hops = 2 }");
        var target = anchors[Target];
        var source = Sys.ActorOf(AnchorActor.Props(far, Source), "far-anchor-0");
        far.Directory.Anchors[Source] = source;
        var near = CreateTestProbe("far-mag-1");
        var serving = CreateTestProbe("far-mag-8");
        far.Directory.AccessRouters[1] = near.Ref;
        far.Directory.AccessRouters[Serving] = serving.Ref;

        source.Tell(Pbu(1, ModelTime.FromSeconds(1), Prefix64.None, 1, 1).FromItsMag(far, Source), near.Ref);
        near.ExpectMsg<ProxyBindingAcknowledgement>();
        target.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // one hop away: stays.

        source.Tell(Pbu(2, ModelTime.FromSeconds(30), P, 2, Serving).FromItsMag(far, Source), serving.Ref);
        serving.ExpectMsg<ProxyBindingAcknowledgement>();
        var ctd = target.ExpectMsg<ContextTransferData>(); // four hops away, more than 2: moves to router 8's anchor.
        Assert.Equal(Serving, ctd.CareOf);
    }

    [Fact]
    public void A_load_trigger_moves_bindings_past_capacity_to_a_neighbour_that_advertised_room()
    {
        var (loaded, neighbours) = WithProbes("load", 30, "relocation { trigger = load, capacity = 20, advertisement-radius = 1 }");
        var centre = Sys.ActorOf(AnchorActor.Props(loaded, 4), "load-anchor-4");
        loaded.Directory.Anchors[4] = centre;
        var mag = CreateTestProbe("load-mag-4");
        loaded.Directory.AccessRouters[4] = mag.Ref;
        // Router 5's anchor, one hop away, has room; its heartbeat is signed under its association with anchor 4.
        var fromFive = new AnchorAdvertisement(new ProcedureRef(new MnIdentifier(0), 0, ProcedureKind.Attach), ModelTime.Zero, 5, 3, 20);
        centre.Tell(loaded.Channel.Carry(loaded.Signalling.Authenticator?.Sign(fromFive, Endpoint.Anchor(5), Endpoint.Anchor(4)) ?? fromFive,
            Endpoint.Anchor(5), Endpoint.Anchor(4)));

        for (int node = 0; node < 21; node++)
        {
            var id = new MnIdentifier(node);
            centre.Tell(new ProxyBindingUpdate(new ProcedureRef(id, 1, ProcedureKind.Attach), ModelTime.FromSeconds(1), id, Prefix64.None,
                HandoffIndicator.AttachmentOverNewInterface, 1, ModelTime.FromSeconds(1), 900, 4).FromItsMag(loaded, 4), mag.Ref);
            Assert.Equal(BindingStatus.Accepted, mag.FishForMessage<ProxyBindingAcknowledgement>(_ => true).Status);
        }
        // The 21st binding is one more than the capacity: it goes to anchor 5, the neighbour with room.
        var ctd = neighbours[5].FishForMessage<ContextTransferData>(_ => true);
        Assert.Equal(new MnIdentifier(20), ctd.MnId);
        Assert.Equal(4, ctd.FromAnchor);
        // It advertised its own load to the routers and anchors around it on the way.
        neighbours[1].FishForMessage<AnchorAdvertisement>(a => a.Anchor == 4 && a.Capacity == 20);
    }
}
