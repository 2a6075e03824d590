using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Practices.DmmCpDpSplit;

/// <summary>
/// The central mobility database (CMD, RFC 8885 §3): the control plane's location server (LM-s and
/// FM-CP, draft §3), at the centre of the network, with no data path through it. Its binding cache
/// holds one BCE per prefix of a node: the prefix, which is anchored at the MAAR whose pool it is,
/// and the serving MAAR as the Proxy-CoA, so that a node's entries are RFC 8885's BCE with its
/// P-MAAR list. A serving MAAR registers its own prefix in the HNP option and the prefixes the
/// node keeps in Anchored Prefix options (§4.3); the CMD sends the PBU on, with the Serving MAAR
/// option (§4.6), to each MAAR anchoring a kept prefix, so that it tunnels the prefix to the
/// serving MAAR, and a PBU with lifetime 0 to each one anchoring a prefix the node no longer
/// keeps. It answers the serving MAAR with the Previous MAAR options (§4.5) once every anchoring
/// MAAR has (relay, §3.2), or at once (proxy, §3.4).
/// </summary>
public sealed class CentralMobilityDatabase : IAnchorComponent
{
    /// <summary>
    /// A serving MAAR's registration: the PBUs it has the CMD send on, which leave once its BCEs are
    /// durable, and its PBA, which waits for those and, relaying, for the anchoring MAARs' PBAs.
    /// </summary>
    sealed class Registration(ProxyBindingUpdate pbu, IActorRef maar, ProxyBindingAcknowledgement pba)
    {
        public ProxyBindingUpdate Pbu { get; } = pbu;
        public IActorRef Maar { get; } = maar;
        public ProxyBindingAcknowledgement Pba { get; set; } = pba;
        /// <summary>The PBUs to send on: to the MAAR anchoring each prefix, naming the MAAR its route goes to, and whether one installs the route (else it removes it).</summary>
        public List<(Prefix64 Prefix, int Serving, bool Install)> Programs { get; } = new();
        /// <summary>The anchoring MAARs whose PBA a kept prefix still waits for, by anchor.</summary>
        public HashSet<int> Unanswered { get; } = new();
        public List<PreviousMaar> Previous { get; } = new();
        public int EventsInFlight { get; set; }
        public bool Sent { get; set; }
        public bool Answered { get; set; }
    }

    readonly IAnchorHost host;
    readonly Endpoint here;
    readonly CmdMode mode;
    /// <summary>
    /// Registrations not yet answered or confirmed, by node and serving MAAR: one each, since a MAAR
    /// sends a registration again only once it gave up on the last (RFC 5213 §6.9.4), which it replaces.
    /// </summary>
    readonly Dictionary<(int Mn, int Maar), Registration> awaiting = new();

    public CentralMobilityDatabase(IAnchorHost host)
    {
        (this.host, here, mode) = (host, Endpoint.Anchor(host.Index), CpDpSplitSettings.Of(host.Run.Scenario).Mode);
        host.Cache.EveryPool = true;
        host.Handle<ProxyBindingAcknowledgement>(OnProgrammed);
    }

    /// <summary>Every authentic PBU from a MAAR is the CMD's to handle: it decides several prefixes at once and answers late.</summary>
    public bool Redirected(Prefix64 prefix, object message, IActorRef sender)
    {
        if (message is not ProxyBindingUpdate { RelayedBy: < 0 } pbu) return false;
        Register(pbu, sender);
        return true;
    }

