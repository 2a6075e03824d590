using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using DmmActors.Actors;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Practices.DmmCpDpSplit;

/// <summary>
/// RFC 8885's control/data-plane split at the level of its figures: real MAARs, each with its real
/// anchoring function, and the real CMD, with a probe for the node. Figure 1 (first attachment),
/// Figure 2 (a handover with the CMD as relay), Figure 4 (as proxy), the removal of a prefix the node
/// no longer keeps, and the refusals: a prefix the CMD holds no binding for, a forged programming PBU.
/// </summary>
[Collection("actors")]
public class SplitControlPlaneTests : TestKit
{
    static readonly MnIdentifier Mn = new(0);
    static readonly ProcedureRef Attach = new(Mn, 1, ProcedureKind.Attach), Handover = new(Mn, 2, ProcedureKind.Handover);
    static readonly Prefix64 First = Prefix64.Delegated(0, Mn.Index), Second = Prefix64.Delegated(1, Mn.Index);

    readonly ConcurrentQueue<ISignal> sent = new();
    readonly TestProbe mn;
    RunContext run = null!;
    int cmd;

    public SplitControlPlaneTests() : base(TestRuns.InMemoryJournal) => mn = CreateTestProbe("mn");

    /// <summary>A run of the practice with the CMD in <paramref name="mode"/> (cp-dp-split.cmd-mode), the CMD started.</summary>
    void Start(string mode = "relay")
    {
        run = TestRuns.Context(TestRuns.Scenario("dmm-cp-dp-split", mobileNodes: 4, extra: $"cp-dp-split.cmd-mode = {mode}, anchors.programming-delay = 7ms"),
            tap: (_, _, signal) => sent.Enqueue(signal));
        run.Directory.MobileNodes[0] = mn.Ref;
        cmd = run.Topology.FirstRegionalAnchor;
        run.Directory.Anchors[cmd] = Sys.ActorOf(AnchorActor.Props(run, cmd), "cmd");
    }

    IActorRef Maar(int index)
    {
        run.Directory.Anchors[index] = Sys.ActorOf(AnchorActor.Props(run, index), $"anchoring-{index}");
        return run.Directory.AccessRouters[index] = Sys.ActorOf(AccessRouterActor.Props(run, index), $"maar-{index}");
    }

    RouterAdvertisement Solicit(IActorRef maar, int index, ProcedureRef procedure, ModelTime at, IReadOnlyList<PrefixInUse>? keep = null, int previous = -1)
    {
        var from = Endpoint.MobileNode(Mn, index);
        maar.Tell(new RouterSolicitation(procedure, at, Mn).Over(run, from, Endpoint.AccessRouter(index)), mn.Ref);
        if (keep is not null) maar.Tell(new PrefixesInUse(procedure, at, Mn, previous, keep).Over(run, from, Endpoint.AccessRouter(index)), mn.Ref);
        return mn.ExpectMsg<RouterAdvertisement>();
    }

    BindingCacheEntry Entry(int anchor, Prefix64 prefix) =>
        run.Directory.Anchors[anchor].Ask<BindingCacheSnapshot>(GetBindingCache.Instance, TimeSpan.FromSeconds(5)).Result.Entries.Single(e => e.Prefix == prefix);

    /// <summary>Attached at MAAR 0, then moved to MAAR 1 keeping its first prefix for one session.</summary>
    RouterAdvertisement MoveKeeping(IReadOnlyList<PrefixInUse> keep, string mode = "relay")
    {
        Start(mode);
        var (first, second) = (Maar(0), Maar(1));
        Solicit(first, 0, Attach, ModelTime.FromSeconds(1));
        first.Tell(new LinkDown(Handover, ModelTime.FromSeconds(10), Mn));
        return Solicit(second, 1, Handover, ModelTime.FromSeconds(10.05), keep, previous: 0);
    }

    T[] Sent<T>() where T : ISignal => sent.OfType<T>().ToArray();

