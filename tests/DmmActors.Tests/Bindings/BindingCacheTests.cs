using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Protocol;
using Xunit;

namespace DmmActors.Tests.Bindings;

public class BindingCacheTests
{
    static readonly MnIdentifier Mn = new(7);
    static readonly ModelTime Hour = ModelTime.FromSeconds(3600);
    /// <summary>The prefix the anchor delegates to <see cref="Mn"/> from its pool.</summary>
    static readonly Prefix64 Delegated = Prefix64.Delegated(Anchor, Mn.Index);
    const int Anchor = 3, MagA = 10, MagB = 11;

    static ModelTime Ms(double ms) => ModelTime.FromMilliseconds(ms);

    static BindingRequest Pbu(int mag, double atMs, ModelTime? lifetime = null, ushort seq = 1, Prefix64 prefix = default) =>
        new(Mn, prefix, mag, seq, Ms(atMs), lifetime ?? Hour, Ms(atMs + 1));

    static BindingDecision DecideAndApply(BindingCache cache, BindingRequest request)
    {
        var decision = cache.Decide(request);
        if (decision.Event is not null) cache.Apply(decision.Event);
        return decision;
    }

    static BindingCache Lma() => new(Anchor, BindingRules.ProxyMobileIpv6(Hour));
    static BindingCache Ha() => new(Anchor, BindingRules.MobileIpv6(Hour));

    [Fact]
    public void With_route_history_a_packet_for_a_moment_before_a_handoff_is_routed_as_the_binding_stood_then()
    {
        foreach (var history in new[] { true, false })
        {
            var cache = new BindingCache(Anchor, BindingRules.ProxyMobileIpv6(Hour), routeHistory: history);
            DecideAndApply(cache, Pbu(MagA, 100));
            DecideAndApply(cache, Pbu(MagB, 500, seq: 2, prefix: Delegated));

            // The handoff took effect when its PBU arrived, 501 ms; a packet that reached the anchor at 400 ms went to MAG A.
            Assert.True(cache.TryRouteAsOf(Delegated, Ms(400), out var then));
            Assert.Equal(history ? MagA : MagB, then);
            Assert.True(cache.TryRouteAsOf(Delegated, Ms(501), out var now));
            Assert.Equal(MagB, now);
            // Signalling tunnelled by the binding goes by the binding as it is now.
            Assert.True(cache.TryRoute(Delegated, Ms(400), out var signalled));
            Assert.Equal(MagB, signalled);
        }
    }

    [Fact]
    public void With_route_history_a_packet_for_a_moment_after_a_de_registration_and_before_the_next_registration_finds_no_route()
    {
        var cache = new BindingCache(Anchor, BindingRules.ProxyMobileIpv6(Hour), routeHistory: true);
        DecideAndApply(cache, Pbu(MagA, 100));
        DecideAndApply(cache, Pbu(MagA, 300, lifetime: ModelTime.Zero, seq: 2, prefix: Delegated));
        DecideAndApply(cache, Pbu(MagB, 500, seq: 3, prefix: Delegated));

        Assert.True(cache.TryRouteAsOf(Delegated, Ms(600), out var careOf));
        Assert.Equal(MagB, careOf);
        // Between the de-registration (301 ms) and the new registration (501 ms) the entry was de-registered; before, it was MAG A's.
        Assert.False(cache.TryRouteAsOf(Delegated, Ms(400), out _));
        Assert.True(cache.TryRouteAsOf(Delegated, Ms(200), out var first));
        Assert.Equal(MagA, first);
    }

    [Fact]
    public void Initial_registration_delegates_a_prefix_from_the_anchors_pool()
    {
        var cache = Lma();
        var decision = DecideAndApply(cache, Pbu(MagA, 100));

        Assert.Equal(BindingStatus.Accepted, decision.Status);
        Assert.Equal(RegistrationKind.Initial, Assert.IsType<BindingRegistered>(decision.Event).Kind);
        Assert.Equal(Prefix64.Delegated(Anchor, Mn.Index), decision.Prefix);
        Assert.Equal(Anchor, decision.Prefix.PoolAnchor);
        Assert.True(cache.TryForward(Delegated, Ms(200), out var entry));
        Assert.Equal(MagA, entry.CareOf);
    }

