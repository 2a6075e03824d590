using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Practices.Mobike;

/// <summary>
/// A VPN gateway as the mobility anchor (RFC 4555 §1.1): the IKEv2 responder of each node's IKE
/// SA. IKE_AUTH gives the node its inner address on the gateway's pool and binds it to the
/// address the request came from; an INFORMATIONAL with UPDATE_SA_ADDRESSES moves the IKE SA to
/// the node's new address at once (§3.5), and the IPsec SA, the binding the tunnel follows, only
/// once a return routability check there (COOKIE2, §3.7) came back. A liveness INFORMATIONAL
/// extends the binding. The bindings are the anchor's, journalled as any.
/// </summary>
public sealed class VpnGateway : IAnchorComponent
{
    readonly IAnchorHost host;
    readonly Emulation.RunContext run;
    Endpoint Here => Endpoint.Anchor(host.Index);

    /// <summary>One node's IKE SA: its SPIs, the address it moved to, its next request's ID, and a move awaiting its return routability check.</summary>
    sealed class IkeSa(IkeSpis spis, int careOf)
    {
        public IkeSpis Spis { get; } = spis;
        public int CareOf { get; set; } = careOf;
        public uint NextRequest { get; set; }
        public (IkeInformational Update, IActorRef Node, ulong Cookie)? Checking { get; set; }
    }

    readonly Dictionary<int, IkeSa> sas = new();

    public VpnGateway(IAnchorHost host)
    {
        (this.host, run) = (host, host.Run);
        // RFC 4301 §5.1: the tunnel to each node is its ESP SA's.
        host.Forwarding.EncapsulateWith((_, _) => Encapsulation.Esp);
        host.Handle<IkeSaInit>(OnSaInit);
        host.Handle<IkeAuth>(OnAuth);
        host.Handle<IkeInformational>(OnInformational);
    }

    ModelTime Processed(Signal signal) => run.Channel.Departure(signal.ArrivesAt, Here);

    void Reply(IActorRef node, Signal answer, MnIdentifier mn, int careOf) =>
        run.Signalling.Send(node, Endpoint.MobileNode(mn, careOf), answer, host.Self, Here);

    /// <summary>RFC 7296 §1.2: the responder picks its SPI; the emulator's is the node's and the initiator's, mixed.</summary>
    void OnSaInit(IkeSaInit init, IActorRef node)
    {
        if (init.Response || init.Gateway != host.Index || init.Spis.Responder != 0) return;
        var spis = init.Spis with { Responder = Randomness.SplitMix64.Mix(init.Spis.Initiator, host.Index) | 1 };
        sas[init.MnId.Index] = new IkeSa(spis, init.CareOf);
        Reply(node, new IkeSaInit(init.Procedure, Processed(init), init.MnId, host.Index, init.CareOf, spis, Response: true), init.MnId, init.CareOf);
    }

    /// <summary>A message of an IKE SA this gateway holds for the node; one under SPIs it does not know would not decrypt, and is dropped.</summary>
    bool Known(MnIdentifier mn, IkeSpis spis, out IkeSa sa)
    {
        if (sas.TryGetValue(mn.Index, out sa!) && sa.Spis == spis) return true;
        run.Recorder.Unauthorised();
        return false;
    }

    /// <summary>RFC 7296 §1.2, §2.19: the node authenticated, its inner address bound to the address the request came from (RFC 4555 §3.3).</summary>
    void OnAuth(IkeAuth auth, IActorRef node)
    {
        if (auth.Response || !Known(auth.MnId, auth.Spis, out var sa)) return;
        var prefix = Prefix64.Delegated(host.Index, auth.MnId.Index);
        var at = Processed(auth);
        Bind(auth.MnId, prefix, auth.CareOf, auth.ArrivesAt, auth.SentAt, () =>
            Reply(node, new IkeAuth(auth.Procedure, at, auth.MnId, host.Index, auth.CareOf, sa.Spis, Response: true, prefix, EspSpis.TowardGateway(auth.MnId)),
                auth.MnId, auth.CareOf));
    }

