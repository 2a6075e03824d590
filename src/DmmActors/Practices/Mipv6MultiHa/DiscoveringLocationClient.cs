using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Practices.Mipv6MultiHa;

/// <summary>
/// A MIPv6 node that knows no home agent until it asks (RFC 6275 §11.4.1): on its first link it
/// sends a DHAAD request to the Home-Agents anycast address, takes the first home agent of the
/// reply (the highest preference), and registers with it from then on, its home address on that
/// agent's prefix. An unanswered request goes again after INITIAL_DHAAD_TIMEOUT, doubling, up to
/// DHAAD_RETRIES times (§12); then the node has no home agent and its attachment fails.
/// With a new home address per attachment (draft §4.1, assumption 4) it asks again at each
/// handover; where the nearest home agent is another, it takes a home address there for its new
/// sessions and keeps registering the earlier ones from each new care-of address while a session
/// that needs its address runs on them; one no such session uses any more it deregisters (RFC 6275 §11.7.2).
/// </summary>
public sealed class DiscoveringLocationClient : IHostLocationClient
{
    /// <summary>RFC 6275 §12.</summary>
    static readonly ModelTime InitialDhaadTimeout = ModelTime.FromSeconds(3);
    const int DhaadRetries = 4;

    /// <summary>To the node itself: the request <see cref="Identifier"/> may have gone unanswered.</summary>
    public sealed record Deadline(ushort Identifier);

    /// <summary>To the node itself: a BU deadline of the registration with <see cref="HomeAgent"/>, whose sequence numbers are its own.</summary>
    public sealed record RegistrationDeadline(int HomeAgent, BindingUpdateListEntry.Deadline Deadline);

    sealed record Discovery(ProcedureRef Procedure, ModelTime SentAt, RouterAdvertisement Ra, IActorRef Node, ushort Identifier, int Attempts);

    readonly IMobileNodeHost node;
    readonly RunContext run;
    readonly MnIdentifier id;
    readonly RefreshBarrier unregistered = new();
    readonly bool newHomeAddressPerAttachment;
    /// <summary>The newest home registration, whose home address new sessions take.</summary>
    HostLocationClient? home;
    /// <summary>Earlier home registrations that sessions needing their address still use, and those deregistered until answered.</summary>
    readonly List<HostLocationClient> earlier = new(), releasing = new();
    /// <summary>
    /// Every home registration the node has made, by home agent: one met again goes on with its own binding update
    /// list entry, its sequence numbers after the last it sent there (RFC 6275 §11.7.1), whenever its deregistration was answered.
    /// </summary>
    readonly Dictionary<int, HostLocationClient> byHomeAgent = new();
    /// <summary>With several home registrations, where all of them count their refreshes, so that the run's end waits for each.</summary>
    readonly RefreshBarrier? shared;
    /// <summary>The procedure the newest registration was last sent for.</summary>
    int registeredFor;
    Discovery? discovering;
    ushort identifier;

    public DiscoveringLocationClient(IMobileNodeHost node, bool newHomeAddressPerAttachment = false)
    {
        (this.node, run, id, this.newHomeAddressPerAttachment) = (node, node.Run, node.Id, newHomeAddressPerAttachment);
        if (newHomeAddressPerAttachment)
        {
            shared = new RefreshBarrier();
            node.Handle<RegistrationDeadline>((d, self) => { if (byHomeAgent.TryGetValue(d.HomeAgent, out var r)) r.OnDeadline(d.Deadline, self); });
        }
        node.Handle<HomeAgentAddressDiscoveryReply>((reply, _) => OnReply(reply));
        node.Handle<Deadline>((deadline, _) => OnDiscoveryDeadline(deadline));
    }

    /// <summary>The home agent found, or -1 before the reply.</summary>
    public int HomeAgent => home is null ? -1 : HomePrefix.PoolAnchor;

    public Prefix64 HomePrefix => home?.HomePrefix ?? Prefix64.None;
    public IReadOnlyCollection<Prefix64> HeldPrefixes => home is null ? [] : [home.HomePrefix, .. earlier.Select(c => c.HomePrefix)];
    /// <summary>Each home agent that binds the node tunnels to it (RFC 6275 §10.4.1).</summary>
    public int TunnelsToNode => 1 + earlier.Count;
    public RefreshBarrier Refreshes => shared ?? home?.Refreshes ?? unregistered;

    public void Register(ProcedureRef procedure, ModelTime at, RouterAdvertisement ra, IActorRef self)
    {
        // A discovery a move left unanswered answers no later move.
        discovering = null;
        if (home is not null && !(newHomeAddressPerAttachment && procedure.Kind == ProcedureKind.Handover)) RegisterAll(procedure, at, ra, self);
        else Discover(new Discovery(procedure, at, ra, self, ++identifier, Attempts: 0));
    }

    /// <summary>
    /// Registers the move with every home agent whose home address a session still needs, the newest
    /// last, and deregisters the earlier ones no such session uses (their nomadic sessions start again
    /// on the newest home address once the move completes).
    /// </summary>
    void RegisterAll(ProcedureRef procedure, ModelTime at, RouterAdvertisement ra, IActorRef self)
    {
        foreach (var old in earlier.ToArray())
        {
            if (node.NeedsContinuityOn(old.HomePrefix))
            {
                old.Register(procedure, at, ra, self);
                continue;
            }
            earlier.Remove(old);
            releasing.Add(old);
            old.Release(procedure, at, ra.AccessRouter, self);
        }
        registeredFor = procedure.Number;
        home!.Register(procedure, at, ra, self);
    }