    [Theory]
    [InlineData(HandoffIndicator.AttachmentOverNewInterface, RegistrationKind.Initial)]
    [InlineData(HandoffIndicator.HandoffBetweenMagsSameInterface, RegistrationKind.Handoff)]
    [InlineData(HandoffIndicator.HandoffBetweenInterfaces, RegistrationKind.Handoff)]
    public void The_handoff_indicator_of_a_PBU_asking_for_a_prefix_decides_between_a_new_session_and_an_update(HandoffIndicator hi, RegistrationKind expected)
    {
        // RFC 5213 §5.4.1.2: with the prefix left to the LMA, HI 1 is a new mobility session, 2 and 3 a handoff.
        var cache = Lma();
        DecideAndApply(cache, Pbu(MagA, 0));
        var decision = DecideAndApply(cache, Pbu(MagB, 1000) with { Handoff = hi });
        Assert.Equal(expected, Assert.IsType<BindingRegistered>(decision.Event).Kind);
        Assert.Equal(Delegated, decision.Prefix);
    }

    [Fact]
    public void An_unknown_handoff_awaits_the_previous_MAGs_deregistration_only_while_the_binding_is_active_elsewhere()
    {
        var cache = Lma();
        var unknown = Pbu(MagB, 1000) with { Handoff = HandoffIndicator.HandoffStateUnknown };
        Assert.False(cache.AwaitsDeregistration(unknown, out _));
        DecideAndApply(cache, Pbu(MagA, 0));
        Assert.True(cache.AwaitsDeregistration(unknown, out var previous));
        Assert.Equal(MagA, previous);
        Assert.False(cache.AwaitsDeregistration(unknown with { CareOf = MagA }, out _));
        Assert.False(cache.AwaitsDeregistration(unknown with { NoDeregistrationCame = true }, out _));
        Assert.Equal(RegistrationKind.Initial, Assert.IsType<BindingRegistered>(cache.Decide(unknown with { NoDeregistrationCame = true }).Event).Kind);
        DecideAndApply(cache, Pbu(MagA, 500, ModelTime.Zero, seq: 2, prefix: Delegated));
        Assert.False(cache.AwaitsDeregistration(unknown, out _));
    }

    [Fact]
    public void Out_of_window_carries_the_last_accepted_sequence_number()
    {
        var cache = Ha();
        DecideAndApply(cache, Pbu(MagA, 0, seq: 500));
        var stale = cache.Decide(Pbu(MagB, 10, seq: 3));
        Assert.Equal(BindingStatus.SequenceNumberOutOfWindow, stale.Status);
        Assert.Equal(500, stale.AcknowledgedSequence(3));
        Assert.Equal(7, DecideAndApply(cache, Pbu(MagB, 20, seq: 501)).AcknowledgedSequence(7));
    }

    [Fact]
    public void Lifetime_expires_and_a_refresh_extends_it()
    {
        var cache = Lma();
        var lifetime = ModelTime.FromSeconds(40);
        DecideAndApply(cache, Pbu(MagA, 0, lifetime));
        Assert.True(cache.TryForward(Delegated, ModelTime.FromSeconds(40), out _));
        Assert.False(cache.TryForward(Delegated, ModelTime.FromSeconds(41), out _));

        var refresh = DecideAndApply(cache, Pbu(MagA, 30_000, lifetime, seq: 2));
        Assert.Equal(RegistrationKind.Refresh, Assert.IsType<BindingRegistered>(refresh.Event).Kind);
        Assert.True(cache.TryForward(Delegated, ModelTime.FromSeconds(60), out var entry));
        Assert.Equal(ModelTime.FromMilliseconds(30_001) + lifetime, entry.ExpiresAt);
    }

