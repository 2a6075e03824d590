using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Metrics;
using DmmActors.Protocol;

namespace DmmActors.Practices.Pmipv6LocalRouting;

/// <summary>
/// RFC 6705 at an LMA. It initiates localized routing for two nodes it anchors (§3) once it sees a
/// packet between them come through it: an LRI to their one MAG (§5, A11), or one to each of their
/// two MAGs naming the other (§6, A21). It asks again once the lifetime is over and their packets
/// come through it again, and when either node's binding moves to another MAG (§5.1, §6.1); it
/// stops the pair with an LRI of lifetime 0 when either binding ends. It answers a MAG's LRI for two
/// nodes anchored at two LMAs (§7, A12) for the one it anchors: 0 where that node is bound at that
/// MAG, 129 otherwise.
/// </summary>
public sealed class LocalRoutingAnchor : IAnchorComponent
{
    /// <summary>A pair of nodes this LMA localized: each with its MAG, the LRI's sequence number, the answers awaited.</summary>
    sealed class Localized(LocalizedNode first, int firstMag, LocalizedNode second, int secondMag, ushort sequence, bool stop)
    {
        public LocalizedNode First { get; } = first;
        public LocalizedNode Second { get; } = second;
        public int FirstMag { get; } = firstMag;
        public int SecondMag { get; } = secondMag;
        public ushort Sequence { get; } = sequence;
        public bool Stop { get; } = stop;
        public int Awaiting { get; set; } = firstMag == secondMag ? 1 : 2;
        public bool Refused { get; set; }
        /// <summary>The MAGs whose LRA said 0.</summary>
        public List<int> AcceptedBy { get; } = new(2);
        /// <summary>Until when this LMA does not initiate for the pair again: the lifetime asked, or after a refusal.</summary>
        public ModelTime QuietUntil { get; set; }
        /// <summary>Until when the pair's last set-up asked to run: a move before then takes it along.</summary>
        public ModelTime ActiveUntil { get; init; }
        public PeerCase Case => FirstMag == SecondMag ? PeerCase.A11 : PeerCase.A21;
        /// <summary>When it was set up (model time): a packet from before then finds it as it was.</summary>
        public ModelTime SetUpAt { get; init; }

        /// <summary>Whether it joins <paramref name="mn"/> at <paramref name="mag"/> to the other node at <paramref name="otherMag"/>.</summary>
        public bool Joins(MnIdentifier mn, int mag, int otherMag) =>
            First.Mn == mn ? (FirstMag, SecondMag) == (mag, otherMag) : (SecondMag, FirstMag) == (mag, otherMag);
    }

    readonly IAnchorHost host;
    readonly RunContext run;
    readonly int index;
    readonly Endpoint here;
    readonly LocalRoutingSettings settings;
    readonly Dictionary<(ulong, ulong), Localized> pairs = new();
    readonly Dictionary<ushort, (ulong, ulong)> bySequence = new();
    /// <summary>By prefix, the pairs it is in: what a move of its binding updates.</summary>
    readonly Dictionary<ulong, HashSet<(ulong, ulong)>> byPrefix = new();
    ushort sequence;

    public LocalRoutingAnchor(IAnchorHost host, LocalRoutingSettings settings)
    {
        (this.host, this.settings) = (host, settings);
        (run, index) = (host.Run, host.Index);
        here = Endpoint.Anchor(index);
        host.Handle<LocalizedRoutingAcknowledgement>((lra, _) => OnAcknowledgement(lra));
        host.Handle<LocalizedRoutingInitiation>((lri, mag) => OnMagInitiation(lri, mag));
    }

    /// <summary>
    /// By prefix, the MAG its binding names, once the PBA that says so has left: an LRI never
    /// reaches a MAG before the PBA of a binding it names, which waits for the journal.
    /// </summary>
    readonly Dictionary<ulong, int> acknowledged = new();

    /// <summary>The MAG the prefix's binding named at <paramref name="at"/> (model time), its PBA sent where that binding is the current one.</summary>
    bool BoundAt(Prefix64 prefix, ModelTime at, out int mag)
    {
        var bound = host.Cache.TryRouteAsOf(prefix, at, out mag)
            && (!host.Cache.TryGet(prefix, out var entry) || entry.CareOf != mag || acknowledged.TryGetValue(prefix.Bits, out var told) && told == mag);
        if (!bound) mag = -1;
        return bound;
    }

    public bool Intercepts(BindingUpdate bu, IActorRef sender) => false;