    [Fact]
    public void First_attachment_leases_a_prefix_of_the_MAARs_own_pool_and_registers_it_with_the_CMD()
    {
        Start();
        var ra = Solicit(Maar(0), 0, Attach, ModelTime.FromSeconds(1));
        Assert.Equal((0, First), (ra.AccessRouter, ra.Prefix));
        Assert.Empty(ra.Deprecated);
        // Figure 1: PBU and PBA, both with the D flag (§4.1, §4.2); the lease at the MAAR's own anchoring function crosses no link.
        var pbu = Assert.Single(Sent<ProxyBindingUpdate>());
        Assert.True(pbu.Dmm && pbu.HomeNetworkPrefix == First && pbu.ProxyCareOf == 0 && pbu.AnchoredPrefixes.Count == 0);
        var pba = Assert.Single(Sent<ProxyBindingAcknowledgement>());
        Assert.True(pba.Dmm && pba.Lma == cmd && pba.Status == BindingStatus.Accepted && pba.PreviousMaars.Count == 0);
        Assert.Equal(0, Entry(cmd, First).CareOf);
        Assert.Equal(0, Entry(0, First).CareOf);
    }

    [Fact]
    public void A_handover_is_relayed_to_the_previous_MAAR_which_tunnels_the_kept_prefix_to_the_serving_one()
    {
        var ra = MoveKeeping([new PrefixInUse(First, 1)]);
        Assert.Equal(Second, ra.Prefix);
        Assert.Equal([First], ra.Deprecated);
        var handover = sent.Where(s => s.Procedure == Handover).ToArray();
        // Figure 2: PBU to the CMD, PBU* to MAAR 0, PBA* back, PBA* to MAAR 1 naming MAAR 0 and its prefix, then the RA.
        Assert.Equal([SignalType.ProxyBindingUpdate, SignalType.ProxyBindingUpdate, SignalType.ProxyBindingAcknowledgement,
            SignalType.ProxyBindingAcknowledgement, SignalType.RouterAdvertisement], handover.Select(s => s.Type));
        var (register, relayed) = ((ProxyBindingUpdate)handover[0], (ProxyBindingUpdate)handover[1]);
        Assert.Equal((Second, 1, First), (register.HomeNetworkPrefix, register.ProxyCareOf, Assert.Single(register.AnchoredPrefixes)));
        Assert.Equal((First, cmd, 1, 1), (relayed.HomeNetworkPrefix, relayed.RelayedBy, relayed.ServingMaar, relayed.ProxyCareOf));
        var (programmed, answer) = ((ProxyBindingAcknowledgement)handover[2], (ProxyBindingAcknowledgement)handover[3]);
        Assert.Equal((0, 1, First), (programmed.Lma, programmed.ServingMaar, programmed.HomeNetworkPrefix));
        Assert.Equal([new PreviousMaar(0, First)], answer.PreviousMaars);
        // The route is programmed 7 ms (anchors.programming-delay) after MAAR 0 processed the PBU*, and the CMD relays only after that.
        Assert.True(programmed.SentAt >= relayed.ArrivesAt + ModelTime.FromMilliseconds(7));
        Assert.True(answer.SentAt >= programmed.ArrivesAt);
        Assert.Equal(1, Entry(0, First).CareOf);
        Assert.Equal((1, 1), (Entry(cmd, First).CareOf, Entry(cmd, Second).CareOf));
    }

    [Fact]
    public void A_prefix_the_node_no_longer_keeps_loses_its_binding_and_its_route_at_the_MAAR_anchoring_it()
    {
        var ra = MoveKeeping([]);
        Assert.Equal(Second, ra.Prefix);
        Assert.Empty(ra.Deprecated);
        // §3.5: the serving MAAR's registration ends the BCE; the CMD has MAAR 0 remove the route it gave its own link.
        var removal = Assert.Single(Sent<ProxyBindingUpdate>(), p => p.IsDeregistration);
        Assert.Equal((First, cmd, 0), (removal.HomeNetworkPrefix, removal.RelayedBy, removal.ServingMaar));
        AwaitAssert(() => Assert.Equal(BindingState.DeregistrationPending, Entry(0, First).State));
        Assert.Equal(BindingState.DeregistrationPending, Entry(cmd, First).State);
    }

