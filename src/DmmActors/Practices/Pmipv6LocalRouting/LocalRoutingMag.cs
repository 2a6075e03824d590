using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Metrics;
using DmmActors.Protocol;

namespace DmmActors.Practices.Pmipv6LocalRouting;

/// <summary>
/// RFC 6705 at a MAG. Its localized routing entries (LREs, §5) override the binding update list
/// for packets between two nodes: on its own link (§5 A11, §7 A12) or through a tunnel to the
/// counterpart MAG (§6 A21). It installs them on an LMA's LRI once it finds the nodes attached
/// here, and asks itself, of both LMAs, for two nodes attached here but anchored at two LMAs: the
/// one case where a MAG initiates (§3), which it learns from a packet between them going up its
/// tunnel. A node's departure ends its entries here (§7.1: back to the LMA at once), and the pairs
/// this MAG initiated it stops with an LRI of lifetime 0 (§4).
/// </summary>
public sealed class LocalRoutingMag : IAccessRouterComponent
{
    /// <summary>A localized routing entry: packets from <see cref="Source"/>'s prefix to <see cref="Destination"/>'s go on the link here, or to <see cref="RemoteMag"/>.</summary>
    sealed class Lre(LocalizedNode source, LocalizedNode destination, int remoteMag, ModelTime from, ModelTime until)
    {
        public LocalizedNode Source { get; } = source;
        public LocalizedNode Destination { get; } = destination;
        public int RemoteMag { get; } = remoteMag;
        public ModelTime From { get; } = from;
        public ModelTime Until { get; private set; } = until;

        /// <summary>No later than <paramref name="at"/>; never before it began.</summary>
        public void EndBy(ModelTime at)
        {
            if (Until > at) Until = ModelTime.Max(From, at);
        }
    }

    /// <summary>What this MAG asked both LMAs (§7): the pair, its LMAs, the answers awaited, and whether it was a stop.</summary>
    sealed class Asked(LocalizedNode first, LocalizedNode second, int firstLma, int secondLma, bool stop)
    {
        public LocalizedNode First { get; } = first;
        public LocalizedNode Second { get; } = second;
        public (int First, int Second) Lmas { get; } = (firstLma, secondLma);
        public bool Stop { get; } = stop;
        public int Awaiting { get; set; } = 2;
        public bool Refused { get; set; }
    }

    readonly IAccessRouterHost host;
    readonly RunContext run;
    readonly int index;
    readonly Endpoint here;
    readonly LocalRoutingSettings settings;
    /// <summary>
    /// By source and destination prefix, the entries in force one after another, in model time: a
    /// packet is routed by the one in force when it arrived, whenever the actors run it.
    /// </summary>
    readonly Dictionary<(ulong From, ulong To), List<Lre>> routes = new();

    /// <summary>Entries kept per direction of a pair: enough for what is still on its way.</summary>
    const int EntriesKept = 4;

    Lre? InForce(Prefix64 from, Prefix64 to, ModelTime at)
    {
        if (!routes.TryGetValue((from.Bits, to.Bits), out var entries)) return null;
        for (int i = entries.Count - 1; i >= 0; i--)
            if (at >= entries[i].From) return at < entries[i].Until ? entries[i] : null;
        return null;
    }

    /// <summary>
    /// By node, when it left this link, the last few times: an entry installed for a moment before
    /// the node left ends when it left, whichever the actors ran first, the LRI or the departure.
    /// </summary>
    readonly Dictionary<int, List<ModelTime>> departures = new();

    void EndWhenLeft(Lre lre, MnIdentifier mn)
    {
        if (!departures.TryGetValue(mn.Index, out var times)) return;
        foreach (var left in times)
            if (left >= lre.From) lre.EndBy(left);
    }

