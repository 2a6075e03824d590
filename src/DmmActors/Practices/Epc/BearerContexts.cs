using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Functions;

namespace DmmActors.Practices.Epc;

/// <summary>A gateway's bearer contexts as its binding cache holds them: what a PGW and an SGW ask of it alike.</summary>
static class BearerContexts
{
    /// <summary>
    /// GTP-C carries no timestamp: a gateway orders a UE's requests as they reach it, so the arrival
    /// stands in for RFC 5213's timestamp, and a bearer lives until it is deleted (EpcPractice.BearerLifetime).
    /// </summary>
    public static BindingRequest Bind(MnIdentifier ue, Prefix64 prefix, int careOf, ModelTime arrival) =>
        new(ue, prefix, careOf, 0, arrival, EpcPractice.BearerLifetime, arrival);

    /// <summary>Whether the UE has an active bearer here, and the event that deletes it at <paramref name="at"/>, as a de-registration ends a binding.</summary>
    public static bool Deleting(this IAnchorHost host, MnIdentifier ue, ModelTime at, out IBindingEvent? deletion)
    {
        deletion = null;
        if (!host.Cache.TryGet(host.Cache.DelegatedTo(ue), out var entry) || entry.State != BindingState.Active) return false;
        deletion = host.Cache.Decide(new BindingRequest(ue, Prefix64.None, entry.CareOf, 0, at, ModelTime.Zero, at)).Event;
        return true;
    }

    /// <summary>Runs <paramref name="then"/> once <paramref name="e"/> is durable, or at once where the decision journals nothing.</summary>
    public static void AfterDurable(this IAnchorHost host, IBindingEvent? e, Action then)
    {
        if (e is null) then();
        else host.PersistThen(e, then);
    }
}
