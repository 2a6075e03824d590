using Akka.Actor;
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
        proxy.LinkUp(mn, ModelTime.FromMilliseconds(1_000), ModelTime.FromMilliseconds(1_000), new ProcedureRef(mn, 2, ProcedureKind.Handover), ActorRefs.Nobody, ActorRefs.Nobody);
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
        proxy.LinkUp(starved, ModelTime.FromMilliseconds(1_000), ModelTime.FromMilliseconds(1_000), new ProcedureRef(starved, 2, ProcedureKind.Handover), ActorRefs.Nobody, ActorRefs.Nobody);
        proxy.Listen(starved, 7, ThroughAnchor0, ModelTime.FromMilliseconds(1_040), new ProcedureRef(starved, 2, ProcedureKind.Handover));
        proxy.Gone(starved, ModelTime.FromMilliseconds(1_100), new ProcedureRef(starved, 3, ProcedureKind.Handover), ActorRefs.Nobody, ActorRefs.Nobody);

        proxy.OnPacket(Copy(1, 1_400));

        Assert.Empty(proxy.Tally().JoinLatencies);
    }

    /// <summary>
    /// RFC 3810 §7.4, §9.4: a node that left sends no Done; the router keeps it as a listener for
    /// the Multicast Address Listening Interval after its last report, and stays joined meanwhile.
    /// A report restarts the timer; the link's periodic queries go out once its end is known.
    /// </summary>
    [Fact]
    public void A_listener_that_left_is_kept_for_the_listening_interval_after_its_last_report()
    {
        var (last, down) = (Ms(126_040), Ms(130_000));
        // Heard as it arrived, and in answer to the query of 126 s.
        var (run, proxy) = OneListenerThatLeft("", down, Ms(1_040), last);

        // The query on arrival and the one 125 s later, before the link went down.
        Assert.Equal(2, run.Recorder.Counters[DmmActors.Metrics.Counter.MldQueriesSent]);
        var interval = run.Scenario.Multicast.ListenerInterval;
        Assert.Equal(ModelTime.FromSeconds(260), interval);
        var leave = run.Channel.ServiceAfter(last + interval, Addressing.Endpoint.AccessRouter(3));
        Assert.True(proxy.JoinedLocally(Packet(down + Ms(1))), "still joined after the link went down");
        Assert.True(proxy.JoinedLocally(Packet(leave - Ms(1))), "joined until the listening interval ran out");
        Assert.False(proxy.JoinedLocally(Packet(leave + Ms(1))), "left once it ran out");

        // Copies that come after the node left count at the router, but reach no one.
        proxy.OnPacket(Packet(Ms(2_000)) with { Sequence = 1 });
        proxy.OnPacket(Packet(down + Ms(1)) with { Sequence = 2 });
        var tally = proxy.Tally();
        Assert.Equal(2, tally.Copies);
        Assert.Equal(1, tally.Unheard);
        Assert.Equal([1], tally.Deliveries.Single().Sequences);
    }

    /// <summary>multicast.leave = on-departure: a MAG that detects the detachment drops the listener as its link goes down.</summary>
    [Fact]
    public void With_leave_on_departure_the_router_leaves_as_the_link_goes_down()
    {
        var (run, proxy) = OneListenerThatLeft(", leave = on-departure", Ms(30_000), Ms(1_040));

        var leave = run.Channel.ServiceAfter(Ms(30_000), Addressing.Endpoint.AccessRouter(3));
        Assert.True(proxy.JoinedLocally(Packet(leave - Ms(1))));
        Assert.False(proxy.JoinedLocally(Packet(leave + Ms(1))));
    }

    /// <summary>
    /// Router 3's proxy, in direct mode, after node 1's stay: its link came up at 1 s, the router
    /// heard it at <paramref name="heard"/>, and its link went down at <paramref name="down"/>.
    /// </summary>
    static (Emulation.RunContext, MldProxy) OneListenerThatLeft(string settings, ModelTime down, params ModelTime[] heard)
    {
        var run = TestRuns.Context(TestRuns.Scenario("pmipv6", extra: $"multicast {{ enabled = on, mode = direct, groups = 8{settings} }}"));
        var proxy = new MldProxy(run, accessRouter: 3);
        var mn = new MnIdentifier(1);
        var stay = new ProcedureRef(mn, 2, ProcedureKind.Handover);
        proxy.LinkUp(mn, Ms(1_000), Ms(1_000), stay, ActorRefs.Nobody, ActorRefs.Nobody);
        foreach (var at in heard) proxy.Listen(mn, 7, Upstream.Local, at, stay);
        proxy.Gone(mn, down, new ProcedureRef(mn, 3, ProcedureKind.Handover), ActorRefs.Nobody, ActorRefs.Nobody);
        proxy.ReportUpstream(ActorRefs.Nobody);
        return (run, proxy);
    }

    /// <summary>
    /// RFC 3810 §7.1: the periodic queries of a link fall on its first query's Query Interval grid,
    /// before the link's end; a query off the grid is another first query (an RS sent again), and
    /// a QQIC of 0 gives none.
    /// </summary>
    [Fact]
    public void Periodic_queries_fall_on_the_first_querys_interval_grid_before_the_link_goes_down()
    {
        var first = new MldQuery(default, Ms(1_000), 3, Ms(10_000)) { QueryInterval = ModelTime.FromSeconds(125) };
        Assert.Equal([Ms(126_000), Ms(251_000)], first.Following(Ms(300_000)).Select(q => q.SentAt));
        Assert.Empty(first.Following(Ms(126_000)));
        Assert.True(first.IsFollowedBy(first with { SentAt = Ms(251_000) }));
        Assert.False(first.IsFollowedBy(first with { SentAt = Ms(4_000) }), "an RS sent again brings a first query off the grid");
        Assert.False(first.IsFollowedBy(first));
        Assert.Empty((first with { QueryInterval = ModelTime.Zero }).Following(Ms(300_000)));
    }

    static ModelTime Ms(double ms) => ModelTime.FromMilliseconds(ms);

    static MulticastPacket Packet(ModelTime arrivesAt) =>
        new(7, 0, arrivesAt - Ms(10), Ms(10), Upstream.Local.Router, Upstream.Local.Tunnel);
}