    [Fact]
    public void Registration_after_expiry_is_a_new_mobility_session()
    {
        var cache = Lma();
        DecideAndApply(cache, Pbu(MagA, 0, ModelTime.FromSeconds(8)));
        var late = DecideAndApply(cache, Pbu(MagB, 20_000));
        Assert.Equal(RegistrationKind.Initial, Assert.IsType<BindingRegistered>(late.Event).Kind);
    }

    [Fact]
    public void Granted_lifetime_is_capped_by_the_anchor()
    {
        var cache = new BindingCache(Anchor, BindingRules.ProxyMobileIpv6(ModelTime.FromSeconds(60)));
        var decision = DecideAndApply(cache, Pbu(MagA, 0, Hour));
        Assert.Equal(ModelTime.FromSeconds(60), decision.GrantedLifetime);
    }

    [Fact]
    public void Handoff_moves_the_binding_and_keeps_the_home_network_prefix()
    {
        var cache = Lma();
        var first = DecideAndApply(cache, Pbu(MagA, 0));
        var handoff = DecideAndApply(cache, Pbu(MagB, 5_000));

        var registered = Assert.IsType<BindingRegistered>(handoff.Event);
        Assert.Equal(RegistrationKind.Handoff, registered.Kind);
        Assert.Equal(first.Prefix, handoff.Prefix);
        Assert.True(cache.TryForward(Delegated, Ms(6_000), out var entry));
        Assert.Equal(MagB, entry.CareOf);
    }

    [Fact]
    public void Deregistration_from_the_registered_mag_waits_MinDelayBeforeBCEDelete()
    {
        var cache = Lma();
        DecideAndApply(cache, Pbu(MagA, 0));
        var dereg = DecideAndApply(cache, Pbu(MagA, 1_000, ModelTime.Zero, seq: 2));

        var e = Assert.IsType<BindingDeregistered>(dereg.Event);
        Assert.Equal(BindingRules.MinDelayBeforeBceDelete, e.DeleteAfter);
        Assert.True(cache.TryGet(Delegated, out var entry));
        Assert.Equal(BindingState.DeregistrationPending, entry.State);
        Assert.False(cache.TryForward(Delegated, Ms(1_500), out _));

        // A new MAG registering within the delay finds the entry and takes it over (RFC 5213 §5.3.5).
        var handoff = DecideAndApply(cache, Pbu(MagB, 2_000));
        Assert.Equal(RegistrationKind.Handoff, Assert.IsType<BindingRegistered>(handoff.Event).Kind);
        Assert.True(cache.TryForward(Delegated, Ms(2_500), out var moved));
        Assert.Equal(MagB, moved.CareOf);
    }

    [Fact]
    public void Deregistration_from_a_mag_that_no_longer_holds_the_binding_changes_nothing()
    {
        var cache = Lma();
        DecideAndApply(cache, Pbu(MagA, 0));
        DecideAndApply(cache, Pbu(MagB, 5_000));
        var stale = DecideAndApply(cache, Pbu(MagA, 6_000, ModelTime.Zero, seq: 2));

        Assert.Equal(BindingStatus.Accepted, stale.Status);
        Assert.Null(stale.Event);
        Assert.True(cache.TryForward(Delegated, Ms(7_000), out var entry));
        Assert.Equal(MagB, entry.CareOf);
    }

    [Fact]
    public void Pmipv6_rejects_a_timestamp_lower_than_the_last_accepted()
    {
        var cache = Lma();
        DecideAndApply(cache, Pbu(MagB, 5_000));
        var old = DecideAndApply(cache, Pbu(MagA, 4_000));

        Assert.Equal(BindingStatus.TimestampLowerThanPrevAccepted, old.Status);
        Assert.Null(old.Event);
        Assert.True(cache.TryGet(Delegated, out var entry));
        Assert.Equal(MagB, entry.CareOf);
    }

