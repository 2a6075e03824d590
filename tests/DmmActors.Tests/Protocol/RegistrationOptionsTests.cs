using Akka.Actor;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Functions;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Protocol;
using DmmActors.Topology;
using Xunit;

namespace DmmActors.Tests.Protocol;

/// <summary>
/// The LMA's reading of a PBU's mandatory options and Handoff Indicator (RFC 5213 §5.3.1,
/// §5.4.1), and the 135 a home agent answers a stale BU with (RFC 6275 §9.5.1, §11.7.1).
/// </summary>
[Collection("actors")]
public class RegistrationOptionsTests() : TestKit(TestRuns.InMemoryJournal)
{
    static readonly MnIdentifier Mn = new(5);

    static ProxyBindingUpdate Pbu(int mag, HandoffIndicator hi, ushort seq, ModelTime at, ushort lifetime = 900, Prefix64 prefix = default) =>
        new(new ProcedureRef(Mn, seq, ProcedureKind.Handover), at, Mn, prefix, hi, seq, at, lifetime, mag);

    (RunContext Run, IActorRef Lma) Lma()
    {
        var run = TestRuns.Context(TestRuns.Scenario("pmipv6", mobileNodes: 40));
        for (int m = 0; m < run.Directory.MobileNodes.Length; m++) run.Directory.MobileNodes[m] = CreateTestProbe($"mn-{m}").Ref;
        return (run, Sys.ActorOf(AnchorActor.Props(run, 0), "lma-0"));
    }

    Akka.TestKit.TestProbe Mag(RunContext run, int index) => (Akka.TestKit.TestProbe)(run.Directory.AccessRouters[index] = CreateTestProbe($"mag-{index}"));

    static void Send(RunContext run, IActorRef lma, ProxyBindingUpdate pbu, IActorRef mag) =>
        lma.Tell(pbu.Over(run, Endpoint.AccessRouter(pbu.ProxyCareOf), Endpoint.Anchor(0)), mag);

    [Fact]
    public void A_PBU_without_the_Access_Technology_Type_option_is_refused_with_162_and_one_without_a_Handoff_Indicator_with_161()
    {
        var (run, lma) = Lma();
        var mag = Mag(run, 2);

        Send(run, lma, Pbu(2, HandoffIndicator.AttachmentOverNewInterface, 1, ModelTime.Zero) with { AccessTechnologyType = AccessTechnologyType.Reserved }, mag.Ref);
        Assert.Equal(BindingStatus.MissingAccessTechTypeOption, mag.ExpectMsg<ProxyBindingAcknowledgement>().Status);
        Send(run, lma, Pbu(2, HandoffIndicator.Reserved, 2, ModelTime.Zero), mag.Ref);
        Assert.Equal(BindingStatus.MissingHandoffIndicatorOption, mag.ExpectMsg<ProxyBindingAcknowledgement>().Status);
        Assert.Equal(0, run.Recorder.UnauthorisedSignalling);
    }

    [Fact]
    public void The_PBA_copies_the_Handoff_Indicator_and_Access_Technology_Type()
    {
        var (run, lma) = Lma();
        var mag = Mag(run, 2);
        Send(run, lma, Pbu(2, HandoffIndicator.AttachmentOverNewInterface, 1, ModelTime.Zero) with { AccessTechnologyType = AccessTechnologyType.Eutran }, mag.Ref);
        var pba = mag.ExpectMsg<ProxyBindingAcknowledgement>();
        Assert.Equal(BindingStatus.Accepted, pba.Status);
        Assert.Equal(HandoffIndicator.AttachmentOverNewInterface, pba.HandoffIndicator);
        Assert.Equal(AccessTechnologyType.Eutran, pba.AccessTechnologyType);
    }

    [Fact]
    public void Handoff_state_unknown_waits_for_the_previous_MAG_to_deregister_and_is_then_a_handoff()
    {
        var (run, lma) = Lma();
        var (magA, magB) = (Mag(run, 2), Mag(run, 3));
        var t = ModelTime.FromSeconds(1);
        Send(run, lma, Pbu(2, HandoffIndicator.AttachmentOverNewInterface, 1, t), magA.Ref);
        var hnp = magA.ExpectMsg<ProxyBindingAcknowledgement>().HomeNetworkPrefix;

        var unknown = Pbu(3, HandoffIndicator.HandoffStateUnknown, 1, t + ModelTime.FromSeconds(5));
        Send(run, lma, unknown, magB.Ref);
        magB.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        // The previous MAG's de-registration carries a later timestamp than the held PBU: it is what the
        // PBU waited for, not a newer registration that would make the PBU stale (§5.5).
        var dereg = Pbu(2, HandoffIndicator.HandoffStateUnknown, 2, t + ModelTime.FromSeconds(5.2), lifetime: 0, prefix: hnp);
        Send(run, lma, dereg, magA.Ref);
        var deregAck = magA.ExpectMsg<ProxyBindingAcknowledgement>();
        Assert.True(deregAck.IsDeregistration);
        Assert.Equal(BindingStatus.Accepted, deregAck.Status);
        var pba = magB.ExpectMsg<ProxyBindingAcknowledgement>();
        Assert.Equal(BindingStatus.Accepted, pba.Status);
        Assert.Equal(hnp, pba.HomeNetworkPrefix);
        // Decided once both had arrived, not after MaxDelayBeforeNewBCEAssign (§5.4.1.3).
        var both = unknown.ArrivesAt > dereg.ArrivesAt ? unknown.ArrivesAt : dereg.ArrivesAt;
        Assert.Equal(both + run.Channel.ServiceTime, pba.SentAt);
        Assert.Equal(3, Bindings(lma).Entries.Single().CareOf);
    }

