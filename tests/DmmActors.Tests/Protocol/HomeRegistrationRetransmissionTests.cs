using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Control;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Protocol;

/// <summary>A MIPv6 node whose home agent does not answer (its cluster node died), with probes for the router and the home agent.</summary>
[Collection("actors")]
public class HomeRegistrationRetransmissionTests() : TestKit(TestRuns.InMemoryJournal)
{
    [Fact]
    public void An_unanswered_home_registration_is_sent_again_with_a_new_sequence_number_and_backed_off()
    {
        var run = TestRuns.Context(TestRuns.Scenario("mipv6-bt", handovers: 0), signallingTimeout: TimeSpan.FromMilliseconds(300));
        var id = new MnIdentifier(0);
        var router = CreateTestProbe("ar");
        var homeAgent = CreateTestProbe("ha");
        Array.Fill(run.Directory.AccessRouters, router.Ref);
        Array.Fill(run.Directory.Anchors, homeAgent.Ref);
        var mn = run.Directory.MobileNodes[0] = Sys.ActorOf(MobileNodeActor.Props(run, id), "mn-0");

        mn.Tell(StartMobility.Instance, TestActor);
        var rs = router.ExpectMsg<RouterSolicitation>();
        router.Reply(new RouterAdvertisement(rs.Procedure, rs.SentAt + ModelTime.FromMilliseconds(5), 0, Prefix64.AccessLink(0))
            .Over(run, Endpoint.AccessRouter(0), Endpoint.MobileNode(id, 0)));
        var first = homeAgent.ExpectMsg<BindingUpdate>();
        var second = homeAgent.ExpectMsg<BindingUpdate>(TimeSpan.FromSeconds(5));
        var third = homeAgent.ExpectMsg<BindingUpdate>(TimeSpan.FromSeconds(5));

        // RFC 6275 §11.8: InitialBindackTimeoutFirstReg (1.5 s) for a first home registration, then doubled.
        Assert.Equal(first.SentAt + ModelTime.FromMilliseconds(1500), second.SentAt);
        Assert.Equal(second.SentAt + ModelTime.FromSeconds(3), third.SentAt);
        Assert.Equal([first.SequenceNumber + 1, first.SequenceNumber + 2], new[] { second.SequenceNumber, third.SequenceNumber }.Select(n => (int)n));
        Assert.Equal(first.Procedure, third.Procedure);

        // The answer to a superseded BU is not awaited; the answer to the last completes the attach.
        var anchor = run.Policy.AnchorOf(id);
        mn.Tell(new BindingAcknowledgement(first.Procedure, first.SentAt + ModelTime.FromMilliseconds(10), BindingStatus.Accepted,
            first.SequenceNumber, first.LifetimeUnits, anchor).Over(run, Endpoint.Anchor(anchor), Endpoint.MobileNode(id, first.CareOfRouter)), homeAgent.Ref);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        mn.Tell(new BindingAcknowledgement(third.Procedure, third.SentAt + ModelTime.FromMilliseconds(10), BindingStatus.Accepted,
            third.SequenceNumber, third.LifetimeUnits, anchor).Over(run, Endpoint.Anchor(anchor), Endpoint.MobileNode(id, third.CareOfRouter)), homeAgent.Ref);
        ExpectMsg<MobilityFinished>();
        Assert.Equal(2, run.Recorder.Retransmissions);
        Assert.True(run.Recorder.Procedures.Single().Latency > ModelTime.FromMilliseconds(4500), "the back-off counts in the attach latency");
    }
}
