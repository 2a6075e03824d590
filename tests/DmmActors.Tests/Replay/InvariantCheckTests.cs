using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Replay;
using Xunit;

namespace DmmActors.Tests.Replay;

public class InvariantCheckTests
{
    static readonly MnIdentifier Mn = new(7);
    static readonly ModelTime Lifetime = ModelTime.FromSeconds(3600);

    static JournalEvent Registered(long seqNr, RegistrationKind kind, int careOf, double timestampS, ushort sequence = 1) =>
        new(0, seqNr, new BindingRegistered(Mn, ModelTime.FromSeconds(timestampS), kind, Prefix64.Delegated(0, 7), careOf, sequence,
            ModelTime.FromSeconds(timestampS), Lifetime));

    static JournalEvent Deregistered(long seqNr, int careOf, double timestampS, ushort sequence = 2) =>
        new(0, seqNr, new BindingDeregistered(Mn, ModelTime.FromSeconds(timestampS), careOf, sequence, ModelTime.FromSeconds(timestampS),
            BindingRules.MinDelayBeforeBceDelete));

    [Fact]
    public void A_clean_attach_handover_and_deregistration_break_nothing() =>
        Assert.Empty(InvariantCheck.Check([
            Registered(1, RegistrationKind.Initial, 3, 1),
            Deregistered(2, 3, 30),
            Registered(3, RegistrationKind.Handoff, 4, 30.05),
            Registered(4, RegistrationKind.Refresh, 4, 60),
        ], RegistrationOrdering.Timestamp));

    [Fact]
    public void Each_rule_names_its_offending_events()
    {
        var olderTimestamp = InvariantCheck.Check([Registered(1, RegistrationKind.Initial, 3, 10), Registered(2, RegistrationKind.Handoff, 4, 9)],
            RegistrationOrdering.Timestamp);
        Assert.Equal(InvariantCheck.Ordering, Assert.Single(olderTimestamp).Rule);
        Assert.Equal([1L, 2L], olderTimestamp[0].Events.Select(e => e.SequenceNr));

        var staleSequence = InvariantCheck.Check([Registered(1, RegistrationKind.Initial, 3, 1, sequence: 5), Registered(2, RegistrationKind.Handoff, 4, 2, sequence: 5)],
            RegistrationOrdering.SequenceNumber);
        Assert.Equal(InvariantCheck.Ordering, Assert.Single(staleSequence).Rule);

        var orphanRefresh = InvariantCheck.Check([Registered(1, RegistrationKind.Refresh, 3, 1)], RegistrationOrdering.Timestamp);
        Assert.Equal(InvariantCheck.RegisteredFirst, Assert.Single(orphanRefresh).Rule);

        var twoSessions = InvariantCheck.Check([Registered(1, RegistrationKind.Initial, 3, 1), Registered(2, RegistrationKind.Initial, 4, 2)],
            RegistrationOrdering.Timestamp);
        Assert.Equal(InvariantCheck.OneBinding, Assert.Single(twoSessions).Rule);

        var strangerDeregisters = InvariantCheck.Check([Registered(1, RegistrationKind.Initial, 3, 1), Deregistered(2, 5, 2)],
            RegistrationOrdering.Timestamp);
        Assert.Equal(InvariantCheck.DeregistrationFollows, Assert.Single(strangerDeregisters).Rule);
    }

    [Fact]
    public void A_MIPv6_node_deregisters_from_anywhere_and_a_binding_deleted_at_once_starts_its_numbers_afresh()
    {
        static JournalEvent Deleted(long seqNr, int careOf, double timestampS, ushort sequence) =>
            new(0, seqNr, new BindingDeregistered(Mn, ModelTime.FromSeconds(timestampS), careOf, sequence, ModelTime.Zero, ModelTime.Zero, Prefix64.Delegated(0, 7)));
        // RFC 6275 §10.3.2: from a care-of address it never registered here; RFC 6275 §9.5.1: a new entry takes any number.
        Assert.Empty(InvariantCheck.Check([
            Registered(1, RegistrationKind.Initial, 3, 1, sequence: 4),
            Deleted(2, 9, 2, sequence: 5),
            Registered(3, RegistrationKind.Initial, 4, 3, sequence: 1),
        ], RegistrationOrdering.SequenceNumber));
        var never = InvariantCheck.Check([Deleted(1, 9, 2, sequence: 5)], RegistrationOrdering.SequenceNumber);
        Assert.Equal(InvariantCheck.DeregistrationFollows, Assert.Single(never).Rule);
    }

    [Fact]
    public void A_new_session_after_the_old_binding_lapsed_is_no_second_binding() =>
        Assert.Empty(InvariantCheck.Check([Registered(1, RegistrationKind.Initial, 3, 1), Registered(2, RegistrationKind.Initial, 4, 4000)],
            RegistrationOrdering.Timestamp));
}
