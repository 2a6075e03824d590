using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Control;
using DmmActors.Metrics;
using DmmActors.Protocol;
using DmmActors.Recording;
using DmmActors.Replay;
using Xunit;

namespace DmmActors.Tests.Replay;

public class RecordedProceduresTests
{
    static readonly MnIdentifier Mn = new(3);
    static ModelTime Ms(double ms) => ModelTime.FromMilliseconds(ms);

    static ProcedureFact Handover(int toRouter, double startMs, double usableMs) =>
        new(new ProcedureRecord(Mn, 2, ProcedureKind.Handover, 4, toRouter, 0, Ms(startMs), Ms(usableMs)), 99);

    static JournalEvent Registration(int careOf, double atMs) =>
        new(0, 1, new BindingRegistered(Mn, Ms(atMs), RegistrationKind.Handoff, Prefix64.Delegated(0, Mn.Index), careOf, 2, Ms(atMs),
            ModelTime.FromSeconds(3600)));

    [Fact]
    public void A_procedure_whose_registration_the_journal_holds_in_its_time_is_consistent() =>
        Assert.Empty(RecordedProcedures.Check([Handover(5, 1000, 1040)], [Registration(5, 1020)]));

    [Fact]
    public void A_procedure_registered_through_another_router_is_a_violation()
    {
        var violation = Assert.Single(RecordedProcedures.Check([Handover(5, 1000, 1040)], [Registration(6, 1020)]));
        Assert.Equal(RecordedProcedures.Registered, violation.Rule);
        Assert.Contains("ar-5", violation.Detail);
    }

    [Fact]
    public void A_registration_outside_the_procedures_time_does_not_count_for_it() =>
        Assert.Single(RecordedProcedures.Check([Handover(5, 1000, 1040)], [Registration(5, 900), Registration(5, 1041)]));

    [Fact]
    public void A_registration_whose_fact_never_reached_the_journal_is_no_violation() =>
        Assert.Empty(RecordedProcedures.Check([], [Registration(5, 1020)]));

    static BindingCacheSnapshot Anchor0(params int[] careOfs) =>
        new(0, careOfs.Select(c => new BindingCacheEntry(Mn, Prefix64.Delegated(0, Mn.Index), c, 2, Ms(1020), ModelTime.FromSeconds(3600),
            Ms(1020), Ms(1020) + ModelTime.FromSeconds(3600), BindingState.Active)).ToArray());

    [Fact]
    public void A_node_whose_binding_ends_at_the_router_of_its_last_procedure_ended_where_bound() =>
        Assert.Empty(RecordedProcedures.CheckWhereNodesEnded([Handover(5, 1000, 1040)], [Anchor0(5)]));

    [Fact]
    public void A_node_whose_anchor_tunnels_to_another_router_at_the_end_is_a_violation()
    {
        var violation = Assert.Single(RecordedProcedures.CheckWhereNodesEnded([Handover(5, 1000, 1040)], [Anchor0(6)]));
        Assert.Equal(RecordedProcedures.EndedWhereBound, violation.Rule);
        Assert.Contains("reached ar-5 with anchor 0, but its binding points to ar-6", violation.Detail);
        Assert.Contains("it has no binding there", Assert.Single(RecordedProcedures.CheckWhereNodesEnded([Handover(5, 1000, 1040)], [Anchor0()])).Detail);
    }
}