    /// <summary>Sees what it forwards (§3): a packet between two nodes both anchored here starts localized routing for them. Nothing is taken.</summary>
    public bool Redirected(Prefix64 prefix, object message, IActorRef sender)
    {
        if (message is not DataPacket { FromMobilePeer: true, Rising: false } packet) return false;
        var at = packet.ArrivesAt;
        if (!BoundAt(packet.FromPrefix, at, out var firstMag) || !BoundAt(packet.DestinationPrefix, at, out var secondMag)) return false;
        var first = new LocalizedNode(new MnIdentifier(packet.FromNode), packet.FromPrefix);
        if (pairs.TryGetValue(PrefixPair.Of(packet.FromPrefix, packet.DestinationPrefix), out var known)
            && (known.Awaiting > 0 || at < known.SetUpAt || !known.Stop && at < known.QuietUntil && known.Joins(first.Mn, firstMag, secondMag))) return false;
        // A packet whose moment finds the nodes on other MAGs than the pair's set-up named: a move this LMA
        // took in before the packet (the actors run each on its own clock); it moves localized routing too.
        var departure = run.Channel.Departure(at, here);
        Initiate(first, firstMag, new LocalizedNode(packet.Destination, packet.DestinationPrefix), secondMag, departure, departure + settings.Lifetime);
        return false;
    }

    /// <summary>
    /// Localized routing for the pair from <paramref name="at"/> until <paramref name="until"/>: the
    /// lifetime asked after a packet through this LMA, what is left of it after a move (§5.1, §6.1).
    /// </summary>
    void Initiate(LocalizedNode first, int firstMag, LocalizedNode second, int secondMag, ModelTime at, ModelTime until)
    {
        var key = PrefixPair.Of(first.HomeNetworkPrefix, second.HomeNetworkPrefix);
        if (pairs.TryGetValue(key, out var old)) bySequence.Remove(old.Sequence);
        // §10.1: whole seconds, rounded up, so that the entries never end before this LMA thinks they do.
        var lifetime = (ushort)Math.Min(0xfffe, Math.Ceiling((until - at).Seconds));
        var pair = new Localized(first, firstMag, second, secondMag, ++sequence, stop: false) { QuietUntil = until, ActiveUntil = until, SetUpAt = at };
        pairs[key] = pair;
        bySequence[pair.Sequence] = key;
        foreach (var prefix in new[] { first.HomeNetworkPrefix.Bits, second.HomeNetworkPrefix.Bits })
        {
            if (!byPrefix.TryGetValue(prefix, out var keys)) byPrefix[prefix] = keys = new();
            keys.Add(key);
        }
        var procedure = new ProcedureRef(first.Mn, pair.Sequence, ProcedureKind.LocalRouting);
        if (firstMag == secondMag) Send(new LocalizedRoutingInitiation(procedure, at, pair.Sequence, lifetime, index, firstMag, FromMag: false, [first, second]), pair.Case);
        else
        {
            Send(new LocalizedRoutingInitiation(procedure, at, pair.Sequence, lifetime, index, firstMag, FromMag: false, [first, second]) { RemoteMag = secondMag }, pair.Case);
            Send(new LocalizedRoutingInitiation(procedure, at, pair.Sequence, lifetime, index, secondMag, FromMag: false, [second, first]) { RemoteMag = firstMag }, pair.Case);
        }
    }

    void Send(LocalizedRoutingInitiation lri, PeerCase peerCase)
    {
        run.Signalling.Send(host.Forwarding.Router(lri.Mag), Endpoint.AccessRouter(lri.Mag), lri, host.Self, here);
        run.Recorder.Counters.Add(LocalRouteCase.Messages(peerCase));
    }

    void OnAcknowledgement(LocalizedRoutingAcknowledgement lra)
    {
        if (!lra.FromMag || !run.Signalling.Authentic(lra, Endpoint.AccessRouter(lra.Mag), here)) return;
        if (!bySequence.TryGetValue(lra.SequenceNumber, out var key) || !pairs.TryGetValue(key, out var pair)) return;
        if (lra.Accepted) pair.AcceptedBy.Add(lra.Mag);
        else pair.Refused = true;
        if (--pair.Awaiting > 0) return;
        bySequence.Remove(pair.Sequence);
        if (pair.Stop) return;
        run.Recorder.Counters.Add(pair.Refused ? Counter.LocalRoutesRefused : LocalRouteCase.SetUp(pair.Case));
        // §6: where one of the two MAGs refused, the one that took its LRI tunnels the other way alone: it is stopped.
        if (pair.Refused && pair.AcceptedBy.Count > 0) Stop(key, pair, pair.AcceptedBy[0], lra.ArrivesAt);
    }

