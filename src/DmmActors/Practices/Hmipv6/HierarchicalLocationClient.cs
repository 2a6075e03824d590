using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Practices.Hmipv6;

/// <summary>
/// The HMIPv6 mobile node (RFC 5380 §6.1): on each new link it picks a MAP from the RA's MAP
/// options (§9.1) and sends it a local BU binding its regional care-of address (RCoA, formed on
/// the MAP's prefix) to its on-link one (LCoA). Only when the MAP changes does it register the
/// new RCoA with its home agent too, through the new MAP's tunnel, and then release its binding
/// at the MAP it left. Two binding update list entries: the MAP's and the home agent's.
/// </summary>
public sealed class HierarchicalLocationClient : IHostLocationClient
{
    readonly RunContext run;
    readonly MnIdentifier id;
    readonly BindingUpdateListEntry local, home;
    /// <summary>The MAP left by the move under way, released once the home agent binds the new RCoA.</summary>
    (int Map, int CareOf)? leaving;
    int router;

    public HierarchicalLocationClient(RunContext run, MnIdentifier id, Action<TimeSpan, object>? scheduleToSelf = null)
    {
        this.run = run;
        this.id = id;
        HomePrefix = run.Policy.HomePrefixOf(id);
        local = new BindingUpdateListEntry(run, id, mapRegistration: true, Refreshes, scheduleToSelf);
        home = new BindingUpdateListEntry(run, id, mapRegistration: false, Refreshes, scheduleToSelf);
        if (run.Scenario.Traffic.MnToMnShare > 0) mapOn = new();
    }

    public Prefix64 HomePrefix { get; }

    /// <summary>The home agent's tunnel to the RCoA, and the MAP's on to the LCoA (RFC 5380 §3).</summary>
    public int TunnelsToNode => 2;

    public RefreshBarrier Refreshes { get; } = new();

    public void Register(ProcedureRef procedure, ModelTime at, RouterAdvertisement ra, IActorRef self)
    {
        router = ra.AccessRouter;
        var map = SelectMap(ra.Maps, local.Peer)
                  ?? throw new InvalidOperationException($"ar-{ra.AccessRouter} advertised no MAP to {id} (the scenario loader checks every router has one)");
        if (map != local.Peer)
        {
            leaving = local.Peer < 0 ? null : (local.Peer, local.CareOf);
            local.Target(map, CareOfAddress.RegionalPrefix(map, id));
        }
        local.Register(procedure, at, router, router, self);
        mapOn?.Remove(router);
        mapOn?.Add(router, map);
    }

    /// <summary>
    /// Where packets are placed in model time (a mobile peer sends from where it was): the MAP each
    /// router's stay registered with, so that one sent from an earlier stay goes to the MAP that
    /// bound it then. Null otherwise.
    /// </summary>
    readonly Dictionary<int, int>? mapOn;

    public bool Awaits(BindingAcknowledgement ba) => (run.Topology.IsRegionalAnchor(ba.HomeAgent) ? local : home).Awaits(ba);

    public RegistrationStep OnAcknowledgement(BindingAcknowledgement ba, IActorRef sender, IActorRef self)
    {
        if (run.Topology.IsRegionalAnchor(ba.HomeAgent))
        {
            var answer = local.OnAcknowledgement(ba, sender, self);
            if (answer != BindingUpdateListEntry.Answer.Registered) return RegistrationStep.After(answer, ba);
            // RFC 5380 §6.1: within the MAP's domain the local BU is all a move needs.
            if (home.Registered && home.CareOf == RegionalCareOf) return RegistrationStep.Usable(ba.ArrivesAt);
            home.Target(run.Policy.AnchorOf(id), HomePrefix, via: local.Peer);
            home.Register(ba.Procedure, run.Channel.Departure(ba.ArrivesAt, Endpoint.MobileNode(id, router)), RegionalCareOf, router, self);
            return RegistrationStep.Pending;
        }
        var step = RegistrationStep.After(home.OnAcknowledgement(ba, sender, self), ba);
        if (step.UsableAt is null) return step;
        if (leaving is { } left)
        {
            // The home agent now tunnels to the new RCoA: the old one carries nothing more.
            local.Deregister(ba.Procedure, run.Channel.Departure(ba.ArrivesAt, Endpoint.MobileNode(id, router)), left.Map, CareOfAddress.RegionalPrefix(left.Map, id), left.CareOf, router, self);
            leaving = null;
        }
        return RegistrationStep.Usable(ba.ArrivesAt);
    }

