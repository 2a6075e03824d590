using DmmActors.Addressing;
using DmmActors.Bindings;
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
}
