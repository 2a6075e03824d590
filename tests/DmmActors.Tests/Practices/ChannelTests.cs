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
        Assert.Equal(sent + run.Scenario.ProcessingDelay, channel.Departure(sent));
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
    public void Nodes_with_no_link_between_them_are_refused()
    {
        var run = TestRuns.Context(TestRuns.Scenario("pmipv6"));
        Assert.Throws<ArgumentException>(() => run.Channel.Path(Endpoint.MobileNode(Mn, 0), Endpoint.MobileNode(new MnIdentifier(Mn.Index + 1), 1)));
        Assert.Throws<ArgumentException>(() => run.Channel.Path(Endpoint.Correspondent(0), Endpoint.Correspondent(1)));
    }
}