    void OnInformational(IkeInformational message, IActorRef node)
    {
        if (!Known(message.MnId, message.Spis, out var sa)) return;
        if (message.Response)
        {
            // §3.7: the check's answer must copy the cookie; then the IPsec SA follows the node, and the move is answered.
            if (!message.FromInitiator || sa.Checking is not { } check) return;
            if (message.Cookie2 != check.Cookie || message.CareOf != sa.CareOf)
            {
                // §3.7 closes the IKE SA on a cookie not copied; the emulator's gateway counts it and keeps waiting for the right one.
                run.Recorder.Unauthorised();
                return;
            }
            sa.Checking = null;
            Answer(check.Update, check.Node, sa, message);
            return;
        }
        if (!message.UpdateSaAddresses)
        {
            // RFC 7296 §1.4: liveness, which extends the binding where it is; RFC 4555 §3.8: from another address it moves nothing.
            if (message.CareOf == sa.CareOf) Answer(message, node, sa, message);
            else Reply(node, Answering(message, sa, Processed(message)), message.MnId, message.CareOf);
            return;
        }
        // §3.5: the IKE SA follows the request's source at once; §3.7: the return routability check goes there before ESP does.
        sa.CareOf = message.CareOf;
        var cookie = Randomness.SplitMix64.Mix(sa.Spis.Responder, (int)message.MessageId) | 1;
        sa.Checking = (message, node, cookie);
        Reply(node, new IkeInformational(message.Procedure, Processed(message), message.MnId, host.Index, sa.CareOf, sa.Spis, sa.NextRequest++,
            FromInitiator: false, Response: false) { Cookie2 = cookie }, message.MnId, sa.CareOf);
    }

    /// <summary>
    /// Binds the node where <paramref name="request"/> came from, as of <paramref name="last"/>'s arrival, and
    /// answers the request once the binding is durable, copying its cookie (§3.7).
    /// </summary>
    void Answer(IkeInformational request, IActorRef node, IkeSa sa, IkeInformational last)
    {
        var answer = Answering(request, sa, Processed(last));
        Bind(request.MnId, Prefix64.Delegated(host.Index, request.MnId.Index), request.CareOf, last.ArrivesAt, request.SentAt,
            () => Reply(node, answer, request.MnId, request.CareOf));
    }

    /// <summary>The response to <paramref name="request"/>, leaving at <paramref name="at"/>: its message ID, its cookie copied (§3.7).</summary>
    IkeInformational Answering(IkeInformational request, IkeSa sa, ModelTime at) =>
        new(request.Procedure, at, request.MnId, host.Index, request.CareOf, sa.Spis, request.MessageId, FromInitiator: false, Response: true)
        { Cookie2 = request.Cookie2 };

    /// <summary>The location server's decision on the node's binding, the gateway numbering its own updates in order (RFC 6275 §9.5.1's rule).</summary>
    void Bind(MnIdentifier mn, Prefix64 prefix, int careOf, ModelTime arrival, ModelTime sentAt, Action answer)
    {
        var sequence = host.Cache.TryGet(prefix, out var bound) ? (ushort)(bound.SequenceNumber + 1) : (ushort)1;
        var decision = host.Cache.Decide(new BindingRequest(mn, prefix, careOf, sequence, ModelTime.Zero, run.Scenario.BindingLifetime, arrival) { SentAt = sentAt });
        if (decision.Event is { } e) host.PersistThen(e, answer);
        else answer();
    }

    public bool Redirected(Prefix64 prefix, object message, IActorRef sender) => false;

    public bool Intercepts(BindingUpdate bu, IActorRef sender) => false;

    public Action? Decided(BindingDecision decision, ProxyBindingUpdate pbu, ModelTime processedAt) => null;
}