    void Register(ProxyBindingUpdate pbu, IActorRef maar)
    {
        var arrival = pbu.ArrivesAt;
        var processedAt = host.Run.Channel.Departure(arrival, here);
        var refusal = host.Authorization.RefuseProxy(pbu, authentic: true, arrival, out var fresh);
        var serving = pbu.ProxyCareOf;
        var own = refusal is { } status ? BindingDecision.Refused(status) : Decide(pbu, pbu.HomeNetworkPrefix, serving, pbu.Lifetime, arrival);
        var pba = new ProxyBindingAcknowledgement(pbu.Procedure, processedAt, own.Status, pbu.MnId, pbu.HomeNetworkPrefix, pbu.SequenceNumber,
            fresh ? pbu.Timestamp : arrival, own.Accepted ? Lifetime.ToUnits(own.GrantedLifetime) : pbu.LifetimeUnits, host.Index)
        {
            HandoffIndicator = pbu.HandoffIndicator,
            AccessTechnologyType = pbu.AccessTechnologyType,
            Dmm = true,
        };
        if (!own.Accepted)
        {
            host.Run.Signalling.Send(maar, pbu.Sender(), pba, host.Self, here);
            return;
        }
        var registration = new Registration(pbu, maar, pba);
        awaiting[(pbu.MnId.Index, serving)] = registration;
        registration.EventsInFlight++;
        var listed = new HashSet<ulong> { pbu.HomeNetworkPrefix.Bits };
        foreach (var prefix in pbu.AnchoredPrefixes)
        {
            // §3.2: a kept prefix is one the BCE already holds for the node, anchored where it was given; any other is not the node's.
            if (!listed.Add(prefix.Bits) || !host.Cache.TryForward(prefix, arrival, out var held) || held.MnId != pbu.MnId) continue;
            var kept = Decide(pbu, prefix, serving, pbu.Lifetime, arrival);
            if (!kept.Accepted) continue;
            Persist(registration, kept.Event);
            // §3.2: the MAAR anchoring it tunnels it to the serving MAAR, which its PBA confirms.
            if (prefix.PoolAnchor != serving) registration.Programs.Add((prefix, serving, true));
        }
        // A move's registration, not a refresh: a refresh's PBU may reach the CMD after the node's next
        // registration, and the prefixes that one leaves out are the node's word, not the refresh's.
        if (pbu.Procedure.Kind != ProcedureKind.Refresh) RemoveUnlisted(registration, listed, arrival);
        registration.EventsInFlight--;
        Persist(registration, own.Event);
    }

    /// <summary>A prefix's BCE: its anchoring MAAR is the pool's; the serving MAAR its Proxy-CoA.</summary>
    BindingDecision Decide(ProxyBindingUpdate pbu, Prefix64 prefix, int careOf, ModelTime lifetime, ModelTime arrival) =>
        host.Cache.Decide(new BindingRequest(pbu.MnId, prefix, careOf, pbu.SequenceNumber, pbu.Timestamp, lifetime, arrival)
        {
            Handoff = pbu.HandoffIndicator,
            SentAt = pbu.SentAt,
        });

    /// <summary>
    /// The node's prefixes the serving MAAR no longer lists: no session needs them (draft §5.2), so
    /// their BCE goes and the MAAR anchoring each removes the route to the MAAR the BCE named (§3.5
    /// lets only the serving MAAR end what the CMD holds).
    /// </summary>
    void RemoveUnlisted(Registration registration, HashSet<ulong> listed, ModelTime arrival)
    {
        var pbu = registration.Pbu;
        for (int maar = 0; maar < host.Run.Topology.FirstRegionalAnchor; maar++)
        {
            var prefix = Prefix64.Delegated(maar, pbu.MnId.Index);
            if (listed.Contains(prefix.Bits) || !host.Cache.TryForward(prefix, arrival, out var entry)) continue;
            var removed = Decide(pbu, prefix, entry.CareOf, ModelTime.Zero, arrival);
            if (removed.Event is null) continue;
            Persist(registration, removed.Event);
            registration.Programs.Add((prefix, entry.CareOf, false));
        }
    }

    void Persist(Registration registration, IBindingEvent? e)
    {
        if (e is not null)
        {
            registration.EventsInFlight++;
            host.PersistThen(e, () =>
            {
                registration.EventsInFlight--;
                Proceed(registration);
            });
        }
        else Proceed(registration);
    }

    /// <summary>Once the BCEs are durable: the PBUs sent on, then the serving MAAR's PBA when it may leave.</summary>
    void Proceed(Registration registration)
    {
        if (registration.EventsInFlight > 0) return;
        if (!registration.Sent)
        {
            registration.Sent = true;
            SendOn(registration);
        }
        AnswerIfDone(registration);
    }