    [Fact]
    public void Mipv6_rejects_out_of_order_sequence_numbers_modulo_2_16()
    {
        var cache = Ha();
        DecideAndApply(cache, Pbu(MagA, 0, seq: 10));
        Assert.Equal(BindingStatus.SequenceNumberOutOfWindow, cache.Decide(Pbu(MagB, 10, seq: 9)).Status);
        Assert.Equal(BindingStatus.SequenceNumberOutOfWindow, cache.Decide(Pbu(MagB, 10, seq: 10)).Status);
        Assert.Equal(BindingStatus.Accepted, cache.Decide(Pbu(MagB, 10, seq: 11)).Status);

        var wrapped = Ha();
        DecideAndApply(wrapped, Pbu(MagA, 0, seq: 65535));
        Assert.Equal(BindingStatus.Accepted, wrapped.Decide(Pbu(MagB, 10, seq: 0)).Status);
        Assert.Equal(BindingStatus.SequenceNumberOutOfWindow, wrapped.Decide(Pbu(MagB, 10, seq: 65000)).Status);
    }

    [Fact]
    public void Mipv6_deregistration_deletes_the_entry_at_once()
    {
        var cache = Ha();
        DecideAndApply(cache, Pbu(MagA, 0, seq: 1));
        var dereg = DecideAndApply(cache, Pbu(MagA, 10, ModelTime.Zero, seq: 2));
        Assert.Equal(BindingStatus.Accepted, dereg.Status);
        Assert.False(cache.TryGet(Delegated, out _));
    }

    [Fact]
    public void Deregistration_for_an_unknown_node_is_refused()
    {
        Assert.Equal(BindingStatus.NotLmaForThisMobileNode, Lma().Decide(Pbu(MagA, 0, ModelTime.Zero)).Status);
        Assert.Equal(BindingStatus.NotHomeAgentForThisMobileNode, Ha().Decide(Pbu(MagA, 0, ModelTime.Zero)).Status);
    }

    [Fact]
    public void A_prefix_outside_the_anchors_pool_is_refused()
    {
        var foreign = Prefix64.Delegated(Anchor + 1, Mn.Index);
        Assert.Equal(BindingStatus.NotAuthorizedForHomeNetworkPrefix, Lma().Decide(Pbu(MagA, 0, prefix: foreign)).Status);

        var cache = Lma();
        DecideAndApply(cache, Pbu(MagA, 0));
        Assert.Equal(BindingStatus.BcePbuPrefixSetDoNotMatch, cache.Decide(Pbu(MagB, 10, prefix: foreign)).Status);
    }

    [Fact]
    public void Refreshes_fall_due_after_the_refresh_ratio_of_each_lifetime()
    {
        var schedule = new RefreshSchedule(ModelTime.FromSeconds(40), 0.8);
        Assert.Equal([ModelTime.FromSeconds(42), ModelTime.FromSeconds(74), ModelTime.FromSeconds(106)],
            schedule.Due(ModelTime.FromSeconds(10), ModelTime.FromSeconds(110)));
        Assert.Empty(schedule.Due(ModelTime.FromSeconds(10), ModelTime.FromSeconds(42)));
    }

    [Fact]
    public void Checksum_depends_on_content_not_on_insertion_order()
    {
        BindingCache Build(params int[] order)
        {
            var cache = Lma();
            foreach (var mn in order)
                cache.Apply(new BindingRegistered(new MnIdentifier(mn), Ms(mn), RegistrationKind.Initial,
                    Prefix64.Delegated(Anchor, mn), MagA, 1, Ms(mn), Hour));
            return cache;
        }

        string Sum(BindingCache c) => BindingsChecksum.Compute([(Anchor, c.Entries)]);
        Assert.Equal(Sum(Build(1, 2, 3)), Sum(Build(3, 1, 2)));
        Assert.NotEqual(Sum(Build(1, 2, 3)), Sum(Build(1, 2)));
    }