    /// <summary>
    /// Draft §4.1, assumption 4: the home agent nearest the new link is another, so new sessions take a
    /// home address there; the current one joins the earlier ones. An agent met before is taken up again
    /// with its own registration, whose sequence numbers go on.
    /// </summary>
    void TakeNewHomeAddress(int homeAgent)
    {
        earlier.Add(home!);
        home = Registration(homeAgent);
        earlier.Remove(home);
        releasing.Remove(home);
    }

    HostLocationClient Registration(int homeAgent)
    {
        if (byHomeAgent.TryGetValue(homeAgent, out var registration)) return registration;
        // Each registration numbers its BUs apart: its deadlines come back named by its home agent.
        var schedule = shared is null || node.ScheduleToSelf is not { } toSelf ? node.ScheduleToSelf
            : (delay, message) => toSelf(delay, message is BindingUpdateListEntry.Deadline d ? new RegistrationDeadline(homeAgent, d) : message);
        return byHomeAgent[homeAgent] = new HostLocationClient(run, id, homeAgent, schedule, refreshes: shared);
    }

    void Discover(Discovery d)
    {
        discovering = d;
        var request = new HomeAgentAddressDiscoveryRequest(d.Procedure, d.SentAt, id, d.Identifier, d.Ra.AccessRouter);
        // RFC 2526: the network delivers the anycast request to the home agent nearest the node's link.
        var nearest = run.Topology.NearestAnchor(d.Ra.AccessRouter);
        run.Signalling.Send(run.Directory.Anchors[nearest], Endpoint.Anchor(nearest), request, d.Node, Endpoint.MobileNode(id, d.Ra.AccessRouter));
        if (run.Loss.SignallingTimeout is { } timeout) node.ScheduleToSelf?.Invoke(timeout, new Deadline(d.Identifier));
    }

    void OnReply(HomeAgentAddressDiscoveryReply reply)
    {
        if (discovering is not { } d || reply.Identifier != d.Identifier || reply.HomeAgents.Count == 0) return;
        discovering = null;
        var nearest = reply.HomeAgents[0];
        if (home is null) home = Registration(nearest);
        else if (nearest != home.HomeAgent) TakeNewHomeAddress(nearest);
        RegisterAll(d.Procedure, reply.ArrivesAt, d.Ra, d.Node);
    }

    void OnDiscoveryDeadline(Deadline deadline)
    {
        if (discovering is not { } d || deadline.Identifier != d.Identifier) return;
        if (d.Attempts == DhaadRetries)
        {
            discovering = null;
            // At a later attachment the node still has its home agent: the move registers there.
            if (home is not null)
            {
                RegisterAll(d.Procedure, d.SentAt + new ModelTime(InitialDhaadTimeout.Microseconds << d.Attempts), d.Ra, d.Node);
                return;
            }
            run.Recorder.RegistrationFailed(BindingStatus.ReasonUnspecified);
            node.Registered(null);
            return;
        }
        run.Recorder.Retransmitted();
        var wait = new ModelTime(InitialDhaadTimeout.Microseconds << d.Attempts);
        Discover(d with { SentAt = d.SentAt + wait, Identifier = ++identifier, Attempts = d.Attempts + 1 });
    }

    /// <summary>The registration a BA answers: a deregistration's, the newest, or an earlier one, by the home agent that sent it.</summary>
    HostLocationClient? Answered(BindingAcknowledgement ba) =>
        releasing.Find(c => c.AnswersRelease(ba))
        ?? (home?.HomeAgent == ba.HomeAgent ? home : earlier.Find(c => c.HomeAgent == ba.HomeAgent) ?? releasing.Find(c => c.HomeAgent == ba.HomeAgent));

    public bool Awaits(BindingAcknowledgement ba) => Answered(ba)?.Awaits(ba) == true;

    /// <summary>The move is usable once the newest home agent has bound it; the earlier ones' answers only keep their sessions' addresses.</summary>
    public RegistrationStep OnAcknowledgement(BindingAcknowledgement ba, IActorRef sender, IActorRef self)
    {
        if (home is null) return RegistrationStep.Refused;
        var answered = Answered(ba);
        if (answered is null || ReferenceEquals(answered, home))
        {
            var step = home.OnAcknowledgement(ba, sender, self);
            // A late answer from this agent to a BU it got as an earlier registration, before it was the newest again, completes no move.
            return !newHomeAddressPerAttachment || ba.Procedure.Number == registeredFor || ba.Procedure.Kind == ProcedureKind.Refresh ? step : RegistrationStep.Pending;
        }
        if (answered.AnswersRelease(ba)) releasing.Remove(answered);
        answered.OnAcknowledgement(ba, sender, self);
        return RegistrationStep.Pending;
    }

    public void Refresh(int procedureNumber, ModelTime until, int router, IActorRef self)
    {
        home?.Refresh(procedureNumber, until, router, self);
        foreach (var old in earlier) old.Refresh(procedureNumber, until, router, self);
    }

    /// <summary>One registration's deadline; with several, they come as <see cref="RegistrationDeadline"/>.</summary>
    public void OnDeadline(BindingUpdateListEntry.Deadline deadline, IActorRef self) => home?.OnDeadline(deadline, self);

    /// <summary>
    /// From the home address of the packet's session, through that home agent's reverse tunnel. A node
    /// that found no home agent has no home address to send from: the packet is lost, and so counted.
    /// </summary>
    public void SendUplink(DataPacket packet, int router)
    {
        if (home is null) DataPlane.Lost(run, packet);
        else (earlier.Find(c => c.HomePrefix == packet.SourcePrefix) ?? home).SendUplink(packet, router);
    }

    /// <summary>Back with the home agent that bound it: the one whose pool its home address is on.</summary>
    public void Restore(BindingRegistered binding)
    {
        earlier.Clear();
        releasing.Clear();
        byHomeAgent.Clear();
        home = Registration(binding.Prefix.PoolAnchor);
        home.Restore(binding);
    }
}