    /// <summary>
    /// RFC 8885 §3.2: the PBU sent on to the MAAR anchoring each prefix, from the CMD, naming the
    /// serving MAAR; with lifetime 0 it removes the route. They are paced (§3.2: a PBU that fans out
    /// to k MAARs MUST NOT leave as a burst): each leaves once the CMD has built the one before, a
    /// service time later. A route installed waits for its PBA; as proxy (§3.4) the CMD names the
    /// MAAR in its answer without waiting.
    /// </summary>
    void SendOn(Registration registration)
    {
        var pbu = registration.Pbu;
        var departure = registration.Pba.SentAt;
        for (int i = 0; i < registration.Programs.Count; i++)
        {
            var (prefix, serving, install) = registration.Programs[i];
            if (i > 0) departure = host.Run.Channel.Departure(departure, here);
            var anchor = prefix.PoolAnchor;
            var programming = new ProxyBindingUpdate(pbu.Procedure, departure, pbu.MnId, prefix,
                install && pbu.Procedure.Kind != ProcedureKind.Refresh ? HandoffIndicator.HandoffBetweenMagsSameInterface : pbu.HandoffIndicator,
                pbu.SequenceNumber, pbu.Timestamp, install ? pbu.LifetimeUnits : (ushort)0, serving)
            {
                Dmm = true,
                RelayedBy = host.Index,
                ServingMaar = serving,
                AccessTechnologyType = pbu.AccessTechnologyType,
            };
            if (install && mode == CmdMode.Relay) registration.Unanswered.Add(anchor);
            if (install && mode == CmdMode.Proxy) registration.Previous.Add(new PreviousMaar(anchor, prefix));
            host.Run.Signalling.Send(host.Run.Directory.Anchors[anchor], Endpoint.Anchor(anchor), programming, host.Self, here);
        }
        // As proxy the answer leaves with the first PBU sent on (Figure 4).
        if (mode == CmdMode.Relay && registration.Programs.Count > 0)
            registration.Pba = registration.Pba with { SentAt = departure };
    }

    /// <summary>An anchoring MAAR's PBA: its route is programmed, or it refused (its prefix is left out of the answer).</summary>
    void OnProgrammed(ProxyBindingAcknowledgement pba, IActorRef anchor)
    {
        if (!host.Run.Signalling.Authentic(pba, Endpoint.Anchor(pba.Lma), here)) return;
        var processedAt = host.Run.Channel.Departure(pba.ArrivesAt, here);
        // A refusal names no prefix (RFC 5213 §8.2 copies the PBU's options only into an acceptance): the anchor that sent it says which.
        if (!awaiting.TryGetValue((pba.MnId.Index, pba.ServingMaar), out var registration) || registration.Pbu.SequenceNumber != pba.SequenceNumber
            || !registration.Unanswered.Remove(pba.Lma)) return;
        if (pba.Status == BindingStatus.Accepted) registration.Previous.Add(new PreviousMaar(pba.Lma, Prefix64.Delegated(pba.Lma, pba.MnId.Index)));
        else host.Run.Recorder.RegistrationFailed(pba.Status);
        registration.Pba = registration.Pba with { SentAt = ModelTime.Max(registration.Pba.SentAt, processedAt) };
        AnswerIfDone(registration);
    }

    /// <summary>The PBA to the serving MAAR, with the Previous MAAR options, once the PBUs sent on have left and, relaying, every anchoring MAAR has answered.</summary>
    void AnswerIfDone(Registration registration)
    {
        if (registration.Answered || !registration.Sent || registration.Unanswered.Count > 0) return;
        registration.Answered = true;
        var key = (registration.Pbu.MnId.Index, registration.Pbu.ProxyCareOf);
        if (awaiting.TryGetValue(key, out var current) && current == registration) awaiting.Remove(key);
        var pba = registration.Pba with { PreviousMaars = registration.Previous.OrderBy(p => p.Maar).ToArray() };
        host.Run.Signalling.Send(registration.Maar, registration.Pbu.Sender(), pba, host.Self, here);
    }

    public bool Intercepts(BindingUpdate bu, IActorRef sender) => false;

    public Action? Decided(BindingDecision decision, ProxyBindingUpdate pbu, ModelTime processedAt) => null;
}