    [Fact]
    public void A_kept_prefix_the_CMD_holds_no_binding_for_is_neither_sent_on_nor_advertised()
    {
        // The node claims a prefix of MAAR 2's pool that no MAAR ever gave it.
        var ra = MoveKeeping([new PrefixInUse(Prefix64.Delegated(2, Mn.Index), 1)]);
        Assert.Empty(ra.Deprecated);
        Assert.DoesNotContain(Sent<ProxyBindingUpdate>(), p => p.RelayedBy == cmd && !p.IsDeregistration);
    }

    [Fact]
    public void An_anchoring_MAAR_that_refuses_has_its_prefix_left_out_and_the_serving_MAAR_is_answered_all_the_same()
    {
        Start();
        var (first, second) = (Maar(0), Maar(1));
        Solicit(first, 0, Attach, ModelTime.FromSeconds(1));
        // MAAR 0's own allocation renews the lease later in model time than the move that follows: the CMD's PBU, older, is refused (RFC 5213 §5.5).
        var renewal = CreateTestProbe("renewal");
        run.Directory.Anchors[0].Tell(new PrefixLease(new ProcedureRef(Mn, 1, ProcedureKind.Refresh), Mn, 0, 9, ModelTime.FromSeconds(30),
            ModelTime.FromSeconds(3600)), renewal.Ref);
        renewal.ExpectMsg<PrefixLeaseAnswer>();
        first.Tell(new LinkDown(Handover, ModelTime.FromSeconds(10), Mn));
        var ra = Solicit(second, 1, Handover, ModelTime.FromSeconds(10.05), [new PrefixInUse(First, 1)], previous: 0);
        Assert.Equal(Second, ra.Prefix);
        Assert.Empty(ra.Deprecated);
        var refused = Sent<ProxyBindingAcknowledgement>().Single(a => a.Lma == 0);
        Assert.Equal((BindingStatus.TimestampLowerThanPrevAccepted, 1), (refused.Status, refused.ServingMaar));
        Assert.Empty(Sent<ProxyBindingAcknowledgement>().Single(a => a.Lma == cmd && a.Procedure == Handover).PreviousMaars);
        Assert.Equal(0, Entry(0, First).CareOf);
    }

    [Fact]
    public void A_programming_PBU_forged_in_the_CMDs_name_is_refused_with_154_and_moves_no_route()
    {
        Start();
        Solicit(Maar(0), 0, Attach, ModelTime.FromSeconds(1));
        var attacker = CreateTestProbe("attacker");
        var forged = new ProxyBindingUpdate(Handover, ModelTime.FromSeconds(2), Mn, First, HandoffIndicator.HandoffBetweenMagsSameInterface, 9,
            ModelTime.FromSeconds(2), 900, 5) { Dmm = true, RelayedBy = cmd, ServingMaar = 5 };
        run.Directory.Anchors[0].Tell(forged.Unsigned(run, Endpoint.Anchor(cmd), Endpoint.Anchor(0)), attacker.Ref);
        Assert.Equal(BindingStatus.MagNotAuthorizedForProxyReg, attacker.ExpectMsg<ProxyBindingAcknowledgement>().Status);
        Assert.Equal(0, Entry(0, First).CareOf);
    }

    [Fact]
    public void The_CMD_as_proxy_answers_the_serving_MAAR_before_the_previous_MAAR_has_programmed_its_route()
    {
        var ra = MoveKeeping([new PrefixInUse(First, 1)], mode: "proxy");
        Assert.Equal([First], ra.Deprecated);
        // Figure 4 (§3.4): the PBA* with the Previous MAAR option leaves as the PBU* does; MAAR 0's PBA* only closes the exchange.
        var relayed = Assert.Single(Sent<ProxyBindingUpdate>(), p => p.RelayedBy == cmd);
        var answer = Sent<ProxyBindingAcknowledgement>().Single(a => a.Procedure == Handover && a.Lma == cmd);
        // The RA may reach the node before MAAR 0 has answered: its PBA is awaited.
        ProxyBindingAcknowledgement programmed = null!;
        AwaitAssert(() => programmed = Sent<ProxyBindingAcknowledgement>().Single(a => a.Procedure == Handover && a.Lma == 0));
        Assert.Equal([new PreviousMaar(0, First)], answer.PreviousMaars);
        Assert.Equal(relayed.SentAt, answer.SentAt);
        Assert.True(answer.SentAt < programmed.ArrivesAt);
    }
}