    [Fact]
    public void Handoff_state_unknown_with_no_deregistration_is_decided_after_MaxDelayBeforeNewBCEAssign_as_a_new_session()
    {
        var (run, lma) = Lma();
        var (magA, magB) = (Mag(run, 2), Mag(run, 3));
        Send(run, lma, Pbu(2, HandoffIndicator.AttachmentOverNewInterface, 1, ModelTime.FromSeconds(1)), magA.Ref);
        magA.ExpectMsg<ProxyBindingAcknowledgement>();

        var unknown = Pbu(3, HandoffIndicator.HandoffStateUnknown, 1, ModelTime.FromSeconds(6));
        Send(run, lma, unknown, magB.Ref);
        var pba = magB.ExpectMsg<ProxyBindingAcknowledgement>(UnknownHandoffHold.WallClockWait + TimeSpan.FromSeconds(3));
        Assert.Equal(BindingStatus.Accepted, pba.Status);
        Assert.Equal(unknown.ArrivesAt + UnknownHandoffHold.MaxDelayBeforeNewBceAssign + run.Channel.ServiceTime, pba.SentAt);
        Assert.Equal(3, Bindings(lma).Entries.Single().CareOf);
    }

    [Fact]
    public void A_known_handoff_between_MAGs_is_decided_at_once()
    {
        var (run, lma) = Lma();
        var (magA, magB) = (Mag(run, 2), Mag(run, 3));
        Send(run, lma, Pbu(2, HandoffIndicator.AttachmentOverNewInterface, 1, ModelTime.FromSeconds(1)), magA.Ref);
        magA.ExpectMsg<ProxyBindingAcknowledgement>();
        var handoff = Pbu(3, HandoffIndicator.HandoffBetweenMagsSameInterface, 1, ModelTime.FromSeconds(6));
        Send(run, lma, handoff, magB.Ref);
        Assert.Equal(handoff.ArrivesAt + run.Channel.ServiceTime, magB.ExpectMsg<ProxyBindingAcknowledgement>(TimeSpan.FromMilliseconds(800)).SentAt);
    }

    BindingCacheSnapshot Bindings(IActorRef anchor) => anchor.Ask<BindingCacheSnapshot>(GetBindingCache.Instance, TimeSpan.FromSeconds(5)).Result;

    [Fact]
    public void A_stale_BU_gets_135_with_the_last_accepted_sequence_number_and_the_node_resynchronises()
    {
        var run = TestRuns.Context(TestRuns.Scenario("mipv6-bt", handovers: 0));
        var id = new MnIdentifier(0);
        var home = run.Policy.AnchorOf(id);
        var router = CreateTestProbe("ar");
        Array.Fill(run.Directory.AccessRouters, router.Ref);
        var ha = run.Directory.Anchors[home] = Sys.ActorOf(AnchorActor.Props(run, home), $"ha-{home}");
        var earlierNode = CreateTestProbe("mn-earlier");
        run.Directory.MobileNodes[0] = earlierNode.Ref;

        // The home agent has accepted sequence number 500 from the node (an earlier life of it).
        var earlier = new BindingUpdate(new ProcedureRef(id, 1, ProcedureKind.Attach), ModelTime.Zero, id, run.Policy.HomePrefixOf(id), 500, 900, 0);
        ha.Tell(earlier.Over(run, Endpoint.MobileNode(id, 0), Endpoint.Anchor(home)), earlierNode.Ref);
        Assert.Equal(BindingStatus.Accepted, earlierNode.ExpectMsg<BindingAcknowledgement>().Status);

        // The node starts afresh: its first BU carries sequence number 1, which is not newer than 500.
        var mn = run.Directory.MobileNodes[0] = Sys.ActorOf(MobileNodeActor.Props(run, id), "mn-0");
        mn.Tell(StartMobility.Instance, TestActor);
        var rs = router.ExpectMsg<RouterSolicitation>();
        router.Reply(new RouterAdvertisement(rs.Procedure, rs.SentAt + ModelTime.FromMilliseconds(5), 0, Prefix64.AccessLink(0))
            .Over(run, Endpoint.AccessRouter(0), Endpoint.MobileNode(id, 0)));

        ExpectMsg<MobilityFinished>(TimeSpan.FromSeconds(5));
        var binding = Bindings(ha).Entries.Single(e => e.MnId == id);
        // RFC 6275 §11.7.1: the node took 500 from the 135 and sent its BU again as 501.
        Assert.Equal(501, binding.SequenceNumber);
        Assert.Equal(1, run.Recorder.Retransmissions);
        Assert.Equal(0, run.Recorder.FailedRegistrations);
    }
}
