using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Practices.Pmipv6RuntimeLma;

/// <summary>
/// The MAG's side of runtime assignment: it finds a first LMA (RFC 6097) and offers to be
/// redirected from it (RFC 6463 §5.2) for every new mobility session. After a move it waits for
/// the node's word on its sessions: a prefix one still needs stays with the LMA whose pool it is
/// from, which every MAG the node attaches to uses (RFC 6097 §4); with none, the node is assigned
/// afresh, a new session (the draft's condition, §4.2.2).
/// </summary>
public sealed class LmaDiscovery(RunContext run, int mag, RuntimeLmaSettings settings) : ILmaSelection
{
    readonly record struct Waiting(RouterSolicitation Rs, ModelTime ProcessedAt, Action<LmaChoice> Send);

    readonly Dictionary<int, Waiting> waiting = new();

    public void Register(IAccessRouterHost router) => router.Handle<PrefixesInUse>((shared, _) => OnPrefixesInUse(shared));

    public void Select(RouterSolicitation rs, ModelTime processedAt, Action<LmaChoice> send)
    {
        if (rs.Procedure.Kind == ProcedureKind.Handover) waiting[rs.MnId.Index] = new(rs, processedAt, send);
        else send(Assign(rs, processedAt));
    }

    void OnPrefixesInUse(PrefixesInUse shared)
    {
        // Sent with every copy of the RS: the first that finds the attachment waiting decides.
        if (!waiting.TryGetValue(shared.MnId.Index, out var w) || w.Rs.Procedure != shared.Procedure) return;
        waiting.Remove(shared.MnId.Index);
        var at = ModelTime.Max(w.ProcessedAt, run.Channel.Departure(shared.ArrivesAt, Endpoint.AccessRouter(mag)));
        if (shared.Keep.Count == 0)
        {
            w.Send(Assign(w.Rs, at));
            return;
        }
        var kept = shared.Keep[0].Prefix;
        w.Send(new LmaChoice(kept.PoolAnchor, at + settings.LookupDelay, kept, HandoffIndicator.HandoffBetweenMagsSameInterface, RedirectCapability: false));
    }

    /// <summary>
    /// RFC 6463 §5.2: to the first LMA, with the Redirect-Capability option and no prefix. RFC 6463
    /// offers it with a new mobility session (Handoff Indicator 1); here also with a handover's
    /// (3) of a node that keeps no prefix: the LMA assigned may be the one that holds its binding,
    /// which then hands it off, and any other starts a session (RFC 5213 §5.4.1), the old MAG's
    /// de-registration ending the old one.
    /// </summary>
    LmaChoice Assign(RouterSolicitation rs, ModelTime at) =>
        new(FirstLma(rs.MnId), at + settings.LookupDelay, Prefix64.None, ProxyBindingUpdate.HandoffIndicatorOn(rs.Procedure.Kind), RedirectCapability: true);

    /// <summary>RFC 6097: the MAG's configured LMA, the nearest; or the node's profile's, provisioned by its identifier with no knowledge of where it is.</summary>
    int FirstLma(MnIdentifier mn) => settings.Discovery == LmaDiscoveryMode.Configuration
        ? run.Topology.NearestAnchor(mag)
        : mn.Index % run.Topology.Anchors;
}
