using DmmActors.Addressing;
using DmmActors.Traffic;
using Xunit;

namespace DmmActors.Tests.Traffic;

/// <summary>Sessions between mobile nodes (traffic.mn-to-mn-share) are drawn from the seed, never with the node itself, and leave the other draws as they were.</summary>
public class SessionPeerTests
{
    static SessionTable Table(double share, int mn, int nodes = 50) =>
        new(TestRuns.Scenario("pmipv6-local-routing", mobileNodes: nodes, sessions: 8,
            extra: $"traffic {{ mn-to-mn-share = {share.ToString(System.Globalization.CultureInfo.InvariantCulture)}, session-duration = 5s }}"), new MnIdentifier(mn), correspondents: 2);

    [Fact]
    public void Without_the_share_every_session_is_with_a_correspondent_as_before()
    {
        var table = Table(0, mn: 3);
        Assert.All(table.Sessions, s => Assert.Equal((false, -1), (s.WithMobilePeer, s.Peer)));
    }

    [Fact]
    public void With_the_whole_share_every_session_is_with_another_node_and_stays_so_as_sessions_end()
    {
        var table = Table(1, mn: 3);
        table.Open(ModelTime.Zero, Prefix64.Delegated(0, 3));
        table.AdvanceTo(ModelTime.FromSeconds(60), Prefix64.Delegated(0, 3));
        Assert.All(table.Sessions, s =>
        {
            Assert.True(s.WithMobilePeer);
            Assert.InRange(s.Peer, 0, 49);
            Assert.NotEqual(3, s.Peer);
            Assert.Equal(-1, s.Correspondent);
        });
    }

    [Fact]
    public void A_share_draws_some_peers_the_same_way_for_the_same_seed()
    {
        var peers = Enumerable.Range(0, 50).SelectMany(mn => Table(0.3, mn).Sessions).Count(s => s.WithMobilePeer);
        Assert.InRange(peers, 50 * 8 * 0.2, 50 * 8 * 0.4);
        Assert.Equal(Table(0.3, 7).Sessions, Table(0.3, 7).Sessions);
    }
}