    int RegionalCareOf => CareOfAddress.Regional(local.Peer, run.Topology.AccessRouters);

    public void Refresh(int procedureNumber, ModelTime until, int router, IActorRef self)
    {
        local.Refresh(procedureNumber, until, router, self);
        home.Refresh(procedureNumber, until, router, self);
    }

    /// <summary>RFC 5380 §6.2: into the tunnel from the LCoA to the MAP, which sends it on from the RCoA to the home agent.</summary>
    public void SendUplink(DataPacket packet, int onRouter) =>
        Uplink.ToAnchor(run, packet, Endpoint.MobileNode(id, onRouter), mapOn?.GetValueOrDefault(onRouter, local.Peer) ?? local.Peer, careOf: onRouter);

    public void OnDeadline(BindingUpdateListEntry.Deadline deadline, IActorRef self) =>
        (deadline.MapRegistration ? local : home).OnDeadline(deadline, self);

    /// <summary>Both entries are needed: the resume point gives the MAP's registration beside the home agent's.</summary>
    public void Restore(BindingRegistered binding) => Restore(binding, null);

    /// <summary>
    /// Back as the journal left the node: the home agent's registration names its RCoA, and so
    /// the MAP it had picked (RFC 5380 §6.1); that MAP's registration names its LCoA, its router.
    /// Each entry's sequence numbers and refreshes go on from its own last accepted BU.
    /// </summary>
    public void Restore(BindingRegistered binding, BindingRegistered? regional)
    {
        home.Target(run.Policy.AnchorOf(id), HomePrefix);
        home.Restore(binding);
        // A MAP registration the journal no longer holds (released or lapsed): the node's next
        // move picks a MAP afresh and registers there, as at its first.
        if (!CareOfAddress.IsRegional(binding.CareOf, run.Topology.AccessRouters, out var map) || regional is null) return;
        local.Target(map, CareOfAddress.RegionalPrefix(map, id));
        local.Restore(regional);
        home.Target(run.Policy.AnchorOf(id), HomePrefix, via: map);
        router = regional.CareOf;
        mapOn?.Remove(router);
        mapOn?.Add(router, map);
    }

    /// <summary>
    /// The MAPs a move cut short by the stop had bound an RCoA at while the home agent still named
    /// the old one: released as the move would have once the home agent bound the new RCoA
    /// (RFC 5380 §6.1). The MAP is the one whose prefix the RCoA was formed on.
    /// </summary>
    public void Release(IReadOnlyList<BindingRegistered> leftBehind, ProcedureRef procedure, ModelTime at, int fromRouter, IActorRef self)
    {
        foreach (var left in leftBehind)
            local.ReleaseLeftBehind(left, procedure, at, left.Prefix.PoolAnchor, fromRouter, self);
    }

    /// <summary>
    /// RFC 5380 §9.1's default: the furthest MAP advertised (the largest Dist), equal distances to
    /// the higher preference (§5), passing over one with preference or valid lifetime 0, so that the
    /// node changes MAP, and registers with its home agent, as seldom as it can. A node keeps the
    /// MAP it has while the new router still advertises it alive (§9, "lazy"): a preference of 0
    /// stops new bindings only, and the node may refresh the one it has (§7.1).
    /// </summary>
    public static int? SelectMap(IReadOnlyList<MapOption> advertised, int current)
    {
        if (advertised.Any(o => o.Map == current && o.Alive)) return current;
        var best = advertised.Where(o => o.Selectable)
            .OrderByDescending(o => o.Distance).ThenByDescending(o => o.Preference).ThenBy(o => o.Map)
            .Select(o => (int?)o.Map).FirstOrDefault();
        return best;
    }
}
