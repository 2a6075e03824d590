using Akka.Actor;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Protocol;

/// <summary>A node's packets out of the reverse tunnel at its anchor (RFC 5213 §6.10.5, RFC 6275 §10.4.5).</summary>
[Collection("actors")]
public class ReverseTunnelTests() : TestKit(TestRuns.InMemoryJournal)
{
    const int Mag = 2, OtherMag = 3, Node = 5;

    (RunContext Run, IActorRef Lma, Prefix64 Prefix) Registered()
    {
        var run = TestRuns.Context(TestRuns.Scenario("pmipv6", mobileNodes: 10, extra: "traffic.flow-rate = 10"));
        for (int r = 0; r < run.Directory.AccessRouters.Length; r++) run.Directory.AccessRouters[r] = CreateTestProbe($"ar-{r}").Ref;
        for (int m = 0; m < run.Directory.MobileNodes.Length; m++) run.Directory.MobileNodes[m] = CreateTestProbe($"mn-{m}").Ref;
        var lma = Sys.ActorOf(AnchorActor.Props(run, 0), "lma");
        var mag = CreateTestProbe("mag");
        lma.Tell(TestRuns.AttachPbu(Node, Mag).Over(run, Endpoint.AccessRouter(Mag), Endpoint.Anchor(0)), mag.Ref);
        var pba = mag.ExpectMsg<ProxyBindingAcknowledgement>();
        Assert.Equal(BindingStatus.Accepted, pba.Status);
        return (run, lma, pba.HomeNetworkPrefix);
    }

    static DataPacket Up(Prefix64 prefix, int from) =>
        new DataPacket(0, new MnIdentifier(Node), prefix, 1, ModelTime.FromSeconds(1), ModelTime.Zero, 0, 0)
        {
            Traffic = DataTraffic.Uplink, TunnelledFrom = from, Tunnels = 1,
        };

    [Fact]
    public void A_packet_from_the_registered_proxy_care_of_address_goes_on_to_the_correspondent_out_of_the_tunnel()
    {
        var (run, lma, prefix) = Registered();
        var cn = CreateTestProbe("cn");
        run.Directory.Correspondents[1] = cn.Ref;

        lma.Tell(Up(prefix, Mag));

        var delivered = cn.ExpectMsg<DataPacket>();
        Assert.True(delivered.Uplink);
        Assert.True(delivered.PathDelay > ModelTime.Zero, "the leg from the LMA to the correspondent adds its delay");
        var load = run.Recorder.Counters.DataLoadOf(0, uplink: true);
        Assert.Equal((1, 80, 0), (load.Packets, load.Bytes, load.EncapsulationBytes));
    }

    [Fact]
    public void A_packet_tunnelled_from_another_MAG_than_the_bound_one_is_dropped_and_its_node_told()
    {
        var (run, lma, prefix) = Registered();
        var cn = CreateTestProbe("cn");
        run.Directory.Correspondents[1] = cn.Ref;
        var node = CreateTestProbe("node");
        run.Directory.MobileNodes[Node] = node.Ref;

        lma.Tell(Up(prefix, OtherMag));

        Assert.Equal(DataTraffic.Uplink, node.ExpectMsg<ProbeLost>().Traffic);
        cn.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(0, run.Recorder.Counters.DataLoadOf(0, uplink: true).Packets);
    }
}
