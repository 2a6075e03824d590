using DmmActors.Addressing;
using DmmActors.Protocol;
using DmmActors.Topology;
using Xunit;

namespace DmmActors.Tests.Practices;

/// <summary>The channel stamps each signal's arrival from the topology; nothing else does.</summary>
public class ChannelTests
{
    static readonly MnIdentifier Mn = new(0);

    [Fact]
    public void A_signal_arrives_after_the_delay_of_the_path_between_its_endpoints()
    {
        var run = TestRuns.Context(TestRuns.Scenario("pmipv6-multi-lma"));
        var (t, channel) = (run.Topology, run.Channel);
        var sent = ModelTime.FromSeconds(1);
        var pbu = new ProxyBindingUpdate(new ProcedureRef(Mn, 1, ProcedureKind.Attach), sent, Mn, Prefix64.None,
            HandoffIndicator.AttachmentOverNewInterface, 1, sent, 900, 4);

        channel.Carry(pbu, Endpoint.AccessRouter(4), Endpoint.Anchor(1));

        Assert.Equal(sent + t.AnchorToRouter(1, 4).Delay, pbu.ArrivesAt);
        Assert.Equal(t.Radio, channel.Path(Endpoint.MobileNode(Mn, 4), Endpoint.AccessRouter(4)));
        Assert.Equal(t.Radio + t.AnchorToRouter(1, 4), channel.Path(Endpoint.MobileNode(Mn, 4), Endpoint.Anchor(1)));
        Assert.Equal(t.RouterToRouter(2, 7), channel.Path(Endpoint.AccessRouter(2), Endpoint.AccessRouter(7)));
        Assert.Equal(sent + run.Scenario.ServiceTime, channel.Departure(sent, Endpoint.Anchor(1)));
    }

    [Fact]
    public void A_copy_is_a_new_message_and_reading_an_arrival_never_stamped_is_a_defect()
    {
        var run = TestRuns.Context(TestRuns.Scenario("pmipv6"));
        var rs = new RouterSolicitation(new ProcedureRef(Mn, 1, ProcedureKind.Attach), ModelTime.Zero, Mn);
        run.Channel.Carry(rs, Endpoint.MobileNode(Mn, 3), Endpoint.AccessRouter(3));
        var again = rs with { SentAt = ModelTime.FromSeconds(4) };

        Assert.Equal(run.Topology.RadioDelay, rs.ArrivesAt);
        Assert.Contains("not sent through the channel", Assert.Throws<InvalidOperationException>(() => again.ArrivesAt).Message);
        // The arrival is the channel's: equality is the message's fields.
        Assert.Equal(rs with { SentAt = ModelTime.Zero }, rs);
    }

    [Fact]
    public void Between_two_anchors_a_message_crosses_both_anchors_links_and_the_grid_between_their_sites()
    {
        var run = TestRuns.Context(TestRuns.Scenario("pmipv6-multi-lma", anchors: 4));
        var (t, s) = (run.Topology, run.Scenario);
        var (a, b) = (t.AnchorSites[0], t.AnchorSites[3]);
        var grid = Math.Abs(a % t.Width - b % t.Width) + Math.Abs(a / t.Width - b / t.Width);
        Assert.True(grid > 0);

        var path = run.Channel.Path(Endpoint.Anchor(0), Endpoint.Anchor(3));

        Assert.Equal(new PathLength(s.AnchorLinkDelay + s.HopDelay * grid + s.AnchorLinkDelay, 1 + grid + 1), path);
        Assert.Equal(path, run.Channel.Path(Endpoint.Anchor(3), Endpoint.Anchor(0)));
    }

    [Fact]
    public void A_data_packet_grows_by_each_leg_it_is_carried_over_and_by_the_time_it_is_held()
    {
        var run = TestRuns.Context(TestRuns.Scenario("pmipv6-multi-lma"));
        var (t, channel) = (run.Topology, run.Channel);
        var sent = new DataPacket(0, Mn, Prefix64.Delegated(1, 0), 0, ModelTime.FromSeconds(2), ModelTime.Zero, 0, 0);

        var atAnchor = channel.Carry(sent, Endpoint.Correspondent(0), Endpoint.Anchor(1));
        var atRouter = channel.Tunnel(atAnchor, Endpoint.Anchor(1), Endpoint.AccessRouter(5));
        var held = channel.HoldUntil(atRouter, atRouter.ArrivesAt + ModelTime.FromMilliseconds(30));

        Assert.Equal(sent.SentAt + t.CorrespondentToAnchor(0, 1).Delay, atAnchor.ArrivesAt);
        Assert.Equal((t.CorrespondentToAnchor(0, 1) + t.AnchorToRouter(1, 5)).Hops, atRouter.PathHops);
        Assert.Equal((0, 1), (atAnchor.Tunnels, atRouter.Tunnels));
        Assert.Equal(atRouter.ArrivesAt + ModelTime.FromMilliseconds(30), held.ArrivesAt);
        // A packet that came after the moment it would be held until waits not at all.
        Assert.Equal(atRouter, channel.HoldUntil(atRouter, atAnchor.ArrivesAt));
    }

