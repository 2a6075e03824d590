using DmmActors.Addressing;
using DmmActors.Multicast;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Multicast;

public class MldProxyTests
{
    static readonly Upstream ThroughAnchor0 = new(0, Upstream.SharedTunnel);

    static MulticastPacket Copy(int sequence, double arrivesAtMs) =>
        new(7, sequence, ModelTime.FromMilliseconds(arrivesAtMs - 10), ModelTime.FromMilliseconds(10), ThroughAnchor0.Router, ThroughAnchor0.Tunnel);

    [Fact]
    public void A_handover_listener_waits_from_its_link_up_to_the_first_copy_that_reaches_it()
    {
        var proxy = new MldProxy(TestRuns.Context(TestRuns.Scenario("pmipv6")), accessRouter: 3);
        var mn = new MnIdentifier(1);
        proxy.LinkUp(mn, ModelTime.FromMilliseconds(1_000));
        proxy.Listen(mn, 7, ThroughAnchor0, ModelTime.FromMilliseconds(1_040), new ProcedureRef(mn, 2, ProcedureKind.Handover));

        proxy.OnPacket(Copy(1, 1_020));   // before the proxy knew of the listener: not for it
        proxy.OnPacket(Copy(3, 1_900));   // copies may come in out of model-time order
        proxy.OnPacket(Copy(2, 1_400));

        var tally = proxy.Tally();
        Assert.Equal([ModelTime.FromMilliseconds(400)], tally.JoinLatencies);
        Assert.Equal([2, 3], tally.Deliveries.Single().Sequences.Order());
    }

    [Fact]
    public void A_listener_from_its_first_attach_or_one_that_got_no_copy_gives_no_join_sample()
    {
        var proxy = new MldProxy(TestRuns.Context(TestRuns.Scenario("pmipv6")), accessRouter: 3);
        MnIdentifier first = new(1), starved = new(2);
        proxy.Listen(first, 7, ThroughAnchor0, ModelTime.FromMilliseconds(50), new ProcedureRef(first, 0, ProcedureKind.Attach));
        proxy.LinkUp(starved, ModelTime.FromMilliseconds(1_000));
        proxy.Listen(starved, 7, ThroughAnchor0, ModelTime.FromMilliseconds(1_040), new ProcedureRef(starved, 2, ProcedureKind.Handover));
        proxy.Gone(starved, ModelTime.FromMilliseconds(1_100), new ProcedureRef(starved, 3, ProcedureKind.Handover));

        proxy.OnPacket(Copy(1, 1_400));

        Assert.Empty(proxy.Tally().JoinLatencies);
    }
}
