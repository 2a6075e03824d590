using DmmActors.Practices.DmmAnchorRelocation;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Protocol;

/// <summary>Selection among advertised anchors (draft §5.1): the nearest with room, the less loaded of two as near.</summary>
public class AnchorDiscoveryTests
{
    // 3×3 grid: router 4 is the centre, 1 3 5 7 one hop away, 0 2 6 8 two.
    static readonly Topology.NetworkTopology Grid = EmulationTopology();

    static Topology.NetworkTopology EmulationTopology() =>
        DmmActors.Practices.PracticeTopology.Of(TestRuns.Scenario("dmm-anchor-relocation"));

    [Fact]
    public void Without_a_capacity_the_anchor_on_the_router_itself_serves()
    {
        var discovery = new AnchorDiscovery(Grid, capacity: 0);
        discovery.Heard(4, 1_000_000, 10);
        Assert.Equal(4, discovery.Select(4));
    }

    [Fact]
    public void A_full_anchor_is_passed_over_for_the_nearest_with_room_then_the_less_loaded()
    {
        var discovery = new AnchorDiscovery(Grid, capacity: 10);
        discovery.Heard(4, 10, 10); // full
        discovery.Heard(1, 8, 10);
        discovery.Heard(7, 9, 10); // within one advertisement step of full: no room
        discovery.Heard(5, 3, 10);
        discovery.Heard(0, 0, 10); // emptiest, but two hops away
        Assert.Equal(5, discovery.Select(4));

        discovery.Heard(5, 10, 10);
        Assert.Equal(1, discovery.Select(4));
        discovery.Heard(1, 10, 10);
        Assert.Equal(0, discovery.Select(4));
        // A relocation never picks the anchor it starts from.
        discovery.Heard(4, 2, 10);
        Assert.Equal(4, discovery.Select(4));
        Assert.Equal(0, discovery.Select(4, excluding: 4));
        // None with room: nothing to pick.
        discovery.Heard(0, 10, 10);
        discovery.Heard(4, 10, 10);
        Assert.Equal(-1, discovery.Select(4));
    }

    /// <summary>
    /// Room is judged by the capacity each anchor advertised in its Load Information option
    /// (RFC 6463 §5), not by this router's own setting; a refusal for want of room marks it full.
    /// </summary>
    [Fact]
    public void Room_is_what_each_anchor_advertised_and_a_refusal_for_room_marks_it_full()
    {
        var discovery = new AnchorDiscovery(Grid, capacity: 10);
        discovery.Heard(4, 10, 10); // full by its own word
        discovery.Heard(1, 30, 100); // past this router's capacity, but not past its own
        discovery.Heard(5, 4, 5); // within one advertisement step of its small capacity: no room
        Assert.Equal(1, discovery.Select(4));
        discovery.Refused(1);
        Assert.Equal(-1, discovery.Select(4));
        // Not heard from yet: taken to have room.
        Assert.Equal(3, discovery.Select(3));
    }
}
