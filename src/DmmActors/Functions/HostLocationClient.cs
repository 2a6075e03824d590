using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Emulation;
using DmmActors.Protocol;

namespace DmmActors.Functions;

/// <summary>
/// Mobile IPv6 home registration with the home agent (RFC 6275 §11.7.1), and its refreshes:
/// one binding update list entry, straight to the home agent.
/// </summary>
public sealed class HostLocationClient : IHostLocationClient
{
    readonly RunContext run;
    readonly MnIdentifier id;
    readonly BindingUpdateListEntry home;

    public HostLocationClient(RunContext run, MnIdentifier id, Action<TimeSpan, object>? scheduleToSelf = null)
    {
        (this.run, this.id) = (run, id);
        HomePrefix = run.Policy.HomePrefixOf(id);
        home = new BindingUpdateListEntry(run, id, mapRegistration: false, Refreshes, scheduleToSelf);
        home.Target(run.Policy.AnchorOf(id), HomePrefix);
    }

    public Prefix64 HomePrefix { get; }
    public int TunnelsToNode => 1; // RFC 6275 §10.4.1: the node's own tunnel to its home agent.
    public RefreshBarrier Refreshes { get; } = new();

    /// <summary>Its sequence numbers go on from the BU the home agent last accepted (RFC 6275 §9.5.1).</summary>
    public void Restore(BindingRegistered binding) => home.Restore(binding);

    public void Register(ProcedureRef procedure, ModelTime at, RouterAdvertisement ra, IActorRef self) =>
        home.Register(procedure, at, ra.AccessRouter, ra.AccessRouter, self);

    public bool Awaits(BindingAcknowledgement ba) => home.Awaits(ba);

    public RegistrationStep OnAcknowledgement(BindingAcknowledgement ba, IActorRef sender, IActorRef self) =>
        RegistrationStep.After(home.OnAcknowledgement(ba, sender, self), ba);

    public void Refresh(int procedureNumber, ModelTime until, int router, IActorRef self) => home.Refresh(procedureNumber, until, router, self);

    public void SendUplink(DataPacket packet, int router) => Uplink.ToAnchor(run, packet, Endpoint.MobileNode(id, router), home.Peer, careOf: router);

    public void OnDeadline(BindingUpdateListEntry.Deadline deadline, IActorRef self) => home.OnDeadline(deadline, self);
}
