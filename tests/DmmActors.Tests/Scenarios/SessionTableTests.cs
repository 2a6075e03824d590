using DmmActors.Addressing;
using DmmActors.Traffic;
using Xunit;

namespace DmmActors.Tests.Scenarios;

/// <summary>Sessions and the source address each one picks (RFC 6724 §5 rule 3; RFC 8653 §3.1).</summary>
public class SessionTableTests
{
    static readonly MnIdentifier Mn = new(3);
    static readonly Prefix64 First = Prefix64.Delegated(1, 3), Second = Prefix64.Delegated(2, 3);

    static SessionTable Table(double continuityShare, string duration = "60s") =>
        new(TestRuns.Scenario("dmm-anchor-relocation", sessions: 16,
            extra: $"traffic {{ session-duration = {duration}, continuity-share = {continuityShare} }}"), Mn, 2);

    [Fact]
    public void New_sessions_take_the_preferred_prefix_never_a_deprecated_one()
    {
        var table = Table(1.0);
        table.Open(ModelTime.Zero, First);
        Assert.All(table.Sessions, s => Assert.Equal(First, s.Prefix));

        var moved = ModelTime.FromSeconds(10);
        var alive = table.Sessions.Select(s => s.EndsAt > moved).ToArray();
        table.Moved(moved, Second, [Second, First]);
        // Every session needs continuity and its prefix was kept: each one still open keeps its
        // address; one that ended during the move is followed by one on the preferred prefix.
        for (int slot = 0; slot < alive.Length; slot++) Assert.Equal(alive[slot] ? First : Second, table.Sessions[slot].Prefix);
        Assert.Contains(true, alive);

        // From now on, sessions that end are followed by sessions on the preferred prefix.
        table.AdvanceTo(ModelTime.FromSeconds(10_000), Second);
        Assert.All(table.Sessions, s => Assert.Equal(Second, s.Prefix));
        Assert.All(table.Sessions, s => Assert.True(s.StartedAt > moved));
    }

    [Fact]
    public void Nomadic_sessions_restart_on_the_new_prefix_while_continuity_keeps_the_old_one()
    {
        var table = Table(0.5);
        table.Open(ModelTime.Zero, First);
        var moved = ModelTime.FromMilliseconds(10);
        var alive = table.Sessions.Where(s => s.EndsAt > moved).ToArray();
        table.Moved(moved, Second, [Second, First]);

        var continuing = table.Sessions.Where(s => s.Prefix == First).ToArray();
        Assert.NotEmpty(continuing);
        Assert.All(continuing, s => Assert.True(s.NeedsContinuity));
        Assert.Equal(alive.Count(s => s.NeedsContinuity), continuing.Length);
        Assert.Contains(table.Sessions, s => s.Prefix == Second && s.StartedAt == moved);
        Assert.Equal([new DmmActors.Protocol.PrefixInUse(First, continuing.Length)],
            table.NeedingContinuity().Where(p => p.Prefix == First));
    }

    [Fact]
    public void A_deprecated_prefix_is_unused_from_the_moment_its_last_session_ended()
    {
        var table = Table(1.0);
        table.Open(ModelTime.Zero, First);
        table.Moved(ModelTime.FromMilliseconds(1), Second, [Second, First]);
        var lastEnd = table.Sessions.Where(s => s.Prefix == First).Max(s => s.EndsAt);

        Assert.Empty(table.AdvanceTo(lastEnd - new ModelTime(1), Second));
        var unused = Assert.Single(table.AdvanceTo(lastEnd, Second));
        Assert.Equal(new PrefixUnused(First, lastEnd), unused);
        Assert.DoesNotContain(table.Sessions, s => s.Prefix == First);
    }

    [Fact]
    public void Without_session_ends_every_session_lasts_the_walk()
    {
        var table = Table(1.0, duration: "0s");
        table.Open(ModelTime.Zero, First);
        Assert.Empty(table.AdvanceTo(ModelTime.FromSeconds(1e6), First));
        Assert.All(table.Sessions, s => Assert.Equal(ModelTime.Zero, s.StartedAt));
    }
}