    [Fact]
    public void A_relocated_binding_leaves_a_pointer_and_arrives_whole_at_the_new_anchor()
    {
        var prefix = Prefix64.Delegated(Anchor, Mn.Index);
        var source = Lma();
        DecideAndApply(source, Pbu(MagA, 0));
        Assert.True(source.TryGet(prefix, out var entry));

        var target = new BindingCache(Anchor + 1, BindingRules.ProxyMobileIpv6(ModelTime.FromSeconds(3600)));
        target.Apply(new BindingContextReceived(Mn, Ms(500), prefix, entry.CareOf, entry.SequenceNumber, entry.Timestamp, entry.Lifetime,
            entry.RegisteredAt, Anchor, 1, []));
        source.Apply(new BindingContextTransferred(Mn, Ms(510), prefix, Anchor + 1));

        Assert.False(source.TryGet(prefix, out _));
        Assert.True(source.TryRelocated(prefix, out var relocation));
        Assert.Equal(new Relocation(Anchor + 1, Ms(510)), relocation);
        Assert.True(target.TryForward(prefix, Ms(600), out var moved));
        Assert.Equal(entry with { }, moved);
        // A prefix from another anchor's pool, held here after a relocation, takes handoffs like any other.
        var handoff = target.Decide(Pbu(MagB, 1_000, prefix: prefix));
        Assert.Equal(BindingStatus.Accepted, handoff.Status);
        Assert.Equal(RegistrationKind.Handoff, ((BindingRegistered)handoff.Event!).Kind);
    }

    [Fact]
    public void A_prefix_handed_to_this_anchor_is_registered_again_after_its_binding_lapsed()
    {
        // Anchor 4 took over anchor 3's prefix; its binding was released and deleted since.
        var prefix = Prefix64.Delegated(Anchor, Mn.Index);
        var adopter = new BindingCache(Anchor + 1, BindingRules.ProxyMobileIpv6(Hour));
        adopter.Apply(new BindingContextReceived(Mn, Ms(0), prefix, MagA, 4, Ms(0), ModelTime.FromSeconds(8), Ms(0), Anchor, 1, []));
        Assert.False(adopter.TryForward(prefix, ModelTime.FromSeconds(20), out _));

        // Anchor 3 still sends on what comes for it; the node is back and asks for it again.
        var again = adopter.Decide(Pbu(MagB, 30_000, prefix: prefix));
        Assert.Equal(BindingStatus.Accepted, again.Status);
        Assert.Equal(RegistrationKind.Initial, ((BindingRegistered)again.Event!).Kind);
        Assert.Equal(prefix, again.Prefix);

        // A prefix of another pool that was never handed over stays refused.
        var stranger = Prefix64.Delegated(Anchor + 2, Mn.Index);
        Assert.Equal(BindingStatus.NotAuthorizedForHomeNetworkPrefix, adopter.Decide(Pbu(MagB, 30_000, prefix: stranger)).Status);
    }

    [Fact]
    public void Active_bindings_count_what_an_anchor_serves_not_the_deregistered_entries_it_keeps()
    {
        var cache = Lma();
        DecideAndApply(cache, Pbu(MagA, 0));
        Assert.Equal(1, cache.ActiveBindings);
        DecideAndApply(cache, Pbu(MagB, 1_000, seq: 2)); // handoff: the same binding
        Assert.Equal(1, cache.ActiveBindings);
        DecideAndApply(cache, Pbu(MagB, 2_000, lifetime: ModelTime.Zero, seq: 3)); // de-registered, kept for MinDelayBeforeBCEDelete
        Assert.Equal(0, cache.ActiveBindings);
        Assert.Equal(1, cache.Count);
        DecideAndApply(cache, Pbu(MagA, 3_000, seq: 4));
        Assert.Equal(1, cache.ActiveBindings);

        var prefix = Prefix64.Delegated(Anchor, Mn.Index);
        cache.Apply(new BindingContextTransferred(Mn, Ms(4_000), prefix, Anchor + 1));
        Assert.Equal(0, cache.ActiveBindings);
        Assert.Equal(0, cache.Count);
    }
}