    /// <summary>
    /// A binding of a localized pair changed: both still bound, at other MAGs, localized routing
    /// moves there (§5.1, §6.1), as it does for a pair stopped by a move whose lifetime is not
    /// over; one of them ended, the pair stops at the MAG still holding it.
    /// </summary>
    public Action? Decided(BindingDecision decision, ProxyBindingUpdate pbu, ModelTime processedAt)
    {
        var prefix = decision.Prefix.Bits;
        return () =>
        {
            if (decision.Event is BindingRegistered) acknowledged[prefix] = pbu.ProxyCareOf;
            else acknowledged.Remove(prefix);
            if (!byPrefix.TryGetValue(prefix, out var keys)) return;
            foreach (var key in keys.ToArray())
            {
                var pair = pairs[key];
                var firstBound = BoundAt(pair.First.HomeNetworkPrefix, processedAt, out var firstMag);
                var secondBound = BoundAt(pair.Second.HomeNetworkPrefix, processedAt, out var secondMag);
                // A pair whose lifetime is over is left to the next packet through this LMA to set up again.
                if (firstBound && secondBound)
                {
                    if (processedAt < pair.ActiveUntil && (pair.Stop || (firstMag, secondMag) != (pair.FirstMag, pair.SecondMag)))
                        Initiate(pair.First, firstMag, pair.Second, secondMag, processedAt, pair.ActiveUntil);
                }
                else if (!pair.Stop) Stop(key, pair, firstBound ? pair.FirstMag : secondBound ? pair.SecondMag : -1, processedAt);
            }
        };
    }

    /// <summary>§4: an LRI of lifetime 0 to the MAG still holding the pair's entries, if any; the pair is kept, to move with its nodes.</summary>
    void Stop((ulong, ulong) key, Localized pair, int mag, ModelTime at)
    {
        bySequence.Remove(pair.Sequence);
        var stop = new Localized(pair.First, mag, pair.Second, mag, ++sequence, stop: true) { ActiveUntil = pair.ActiveUntil, Awaiting = mag < 0 ? 0 : 1, SetUpAt = at };
        pairs[key] = stop;
        if (mag < 0) return;
        bySequence[stop.Sequence] = key;
        // An A21 pair's stop names the other MAG, as its LRIs did (§11.1), so that the MAG counts it as such.
        var other = pair.Case == PeerCase.A21 ? (mag == pair.FirstMag ? pair.SecondMag : pair.FirstMag) : -1;
        Send(new LocalizedRoutingInitiation(new ProcedureRef(pair.First.Mn, stop.Sequence, ProcedureKind.LocalRouting), at, stop.Sequence, 0, index, mag,
            FromMag: false, [pair.First, pair.Second]) { RemoteMag = other }, pair.Case);
    }

    /// <summary>§7: a MAG asks for two nodes anchored at two LMAs; this LMA answers for the one it anchors.</summary>
    void OnMagInitiation(LocalizedRoutingInitiation lri, IActorRef mag)
    {
        if (!lri.FromMag || !run.Signalling.Authentic(lri, Endpoint.AccessRouter(lri.Mag), here)) return;
        var at = lri.ArrivesAt;
        var anchoredHere = lri.Nodes.Where(n => host.Cache.TryGet(n.HomeNetworkPrefix, out var e) && e.ForwardsAt(at)).ToArray();
        var attached = anchoredHere.Length > 0 && anchoredHere.All(n => BoundAt(n.HomeNetworkPrefix, at, out var careOf) && careOf == lri.Mag);
        var status = lri.Stops || attached ? LocalizedRoutingStatus.Success : LocalizedRoutingStatus.MnNotAttached;
        run.Signalling.Send(mag, Endpoint.AccessRouter(lri.Mag), new LocalizedRoutingAcknowledgement(lri.Procedure, run.Channel.Departure(at, here), lri.SequenceNumber,
            status, lri.LifetimeSeconds, index, lri.Mag, FromMag: false, status == LocalizedRoutingStatus.Success ? lri.Nodes : []), host.Self, here);
        run.Recorder.Counters.Add(LocalRouteCase.Messages(PeerCase.A12));
    }
}
