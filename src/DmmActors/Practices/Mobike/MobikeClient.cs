using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Practices.Mobike;

/// <summary>
/// A node with a VPN to its gateway and IKEv2 mobility (RFC 4555): on its first link it sets up
/// the IKE SA (IKE_SA_INIT, then IKE_AUTH with MOBIKE_SUPPORTED and a CFG_REQUEST for its inner
/// address, on which its sessions run); after each move it sends, from its new care-of address,
/// an INFORMATIONAL with UPDATE_SA_ADDRESSES and COOKIE2 (§3.5), answers the gateway's return
/// routability check (§3.7), and holds a usable address once the gateway answers its update. Its
/// packets go up in ESP (RFC 4303) from its care-of address; before each binding lapses it checks
/// the IKE SA's liveness with an INFORMATIONAL carrying no notification (RFC 7296 §1.4), which the
/// gateway takes as a refresh.
/// </summary>
public sealed class MobikeClient : IHostLocationClient
{
    readonly IMobileNodeHost node;
    readonly RunContext run;
    readonly MnIdentifier id;
    readonly int gateway;
    IkeSpis? spis;
    int careOf = -1;
    /// <summary>The ID of the node's next request (RFC 7296 §2.2: IKE_SA_INIT 0, IKE_AUTH 1, then one more per exchange it starts).</summary>
    uint nextRequest;
    /// <summary>The move's update awaiting its answer, and the registration it completes.</summary>
    (IkeInformational Update, ProcedureRef Procedure)? moving;
    /// <summary>When the binding's last registration left the node (its refreshes are timed from then), and its lifetime.</summary>
    ModelTime registeredAt, grantedLifetime;
    /// <summary>The liveness checks whose answers are still to come, by message ID.</summary>
    readonly HashSet<uint> refreshing = new();

    public MobikeClient(IMobileNodeHost node)
    {
        (this.node, run, id) = (node, node.Run, node.Id);
        gateway = run.Policy.AnchorOf(id);
        HomePrefix = Prefix64.Delegated(gateway, id.Index);
        node.Handle<IkeSaInit>((init, sender) => OnSaInit(init, sender));
        node.Handle<IkeAuth>((auth, _) => OnAuth(auth));
        node.Handle<IkeInformational>((message, sender) => OnInformational(message, sender));
    }

    /// <summary>The inner address's prefix, from the gateway's pool (RFC 7296 §2.19's INTERNAL_IP6_ADDRESS).</summary>
    public Prefix64 HomePrefix { get; }
    public int TunnelsToNode => 1; // the ESP tunnel from the gateway
    public RefreshBarrier Refreshes { get; } = new();

    Endpoint On(int router) => Endpoint.MobileNode(id, router);
    IActorRef Gateway => run.Directory.Anchors[gateway];
    Endpoint GatewayAt => Endpoint.Anchor(gateway);

    public void Register(ProcedureRef procedure, ModelTime at, RouterAdvertisement ra, IActorRef self)
    {
        careOf = ra.AccessRouter;
        if (spis is not { } sa)
        {
            // RFC 7296 §1.2: the first exchange, its SPI the node's own, a new one for each IKE SA the node sets up (its keys derive from it).
            nextRequest = 0;
            var initiator = Randomness.SplitMix64.Mix(Randomness.SplitMix64.Mix(run.Scenario.Seed ^ 0x7296UL, id.Index), procedure.Number) | 1;
            Send(new IkeSaInit(procedure, at, id, gateway, careOf, new IkeSpis(initiator, 0), Response: false), self);
            return;
        }
        // RFC 4555 §3.5: from the new address, with COOKIE2 to check the gateway's answer (§3.7).
        var update = new IkeInformational(procedure, at, id, gateway, careOf, sa, nextRequest++, FromInitiator: true, Response: false)
        {
            UpdateSaAddresses = true, Cookie2 = Randomness.SplitMix64.Mix(sa.Initiator, (int)procedure.Number) | 1,
        };
        moving = (update, procedure);
        Send(update, self);
    }

    void Send(Signal signal, IActorRef self) => run.Signalling.Send(Gateway, GatewayAt, signal, self, On(careOf));

    void OnSaInit(IkeSaInit init, IActorRef self)
    {
        if (!init.Response || spis is not null) return;
        spis = init.Spis;
        nextRequest = 1;
        authSentAt = run.Channel.Departure(init.ArrivesAt, On(careOf));
        Send(new IkeAuth(init.Procedure, authSentAt, id, gateway, careOf, init.Spis, Response: false, Prefix64.None, EspSpis.TowardNode(id)), node.Self);
        nextRequest = 2;
    }

    void OnAuth(IkeAuth auth)
    {
        if (!auth.Response || spis != auth.Spis) return;
        (registeredAt, grantedLifetime) = (authSentAt, run.Scenario.BindingLifetime);
        node.Registered(auth.ArrivesAt);
    }

    ModelTime authSentAt;

    void OnInformational(IkeInformational message, IActorRef sender)
    {
        if (spis != message.Spis) return;
        if (!message.Response)
        {
            // §3.7: the gateway's return routability check; the answer copies its cookie.
            run.Signalling.Send(sender, GatewayAt, new IkeInformational(message.Procedure, run.Channel.Departure(message.ArrivesAt, On(careOf)), id, gateway,
                careOf, message.Spis, message.MessageId, FromInitiator: true, Response: true) { Cookie2 = message.Cookie2 }, node.Self, On(careOf));
            return;
        }
        if (refreshing.Remove(message.MessageId))
        {
            Refreshes.Acknowledged();
            return;
        }
        // §3.7: an answer whose cookie is not the one sent closes nothing here, but moves nothing either.
        if (moving is not { } move || message.MessageId != move.Update.MessageId || message.Cookie2 != move.Update.Cookie2) return;
        moving = null;
        (registeredAt, grantedLifetime) = (move.Update.SentAt, run.Scenario.BindingLifetime);
        node.Registered(message.ArrivesAt);
    }

    /// <summary>RFC 7296 §1.4: liveness checks before the binding lapses, up to <paramref name="until"/>; the gateway extends the binding with each.</summary>
    public void Refresh(int procedureNumber, ModelTime until, int router, IActorRef self)
    {
        if (spis is not { } sa || moving is not null) return;
        var procedure = new ProcedureRef(id, procedureNumber, ProcedureKind.Refresh);
        registeredAt = Refreshes.SendDue(new RefreshSchedule(grantedLifetime, run.Scenario.RefreshRatio), registeredAt, until, at =>
        {
            refreshing.Add(nextRequest);
            Send(new IkeInformational(procedure, at, id, gateway, careOf, sa, nextRequest++, FromInitiator: true, Response: false), self);
        });
    }

    /// <summary>RFC 4301 §5.1: up the ESP tunnel from the care-of address to the gateway.</summary>
    public void SendUplink(DataPacket packet, int router) =>
        Uplink.ToAnchor(run, packet with { Encapsulation = Encapsulation.Esp }, On(router), gateway, careOf: router);

    public bool Awaits(BindingAcknowledgement ba) => false;

    public RegistrationStep OnAcknowledgement(BindingAcknowledgement ba, IActorRef sender, IActorRef self) => RegistrationStep.Pending;

    public void OnDeadline(BindingUpdateListEntry.Deadline deadline, IActorRef self) { }

    /// <summary>A resumed node has no IKE SA (its keys are not journalled): it sets one up again at its next registration.</summary>
    public void Restore(BindingRegistered binding) => (spis, careOf) = (null, binding.CareOf);
}
