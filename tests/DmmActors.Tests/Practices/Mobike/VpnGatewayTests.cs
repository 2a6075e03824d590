using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Practices.Mobike;

/// <summary>
/// The VPN gateway at the level of RFC 4555 §3: a real anchor actor, probes for the node and the
/// access routers. The IKE SA set up (IKE_SA_INIT, IKE_AUTH with the inner address), then a move:
/// UPDATE_SA_ADDRESSES moves the IKE SA, the return routability check (COOKIE2) goes to the new
/// address, and only its answer moves the ESP tunnel there.
/// </summary>
[Collection("actors")]
public class VpnGatewayTests() : TestKit(TestRuns.InMemoryJournal)
{
    static readonly MnIdentifier Id = new(0);
    const int First = 3, Next = 4;
    static readonly ProcedureRef Attach = new(Id, 1, ProcedureKind.Attach), Handover = new(Id, 2, ProcedureKind.Handover);

    (RunContext Run, IActorRef Gateway, int Index, TestProbe Node, TestProbe[] Routers) Gateway()
    {
        var run = TestRuns.Context(TestRuns.Scenario("mobike", sessions: 1));
        var routers = Enumerable.Range(0, run.Directory.AccessRouters.Length).Select(r => CreateTestProbe($"ar-{r}")).ToArray();
        for (int r = 0; r < routers.Length; r++) run.Directory.AccessRouters[r] = routers[r].Ref;
        var node = CreateTestProbe("mn-0");
        run.Directory.MobileNodes[0] = node.Ref;
        var index = run.Policy.AnchorOf(Id);
        return (run, Sys.ActorOf(AnchorActor.Props(run, index), $"gw-{index}"), index, node, routers);
    }

    /// <summary>IKE_SA_INIT and IKE_AUTH from the first link: the IKE SA's SPIs.</summary>
    static IkeSpis SetUp(RunContext run, IActorRef gateway, int index, TestProbe node)
    {
        var from = Endpoint.MobileNode(Id, First);
        gateway.Tell(new IkeSaInit(Attach, ModelTime.FromSeconds(1), Id, index, First, new IkeSpis(0xABCD, 0), false).Over(run, from, Endpoint.Anchor(index)), node.Ref);
        var init = node.ExpectMsg<IkeSaInit>();
        Assert.True(init.Response);
        Assert.NotEqual(0UL, init.Spis.Responder);
        gateway.Tell(new IkeAuth(Attach, init.ArrivesAt, Id, index, First, init.Spis, false, Prefix64.None, EspSpis.TowardNode(Id)).Over(run, from, Endpoint.Anchor(index)), node.Ref);
        var auth = node.ExpectMsg<IkeAuth>();
        // RFC 7296 §3.15: the inner address on the gateway's pool; the binding is durable before the answer leaves.
        Assert.Equal((true, Prefix64.Delegated(index, Id.Index), EspSpis.TowardGateway(Id)), (auth.Response, auth.InnerPrefix, auth.EspSpi));
        Assert.Equal(1, TestRuns.CacheSize(gateway));
        return init.Spis;
    }

    DataPacket Downlink(IActorRef gateway, int index, ModelTime at) =>
        new(0, Id, Prefix64.Delegated(index, Id.Index), 0, at, ModelTime.Zero, 0, 0);

    [Fact]
    public void A_move_updates_the_IKE_SA_at_once_and_the_ESP_tunnel_only_once_the_return_routability_check_comes_back()
    {
        var (run, gateway, index, node, routers) = Gateway();
        var spis = SetUp(run, gateway, index, node);
        var moved = ModelTime.FromSeconds(30);
        var update = new IkeInformational(Handover, moved, Id, index, Next, spis, 2, FromInitiator: true, Response: false) { UpdateSaAddresses = true, Cookie2 = 0x1234 };
        gateway.Tell(update.Over(run, Endpoint.MobileNode(Id, Next), Endpoint.Anchor(index)), node.Ref);

        // §3.7: the gateway's own request, to the new address, with a cookie of its own.
        var check = node.ExpectMsg<IkeInformational>();
        Assert.Equal((false, false, Next, 0u), (check.FromInitiator, check.Response, check.CareOf, check.MessageId));
        Assert.NotEqual(0UL, check.Cookie2);
        // Until the check comes back, ESP still goes to the old address (§2.2).
        gateway.Tell(Downlink(gateway, index, moved + ModelTime.FromMilliseconds(20)));
        var early = routers[First].ExpectMsg<DataPacket>();
        Assert.Equal(Encapsulation.Esp, early.Encapsulation);

        // A check answered with another cookie moves nothing, and is counted.
        gateway.Tell(new IkeInformational(Handover, check.ArrivesAt, Id, index, Next, spis, check.MessageId, FromInitiator: true, Response: true) { Cookie2 = check.Cookie2 ^ 1 }
            .Over(run, Endpoint.MobileNode(Id, Next), Endpoint.Anchor(index)), node.Ref);
        node.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(1, run.Recorder.UnauthorisedSignalling);

        var answered = new IkeInformational(Handover, check.ArrivesAt, Id, index, Next, spis, check.MessageId, FromInitiator: true, Response: true) { Cookie2 = check.Cookie2 }
            .Over(run, Endpoint.MobileNode(Id, Next), Endpoint.Anchor(index));
        gateway.Tell(answered, node.Ref);
        var response = node.ExpectMsg<IkeInformational>();
        // The node's request answered, its cookie copied (§3.7).
        Assert.Equal((true, false, 2u, 0x1234UL), (response.Response, response.FromInitiator, response.MessageId, response.Cookie2));
        gateway.Tell(Downlink(gateway, index, answered.ArrivesAt + ModelTime.FromMilliseconds(1)));
        var late = routers[Next].ExpectMsg<DataPacket>();
        Assert.Equal((Encapsulation.Esp, 76), (late.Encapsulation, late.TunnelBytes));
    }

    [Fact]
    public void A_liveness_check_extends_the_binding_where_it_is_and_from_another_address_moves_nothing()
    {
        var (run, gateway, index, node, routers) = Gateway();
        var spis = SetUp(run, gateway, index, node);
        var refresh = new ProcedureRef(Id, 1, ProcedureKind.Refresh);
        // RFC 4555 §3.8: an INFORMATIONAL without UPDATE_SA_ADDRESSES from another address is answered, and changes nothing.
        gateway.Tell(new IkeInformational(refresh, ModelTime.FromSeconds(100), Id, index, Next, spis, 2, true, false)
            .Over(run, Endpoint.MobileNode(Id, Next), Endpoint.Anchor(index)), node.Ref);
        Assert.Equal((true, 2u), (node.ExpectMsg<IkeInformational>().Response, 2u));
        gateway.Tell(Downlink(gateway, index, ModelTime.FromSeconds(101)));
        routers[First].ExpectMsg<DataPacket>();
        routers[Next].ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_message_under_SPIs_the_gateway_does_not_hold_is_dropped()
    {
        var (run, gateway, index, node, _) = Gateway();
        var spis = SetUp(run, gateway, index, node);
        gateway.Tell(new IkeInformational(Handover, ModelTime.FromSeconds(30), Id, index, Next, spis with { Responder = spis.Responder + 1 }, 2, true, false)
            { UpdateSaAddresses = true }.Over(run, Endpoint.MobileNode(Id, Next), Endpoint.Anchor(index)), node.Ref);
        node.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(1, run.Recorder.UnauthorisedSignalling);
    }
}
