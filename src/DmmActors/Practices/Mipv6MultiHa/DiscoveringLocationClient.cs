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
/// </summary>
public sealed class DiscoveringLocationClient : IHostLocationClient
{
    /// <summary>RFC 6275 §12.</summary>
    static readonly ModelTime InitialDhaadTimeout = ModelTime.FromSeconds(3);
    const int DhaadRetries = 4;

    /// <summary>To the node itself: the request <see cref="Identifier"/> may have gone unanswered.</summary>
    public sealed record Deadline(ushort Identifier);

    sealed record Discovery(ProcedureRef Procedure, ModelTime SentAt, RouterAdvertisement Ra, IActorRef Node, ushort Identifier, int Attempts);

    readonly IMobileNodeHost node;
    readonly RunContext run;
    readonly MnIdentifier id;
    readonly RefreshBarrier unregistered = new();
    HostLocationClient? home;
    Discovery? discovering;
    ushort identifier;

    public DiscoveringLocationClient(IMobileNodeHost node)
    {
        (this.node, run, id) = (node, node.Run, node.Id);
        node.Handle<HomeAgentAddressDiscoveryReply>((reply, _) => OnReply(reply));
        node.Handle<Deadline>((deadline, _) => OnDiscoveryDeadline(deadline));
    }

    /// <summary>The home agent found, or -1 before the reply.</summary>
    public int HomeAgent => home is null ? -1 : HomePrefix.PoolAnchor;

    public Prefix64 HomePrefix => home?.HomePrefix ?? Prefix64.None;
    public int TunnelsToNode => 1;
    public RefreshBarrier Refreshes => home?.Refreshes ?? unregistered;

    public void Register(ProcedureRef procedure, ModelTime at, RouterAdvertisement ra, IActorRef self)
    {
        if (home is not null) home.Register(procedure, at, ra, self);
        else Discover(new Discovery(procedure, at, ra, self, ++identifier, Attempts: 0));
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
        home = new HostLocationClient(run, id, reply.HomeAgents[0], node.ScheduleToSelf);
        home.Register(d.Procedure, reply.ArrivesAt, d.Ra, d.Node);
    }

    void OnDiscoveryDeadline(Deadline deadline)
    {
        if (discovering is not { } d || deadline.Identifier != d.Identifier) return;
        if (d.Attempts == DhaadRetries)
        {
            discovering = null;
            run.Recorder.RegistrationFailed(BindingStatus.ReasonUnspecified);
            node.Registered(null);
            return;
        }
        run.Recorder.Retransmitted();
        var wait = new ModelTime(InitialDhaadTimeout.Microseconds << d.Attempts);
        Discover(d with { SentAt = d.SentAt + wait, Identifier = ++identifier, Attempts = d.Attempts + 1 });
    }

    public bool Awaits(BindingAcknowledgement ba) => home?.Awaits(ba) == true;

    public RegistrationStep OnAcknowledgement(BindingAcknowledgement ba, IActorRef sender, IActorRef self) =>
        home?.OnAcknowledgement(ba, sender, self) ?? RegistrationStep.Refused;

    public void Refresh(int procedureNumber, ModelTime until, int router, IActorRef self) => home?.Refresh(procedureNumber, until, router, self);

    public void OnDeadline(BindingUpdateListEntry.Deadline deadline, IActorRef self) => home?.OnDeadline(deadline, self);

    /// <summary>A node that found no home agent has no home address to send from: the packet is lost, and so counted.</summary>
    public void SendUplink(DataPacket packet, int router)
    {
        if (home is not null) home.SendUplink(packet, router);
        else DataPlane.Lost(run, packet);
    }

    /// <summary>Back with the home agent that bound it: the one whose pool its home address is on.</summary>
    public void Restore(BindingRegistered binding)
    {
        home = new HostLocationClient(run, id, binding.Prefix.PoolAnchor, node.ScheduleToSelf);
        home.Restore(binding);
    }
}
