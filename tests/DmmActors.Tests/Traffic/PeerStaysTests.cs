using DmmActors.Addressing;
using DmmActors.Traffic;
using Xunit;

namespace DmmActors.Tests.Traffic;

/// <summary>
/// A mobile peer sends each packet from where it stood when the packet left, whatever order the
/// actors run in: a request for a moment the peer has not reached waits for it, one for a moment
/// it spent between links is lost at the source.
/// </summary>
public class PeerStaysTests
{
    static ModelTime S(double seconds) => ModelTime.FromSeconds(seconds);
    static readonly Prefix64 First = Prefix64.Delegated(0, 1), Second = Prefix64.Delegated(1, 1);

    readonly List<(string Request, ModelTime At, Stay? Stay)> sent = new();
    void Send(string request, ModelTime at, Stay? stay) => sent.Add((request, at, stay));

    [Fact]
    public void A_request_past_the_horizon_waits_for_the_peer_to_get_there_and_leaves_from_where_it_was()
    {
        var stays = new PeerStays<string>(waitForHorizon: true);
        stays.OnLink(S(10), router: 3, First, Send);
        // Three packets, at 10 s, 15 s and 20 s: only the first is within what the peer knows.
        stays.Request("flow", new PacketTrain(S(10), S(5), 3), Send);
        Assert.Equal([S(10)], sent.Select(p => p.At));

        // It draws its move: on the link until 18 s, so 15 s goes from router 3; 20 s is after the link went down.
        stays.Leaves(S(18), Send);
        Assert.Equal((S(15), 3, First), (sent[1].At, sent[1].Stay!.Value.Router, sent[1].Stay!.Value.Prefix));
        Assert.Equal(2, sent.Count);

        // Back on a link at 19 s, it knows no further yet; once it draws its next move, 20 s leaves from the new link, with the new prefix.
        stays.OnLink(S(19), router: 4, Second, Send);
        Assert.Equal(2, sent.Count);
        stays.Leaves(S(40), Send);
        Assert.Equal((S(20), 4, Second), (sent[2].At, sent[2].Stay!.Value.Router, sent[2].Stay!.Value.Prefix));
    }

    [Fact]
    public void A_packet_due_while_the_peer_had_no_address_is_lost_at_the_source()
    {
        var stays = new PeerStays<string>(waitForHorizon: true);
        stays.Request("early", new PacketTrain(S(1), S(1), 1), Send);
        Assert.Empty(sent);
        stays.OnLink(S(5), router: 2, First, Send);
        stays.Leaves(S(8), Send);
        stays.Request("gap", new PacketTrain(S(8.5), S(1), 1), Send);
        stays.OnLink(S(9), router: 7, Second, Send);
        // Before its first attachment, and between its links: no stay, so nothing leaves.
        Assert.Equal([("early", (Stay?)null), ("gap", null)], sent.Select(p => (p.Request, p.Stay)));
    }

    [Fact]
    public void Once_its_moves_are_over_the_peer_answers_anything_from_where_it_stays()
    {
        var stays = new PeerStays<string>(waitForHorizon: true);
        stays.OnLink(S(5), router: 2, First, Send);
        stays.Request("late", new PacketTrain(S(100), S(1), 2), Send);
        Assert.Empty(sent);
        stays.Settled(Send);
        Assert.All(sent, p => Assert.Equal(2, p.Stay!.Value.Router));
        Assert.Equal(2, sent.Count);
    }

    [Fact]
    public void In_a_storm_the_peer_answers_at_once_from_where_it_is()
    {
        var stays = new PeerStays<string>(waitForHorizon: false);
        stays.OnLink(S(5), router: 2, First, Send);
        stays.Request("storm", new PacketTrain(S(50), S(1), 1), Send);
        Assert.Equal(2, Assert.Single(sent).Stay!.Value.Router);
    }
}
