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

    /// <param name="mobileNetworkPrefix">Where the node is a mobile router, the prefix of the network behind it, which it registers with its home address (RFC 3963 §5.1).</param>
    /// <param name="extend">What the practice adds to each BU (BindingUpdateListEntry.Extend).</param>
    public HostLocationClient(RunContext run, MnIdentifier id, Action<TimeSpan, object>? scheduleToSelf = null, Prefix64 mobileNetworkPrefix = default,
        Func<BindingUpdate, BindingUpdate>? extend = null)
        : this(run, id, run.Policy.AnchorOf(id), scheduleToSelf, mobileNetworkPrefix, extend) { }

    /// <param name="homeAgent">The home agent the node registers with, its home address on a prefix of that agent's pool (RFC 6275 §10.1).</param>
    /// <param name="refreshes">Where a node with several home registrations counts the refreshes of all of them; its own otherwise.</param>
    public HostLocationClient(RunContext run, MnIdentifier id, int homeAgent, Action<TimeSpan, object>? scheduleToSelf, Prefix64 mobileNetworkPrefix = default,
        Func<BindingUpdate, BindingUpdate>? extend = null, RefreshBarrier? refreshes = null)
    {
        (this.run, this.id) = (run, id);
        Refreshes = refreshes ?? new();
        HomePrefix = Prefix64.Delegated(homeAgent, id.Index);
        home = new BindingUpdateListEntry(run, id, mapRegistration: false, Refreshes, scheduleToSelf) { MobileNetworkPrefix = mobileNetworkPrefix, Extend = extend };
        home.Target(homeAgent, HomePrefix);
        SessionPrefix = mobileNetworkPrefix.IsNone ? HomePrefix : mobileNetworkPrefix;
    }

    public Prefix64 HomePrefix { get; }

    /// <summary>The home agent registered with.</summary>
    public int HomeAgent => home.Peer;

    /// <summary>A mobile router's sessions are those of the nodes behind it, on its mobile network prefix (RFC 3963 §1).</summary>
    public Prefix64 SessionPrefix { get; }
    public int TunnelsToNode => 1; // RFC 6275 §10.4.1: the node's own tunnel to its home agent.
    public RefreshBarrier Refreshes { get; }

    /// <summary>Its sequence numbers go on from the BU the home agent last accepted (RFC 6275 §9.5.1).</summary>
    public void Restore(BindingRegistered binding) => home.Restore(binding);

    public void Register(ProcedureRef procedure, ModelTime at, RouterAdvertisement ra, IActorRef self) =>
        RegisterFrom(procedure, at, ra.AccessRouter, self);

    /// <summary>Registers the care-of address on <paramref name="router"/>'s prefix, the node on its link, however the node came by the address.</summary>
    public void RegisterFrom(ProcedureRef procedure, ModelTime at, int router, IActorRef self) => home.Register(procedure, at, router, router, self);

    public bool Awaits(BindingAcknowledgement ba) => home.Awaits(ba);

    public RegistrationStep OnAcknowledgement(BindingAcknowledgement ba, IActorRef sender, IActorRef self) =>
        RegistrationStep.After(home.OnAcknowledgement(ba, sender, self), ba);

    public void Refresh(int procedureNumber, ModelTime until, int router, IActorRef self) => home.Refresh(procedureNumber, until, router, self);

    /// <summary>RFC 6275 §11.7.2: a BU with lifetime zero to the home agent, from the node on <paramref name="router"/>; its BA is answered as Released.</summary>
    public void Release(ProcedureRef procedure, ModelTime at, int router, IActorRef self) =>
        home.Deregister(procedure, at, home.Peer, HomePrefix, router, router, self);

    /// <summary>Whether <paramref name="ba"/> answers a release this client sent.</summary>
    public bool AnswersRelease(BindingAcknowledgement ba) => ba.HomeAgent == home.Peer && home.Releases(ba.SequenceNumber);

    public void SendUplink(DataPacket packet, int router) => Uplink.ToAnchor(run, packet, Endpoint.MobileNode(id, router), home.Peer, careOf: router);

    public void OnDeadline(BindingUpdateListEntry.Deadline deadline, IActorRef self) => home.OnDeadline(deadline, self);
}