    [Fact]
    public void A_node_with_a_queue_serves_messages_in_turn_and_a_mobile_node_never_queues()
    {
        var run = TestRuns.Context(TestRuns.Scenario("pmipv6"));
        var service = ModelTime.FromMilliseconds(0.5);
        var links = new Channel(run.Topology, new ServiceModel(service, Servers: 0, AnchorServers: 1));
        var at = ModelTime.FromSeconds(3);

        Assert.Equal(at + service, links.Departure(at, Endpoint.Anchor(0)));
        Assert.Equal(at + service * 2, links.Departure(at, Endpoint.Anchor(0)));
        // Another anchor has its own queue; a router has none here (servers = 0), nor does a mobile node ever.
        Assert.Equal(at + service, links.Departure(at, Endpoint.Anchor(1)));
        Assert.Equal(at + service, links.Departure(at, Endpoint.AccessRouter(2)));
        Assert.Equal(at + service, links.Departure(at, Endpoint.AccessRouter(2)));
        Assert.Equal(at + service, links.Departure(at, Endpoint.MobileNode(Mn, 2)));
        Assert.Equal(at + service, links.Departure(at, Endpoint.MobileNode(Mn, 2)));

        var queues = links.Queues();
        Assert.Equal(["Anchor-0", "Anchor-1"], queues.Select(q => $"{q.Kind}-{q.Index}"));
        Assert.Equal((2, 500L), (queues[0].Messages, queues[0].WaitedMicroseconds));
        // What a cluster member's anchor 0 served is added to the driver's view of it.
        links.Absorb([queues[0]]);
        Assert.Equal(4, links.Queues()[0].Messages);
    }

    [Fact]
    public void Exponential_service_times_and_link_jitter_are_drawn_from_the_seed_and_so_repeat()
    {
        var run = TestRuns.Context(TestRuns.Scenario("pmipv6"));
        var mean = ModelTime.FromMilliseconds(1);
        ServiceModel Model(ulong seed) => new(mean, Exponential: true, LinkJitter: ModelTime.FromMilliseconds(4), Seed: seed);
        var (a, b, other) = (new Channel(run.Topology, Model(5)), new Channel(run.Topology, Model(5)), new Channel(run.Topology, Model(6)));
        var arrivals = Enumerable.Range(0, 4_000).Select(i => ModelTime.FromMilliseconds(i * 3.7)).ToArray();

        var services = arrivals.Select(t => (a.Departure(t, Endpoint.AccessRouter(1)) - t).Microseconds).ToArray();
        Assert.Equal(services, arrivals.Select(t => (b.Departure(t, Endpoint.AccessRouter(1)) - t).Microseconds));
        Assert.NotEqual(services, arrivals.Select(t => (other.Departure(t, Endpoint.AccessRouter(1)) - t).Microseconds));
        Assert.InRange(services.Average(), 900, 1_100);

        var path = a.Path(Endpoint.AccessRouter(1), Endpoint.Anchor(0)).Delay;
        var late = arrivals.Select(t =>
        {
            var rs = new RouterSolicitation(new ProcedureRef(Mn, 1, ProcedureKind.Attach), t, Mn);
            return (a.Carry(rs, Endpoint.AccessRouter(1), Endpoint.Anchor(0)).ArrivesAt - t - path).Microseconds;
        }).ToArray();
        Assert.InRange(late.Min(), 0, 100);
        Assert.InRange(late.Max(), 3_900, 4_000);
        Assert.InRange(late.Average(), 1_800, 2_200);
    }

    /// <summary>A kind no one has attached, as a test's own kind: the network gives no path to its nodes until it is attached.</summary>
    static readonly NodeKind MobileRouter = NodeKind.Define("TestMobileRouter");

    [Fact]
    public void A_kind_nothing_attached_has_no_path_and_a_new_kind_is_attached_as_data()
    {
        var run = TestRuns.Context(TestRuns.Scenario("pmipv6"));
        var (t, channel) = (run.Topology, run.Channel);
        // No multicast in this run, so no MTMA; and no one has said where a mobile router stands.
        Assert.Contains("no path to", Assert.Throws<ArgumentException>(() => channel.Path(Endpoint.AccessRouter(0), Endpoint.Mtma)).Message);
        var router = new Endpoint(MobileRouter, 0, Router: 5);
        Assert.Throws<ArgumentException>(() => channel.Path(router, Endpoint.Anchor(0)));

        // A mobile router on access router 5's link, by radio, as a mobile node is: nothing of the other kinds changes.
        var links = new Channel(t, ServiceModel.Fixed(run.Scenario.ServiceTime));
        links.Attach(MobileRouter, at => new Attachment(at.Router, t.Radio));
        Assert.Equal(t.Radio + t.AnchorToRouter(0, 5), links.Path(router, Endpoint.Anchor(0)));
        Assert.Equal(channel.Path(Endpoint.MobileNode(Mn, 5), Endpoint.Anchor(0)), links.Path(Endpoint.MobileNode(Mn, 5), Endpoint.Anchor(0)));
    }
}