    void Install(Lre lre)
    {
        EndWhenLeft(lre, lre.Source.Mn);
        if (lre.RemoteMag < 0) EndWhenLeft(lre, lre.Destination.Mn);
        var key = (lre.Source.HomeNetworkPrefix.Bits, lre.Destination.HomeNetworkPrefix.Bits);
        if (!routes.TryGetValue(key, out var entries)) routes[key] = entries = new(1);
        // A later entry replaces the one before from its start on.
        if (entries.Count > 0) entries[^1].EndBy(lre.From);
        if (entries.Count == EntriesKept) entries.RemoveAt(0);
        entries.Add(lre);
    }
    readonly Dictionary<ushort, Asked> asked = new();
    /// <summary>Pairs this MAG asked for: until when it does not ask again (while the route runs, or after a refusal).</summary>
    readonly Dictionary<(ulong, ulong), ModelTime> quietUntil = new();
    /// <summary>Pairs this MAG set up (§7), which it stops when either node leaves.</summary>
    readonly Dictionary<(ulong, ulong), Asked> running = new();
    ushort sequence;

    public LocalRoutingMag(IAccessRouterHost host, LocalRoutingSettings settings)
    {
        (this.host, this.settings) = (host, settings);
        (run, index) = (host.Run, host.Index);
        here = Endpoint.AccessRouter(index);
        host.Handle<LocalizedRoutingInitiation>((lri, lma) => OnInitiation(lri, lma));
        host.Handle<LocalizedRoutingAcknowledgement>((lra, _) => OnAcknowledgement(lra));
    }

    /// <summary>A packet from a node here to another node: by its LRE where one holds when it arrived; otherwise up the tunnel, perhaps asking for one.</summary>
    public bool TakeUplink(DataPacket packet)
    {
        if (!packet.Rising) return false;
        var at = packet.ArrivesAt;
        if (InForce(packet.SourcePrefix, packet.DestinationPrefix, at) is { } lre)
        {
            var down = packet with { Rising = false };
            if (lre.RemoteMag < 0)
            {
                host.Deliver(down);
                return true;
            }
            // §6: through the tunnel to the counterpart MAG, the encapsulation the LMA's tunnel uses (§6.2).
            var to = Endpoint.AccessRouter(lre.RemoteMag);
            run.Signalling.Capture?.Data(down, here, to, tunnelled: true);
            run.Directory.AccessRouters[lre.RemoteMag].Tell(run.Channel.Tunnel(down, here, to));
            return true;
        }
        AskForTwoLmas(packet, at);
        return false;
    }

    /// <summary>§3, §7: both nodes attached here and anchored at two LMAs: this MAG asks each LMA, once per lifetime.</summary>
    void AskForTwoLmas(DataPacket packet, ModelTime at)
    {
        var sourceLma = host.AnchorOf(packet.SourceNode, packet.SourcePrefix, at);
        var destinationLma = host.AnchorOf(packet.Destination, packet.DestinationPrefix, at);
        if (sourceLma < 0 || destinationLma < 0 || sourceLma == destinationLma) return;
        var pair = PrefixPair.Of(packet.SourcePrefix, packet.DestinationPrefix);
        if (quietUntil.TryGetValue(pair, out var quiet) && at < quiet) return;
        quietUntil[pair] = at + settings.Lifetime;
        Ask(new LocalizedNode(packet.SourceNode, packet.SourcePrefix), new LocalizedNode(packet.Destination, packet.DestinationPrefix),
            sourceLma, destinationLma, settings.LifetimeSeconds, run.Channel.Departure(at, here));
    }

    void Ask(LocalizedNode first, LocalizedNode second, int firstLma, int secondLma, ushort lifetime, ModelTime at)
    {
        var seq = ++sequence;
        asked[seq] = new Asked(first, second, firstLma, secondLma, stop: lifetime == 0);
        var procedure = new ProcedureRef(first.Mn, seq, ProcedureKind.LocalRouting);
        foreach (var lma in new[] { firstLma, secondLma })
        {
            run.Signalling.Send(run.Directory.Anchors[lma], Endpoint.Anchor(lma),
                new LocalizedRoutingInitiation(procedure, at, seq, lifetime, lma, index, FromMag: true, [first, second]), host.Self, here);
            run.Recorder.Counters.Add(Counter.LocalRoutingMessagesA12);
        }
    }

