using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Emulation;
using DmmActors.Protocol;
using DmmActors.Scenarios;

namespace DmmActors.Practices.DmmAnchorRelocation;

/// <summary>
/// The anchor's side of relocation (RFC 8818 §3.2; draft §5.1: the current anchor initiates
/// it and transfers the registration context). It decides when a binding should move and to
/// which anchor, keeps what arrives for a prefix while its context is in transfer, and knows
/// what each prefix carries besides its binding: the sessions on it and the node's groups.
/// </summary>
public sealed class AnchorRelocation(RunContext run, int anchor)
{
    /// <summary>A transfer in progress: its target, when its context left (model time), and the packets and updates held until it is answered.</summary>
    public sealed class Transfer(int target, ModelTime startedAt)
    {
        public int Target { get; } = target;
        public ModelTime StartedAt { get; } = startedAt;
        public List<(object Message, IActorRef Sender)> Held { get; } = new();
    }

    readonly Dictionary<ulong, Transfer> inTransfer = new();
    /// <summary>
    /// For each prefix whose binding went to another anchor: when its context left here, and when
    /// the anchor that took it sent its route update (the moment it answered). Kept in memory, not
    /// journalled: after a recovery from the journal they are unknown.
    /// </summary>
    readonly Dictionary<ulong, Move> moved = new();

    public readonly record struct Move(ModelTime StartedAt, ModelTime RouteSentAt);
    readonly Dictionary<ulong, (int Sessions, IReadOnlyList<int> Groups)> usage = new();
    int lastAdvertised;
    uint heartbeats;

    RelocationSettings Settings { get; } = RelocationSettings.Of(run.Scenario);

    public AnchorDiscovery Discovery { get; } = new(run.Topology, RelocationSettings.Of(run.Scenario).Capacity);

    public bool InTransfer(Prefix64 prefix, out Transfer transfer) => inTransfer.TryGetValue(prefix.Bits, out transfer!);

    public void Learned(Prefix64 prefix, int sessions, IReadOnlyList<int> groups) => usage[prefix.Bits] = (sessions, groups);

    public void Forget(Prefix64 prefix) => usage.Remove(prefix.Bits);

    /// <summary>
    /// The anchor an accepted registration's binding should move to, or -1 to keep it: by
    /// distance, to the anchor at the node's router once the node is more than max-hops away;
    /// by load, to the nearest anchor with room while this one holds more than its capacity.
    /// </summary>
    public int TargetFor(BindingCacheEntry entry, int bindingsHeld)
    {
        if (inTransfer.ContainsKey(entry.Prefix.Bits)) return -1;
        var target = Settings.Trigger switch
        {
            RelocationTrigger.Distance when run.Topology.AnchorToRouter(anchor, entry.CareOf).Hops > Settings.MaxHops =>
                Discovery.Select(entry.CareOf, excluding: anchor),
            RelocationTrigger.Load when bindingsHeld > Settings.Capacity => Discovery.Select(entry.CareOf, excluding: anchor),
            _ => -1,
        };
        return target == anchor ? -1 : target;
    }

    /// <summary>Starts moving a binding, its context leaving at <paramref name="at"/>: from now on what arrives for its prefix is held (no packet is dropped during the transfer).</summary>
    public ContextTransferData Begin(BindingCacheEntry entry, int target, ProcedureRef procedure, ModelTime at)
    {
        inTransfer[entry.Prefix.Bits] = new Transfer(target, at);
        var (sessions, groups) = usage.TryGetValue(entry.Prefix.Bits, out var u) ? u : (0, (IReadOnlyList<int>)[]);
        return new ContextTransferData(procedure, at, entry.MnId, anchor, entry.CareOf,
            new MobilityContext(entry.Prefix, anchor, entry.SequenceNumber, entry.Timestamp, entry.Lifetime, entry.RegisteredAt, sessions),
            groups);
    }

    /// <summary>The prefix's binding went to another anchor: when its context left here, and when that anchor advertised its route.</summary>
    public void Moved(Prefix64 prefix, Move move) => moved[prefix.Bits] = move;

    /// <summary>When the prefix's binding left, if it did since this anchor started (unknown after a recovery from the journal).</summary>
    public Move? MoveOf(Prefix64 prefix) => moved.TryGetValue(prefix.Bits, out var move) ? move : null;

    /// <summary>The transfer was answered: what was held, to deliver now (to the new anchor, or here again if it was refused).</summary>
    public Transfer? End(Prefix64 prefix) => inTransfer.Remove(prefix.Bits, out var transfer) ? transfer : null;

    /// <summary>Whether the binding count moved far enough from the last advertised one to tell the neighbours.</summary>
    public bool ShouldAdvertise(int bindingsHeld)
    {
        if (Settings.Unlimited) return false;
        if (Math.Abs(bindingsHeld - lastAdvertised) < Math.Max(1, Settings.Capacity / 10)) return false;
        lastAdvertised = bindingsHeld;
        return true;
    }

    /// <summary>
    /// This anchor's load, to the routers and anchors within the advertisement radius, each sent,
    /// carried and counted as signalling of the procedure whose binding moved it.
    /// </summary>
    public void Advertise(int bindingsHeld, ProcedureRef procedure, ModelTime at, IActorRef self)
    {
        var here = Endpoint.Anchor(anchor);
        AnchorAdvertisement Advertisement() => new(procedure, at, anchor, bindingsHeld, Settings.Capacity) { SequenceNumber = ++heartbeats };
        foreach (var router in run.Topology.RoutersWithin(run.Topology.AnchorSites[anchor], Settings.AdvertisementRadius))
        {
            run.Signalling.Send(run.Directory.AccessRouters[router], Endpoint.AccessRouter(router), Advertisement(), self, here);
            if (router != anchor && run.Topology.IsFunctionOf(router, router))
                run.Signalling.Send(run.Directory.Anchors[router], Endpoint.Anchor(router), Advertisement(), self, here);
            run.Recorder.Counters.Add(Metrics.Counter.AnchorAdvertisements);
        }
    }
}
