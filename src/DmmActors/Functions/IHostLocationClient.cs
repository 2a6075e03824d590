using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Protocol;

namespace DmmActors.Functions;

/// <summary>Where a node's registration stands once an acknowledgement is in.</summary>
public readonly record struct RegistrationStep(bool GoesOn, ModelTime? UsableAt)
{
    /// <summary>More of the registration is to come (a refresh's or a de-registration's BA changes nothing either).</summary>
    public static readonly RegistrationStep Pending = new(true, null);
    /// <summary>The registration was refused: the node has no usable binding for this move.</summary>
    public static readonly RegistrationStep Refused = new(false, null);
    public static RegistrationStep Usable(ModelTime at) => new(false, at);

    /// <summary>Where an entry's answer leaves a registration that ends with that entry.</summary>
    public static RegistrationStep After(BindingUpdateListEntry.Answer answer, BindingAcknowledgement ba) => answer switch
    {
        BindingUpdateListEntry.Answer.Registered => Usable(ba.ArrivesAt),
        BindingUpdateListEntry.Answer.Refused => Refused,
        _ => Pending,
    };
}

/// <summary>
/// The location client placed on the mobile node itself (RFC 6275 §11): it registers each
/// move and refreshes the bindings. The node routes its RAs, BAs and deadlines to it.
/// </summary>
public interface IHostLocationClient
{
    /// <summary>The home prefix from the home agent's pool (RFC 6275 §10.1); it never changes.</summary>
    Prefix64 HomePrefix { get; }

    /// <summary>The prefix of the addresses the node's sessions use: its home prefix, unless the client says otherwise.</summary>
    Prefix64 SessionPrefix => HomePrefix;

    /// <summary>The prefixes whose addresses the node holds once registered: the session prefix first, then any earlier home prefix still bound.</summary>
    IReadOnlyCollection<Prefix64> HeldPrefixes => [SessionPrefix];

    /// <summary>Whether the node's sessions run on its IPv4 home address (RFC 5555), as IPv4 datagrams.</summary>
    bool SessionsOverIpv4 => false;

    /// <summary>Tunnels that carry the node's packets to it once registered: the node's own with its home agent, and any on the way.</summary>
    int TunnelsToNode { get; }

    RefreshBarrier Refreshes { get; }

    /// <summary>RFC 6275 §11.5.1: a new prefix on the link means movement; register the care-of address formed on it.</summary>
    void Register(ProcedureRef procedure, ModelTime at, RouterAdvertisement ra, IActorRef self);

    /// <summary>Whether a BA answers a BU still awaited; one for a BU already sent again is not.</summary>
    bool Awaits(BindingAcknowledgement ba);

    RegistrationStep OnAcknowledgement(BindingAcknowledgement ba, IActorRef sender, IActorRef self);

    /// <summary>Refreshes the bindings before they lapse, up to <paramref name="until"/>, the node being on <paramref name="router"/>.</summary>
    void Refresh(int procedureNumber, ModelTime until, int router, IActorRef self);

    void OnDeadline(BindingUpdateListEntry.Deadline deadline, IActorRef self);

    /// <summary>
    /// Sends the node's packet to a correspondent from its home address, the node on
    /// <paramref name="router"/>'s link: through the reverse tunnel to its home agent (RFC 6275 §11.3.1).
    /// </summary>
    void SendUplink(DataPacket packet, int router);

    /// <summary>Back where the home agent's last accepted registration of a resumed run left the node.</summary>
    void Restore(BindingRegistered binding);

    /// <summary>
    /// The same where the home agent's registration names a regional care-of address (an HMIPv6
    /// RCoA): <paramref name="regional"/> is that anchor's latest registration for the node, the one
    /// that names its router. A client with one binding update list entry takes the first alone.
    /// </summary>
    void Restore(BindingRegistered binding, BindingRegistered? regional) => Restore(binding);

    /// <summary>
    /// After a restore: registrations at regional anchors that the node's chain does not go
    /// through, which a move the stop cut short left (its home registration went with the stop).
    /// A client that registers with regional anchors releases them, as that move would have; one
    /// that does not has none.
    /// </summary>
    void Release(IReadOnlyList<BindingRegistered> leftBehind, ProcedureRef procedure, ModelTime at, int router, IActorRef self) { }

    /// <summary>
    /// The node, whose model clock stands at <paramref name="now"/>, is to leave <paramref name="from"/>'s
    /// link at <paramref name="linkDown"/> for <paramref name="to"/>'s (a link-layer trigger, RFC 5568
    /// §3.1). A client that prepares the handover from the old link first answers true, and lets
    /// the node go (IMobileNodeHost.Depart) once it may, from a message it takes in later; false
    /// where the node leaves at once.
    /// </summary>
    bool BeforeLinkDown(ProcedureRef handover, ModelTime now, ModelTime linkDown, int from, int to, IActorRef self) => false;

    /// <summary>
    /// The node's link to <paramref name="router"/> came up at <paramref name="linkUp"/>. A client that
    /// already holds a care-of address there the router confirmed (RFC 5568 §5.1) announces itself
    /// and registers, answering true; false where the node solicits, as on any new link.
    /// </summary>
    bool Arrived(ProcedureRef handover, ModelTime linkUp, int router, IActorRef self) => false;
}