    /// <summary>§7: each LMA's answer; local forwarding once both said 0.</summary>
    void OnAcknowledgement(LocalizedRoutingAcknowledgement lra)
    {
        if (lra.FromMag || !run.Signalling.Authentic(lra, Endpoint.Anchor(lra.Lma), here)) return;
        if (!asked.TryGetValue(lra.SequenceNumber, out var a)) return;
        if (!lra.Accepted) a.Refused = true;
        if (--a.Awaiting > 0) return;
        asked.Remove(lra.SequenceNumber);
        if (a.Stop) return;
        if (a.Refused)
        {
            run.Recorder.Counters.Add(Counter.LocalRoutesRefused);
            return;
        }
        var (from, until) = (lra.ArrivesAt, lra.ArrivesAt + settings.Lifetime);
        Install(new Lre(a.First, a.Second, -1, from, until));
        Install(new Lre(a.Second, a.First, -1, from, until));
        running[PrefixPair.Of(a.First.HomeNetworkPrefix, a.Second.HomeNetworkPrefix)] = a;
        run.Recorder.Counters.Add(LocalRouteCase.SetUp(PeerCase.A12));
    }

    /// <summary>
    /// §5, §6: an LMA's LRI. One without a counterpart MAG names two nodes on this link (A11);
    /// one with it, the first node here and the second on that MAG (A21). Each node named here must
    /// be attached, registered with that LMA; else 129. Lifetime 0 ends the entries.
    /// </summary>
    void OnInitiation(LocalizedRoutingInitiation lri, IActorRef lma)
    {
        if (lri.FromMag || !run.Signalling.Authentic(lri, Endpoint.Anchor(lri.Lma), here)) return;
        var at = lri.ArrivesAt;
        var peerCase = lri.RemoteMag < 0 ? PeerCase.A11 : PeerCase.A21;
        var nodes = lri.Nodes;
        var local = peerCase == PeerCase.A11 ? nodes : nodes.Take(1).ToArray();
        var attached = nodes.Count == 2 && local.All(n => host.AnchorOf(n.Mn, n.HomeNetworkPrefix, at) == lri.Lma);
        if (lri.Stops) Remove(nodes, at);
        else if (attached)
        {
            var until = at + ModelTime.FromSeconds(lri.LifetimeSeconds);
            Install(new Lre(nodes[0], nodes[1], lri.RemoteMag, at, until));
            if (peerCase == PeerCase.A11) Install(new Lre(nodes[1], nodes[0], -1, at, until));
        }
        var status = lri.Stops || attached ? LocalizedRoutingStatus.Success : LocalizedRoutingStatus.MnNotAttached;
        run.Signalling.Send(lma, Endpoint.Anchor(lri.Lma), new LocalizedRoutingAcknowledgement(lri.Procedure, run.Channel.Departure(at, here), lri.SequenceNumber,
            status, lri.LifetimeSeconds, lri.Lma, index, FromMag: true, status == LocalizedRoutingStatus.Success ? nodes : []), host.Self, here);
        run.Recorder.Counters.Add(LocalRouteCase.Messages(peerCase));
    }

    void Remove(IReadOnlyList<LocalizedNode> nodes, ModelTime at)
    {
        if (nodes.Count != 2) return;
        foreach (var key in new[] { (nodes[0].HomeNetworkPrefix.Bits, nodes[1].HomeNetworkPrefix.Bits), (nodes[1].HomeNetworkPrefix.Bits, nodes[0].HomeNetworkPrefix.Bits) })
            if (routes.TryGetValue(key, out var entries))
                foreach (var lre in entries)
                    lre.EndBy(at);
    }

    /// <summary>A node left: no entry of its holds past then (§7.1), and the pairs of its this MAG set up it stops (§4).</summary>
    public void LinkDown(MnIdentifier mn, ProcedureRef procedure, ModelTime at)
    {
        if (!departures.TryGetValue(mn.Index, out var times)) departures[mn.Index] = times = new(1);
        if (times.Count == EntriesKept) times.RemoveAt(0);
        times.Add(at);
        foreach (var entries in routes.Values)
            foreach (var lre in entries)
                if (lre.Source.Mn == mn || lre.RemoteMag < 0 && lre.Destination.Mn == mn) lre.EndBy(at);
        foreach (var (pair, a) in running.Where(r => r.Value.First.Mn == mn || r.Value.Second.Mn == mn).ToArray())
        {
            running.Remove(pair);
            quietUntil.Remove(pair);
            Ask(a.First, a.Second, a.Lmas.First, a.Lmas.Second, lifetime: 0, run.Channel.Departure(at, here));
        }
    }
}
