using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Emulation;
using DmmActors.Protocol;

namespace DmmActors.Functions;

/// <summary>What a mobility anchor offers the components it hosts: its binding cache, its forwarding, its journal.</summary>
public interface IAnchorHost : IMessageRegistry
{
    RunContext Run { get; }
    int Index { get; }
    IActorRef Self { get; }
    BindingCache Cache { get; }
    TunnelForwarding Forwarding { get; }
    RegistrationAuthorization Authorization { get; }

    /// <summary>Applies the event now and runs <paramref name="whenDurable"/> once it is in the journal.</summary>
    void PersistThen(IBindingEvent e, Action whenDurable);

    /// <summary>Sends a message to the anchor itself after a wall-clock delay (a request's retransmission timer).</summary>
    void ScheduleToSelf(TimeSpan delay, object message);
}

/// <summary>
/// A component an anchor hosts beside its location server and forwarding (relocation, an
/// HMIPv6 MAP's tunnels). It registers its own messages through the host; these are the points
/// of the anchor's own procedures where it takes part.
/// </summary>
public interface IAnchorComponent
{
    /// <summary>
    /// Whether a message for <paramref name="prefix"/> is not the location server's to handle
    /// (held while its context is in transfer, or sent on to the anchor that took it over).
    /// </summary>
    bool Redirected(Prefix64 prefix, object message, IActorRef sender);

    /// <summary>
    /// An uplink packet this component sends on itself rather than the reverse tunnel's check against
    /// the binding (3GPP's SGW takes a UE's uplink on its S1-U TEID before the downlink is bound).
    /// </summary>
    bool TakesUplink(DataPacket packet) => false;

    /// <summary>A BU this component takes instead of the location server (a MAP tunnels a home BU on, RFC 5380 §6.1).</summary>
    bool Intercepts(BindingUpdate bu, IActorRef sender);

    /// <summary>
    /// Whether the anchor serves mobile routers through this component (RFC 3963 §6.1); an anchor
    /// none of whose components does refuses a BU with the R flag with 140.
    /// </summary>
    bool ServesMobileRouters => false;

    /// <summary>The status to refuse an authentic home BU with before the location server decides, or null (RFC 3963 §6.1's prefix checks).</summary>
    BindingStatus? Refuses(BindingUpdate bu) => null;

    /// <summary>
    /// A PBU's decision that journals an event, taken by <paramref name="processedAt"/> (when its
    /// PBA leaves); returns what to do once that acknowledgement has left, or null.
    /// </summary>
    Action? Decided(BindingDecision decision, ProxyBindingUpdate pbu, ModelTime processedAt);

    /// <summary>
    /// The same for a home BU: what to do once its BA, which leaves at <paramref name="processedAt"/>
    /// for <paramref name="node"/>, has left (RFC 5142 §5.1's switch), or null. What goes to the same
    /// reference after the BA reaches the node after it, wherever the two run.
    /// </summary>
    Action? Decided(BindingDecision decision, BindingUpdate bu, IActorRef node, ModelTime processedAt) => null;

    /// <summary>
    /// How long the forwarding state that <paramref name="pbu"/> changes takes to program once the
    /// anchor has processed it (a data-plane anchor that a control plane programs, RFC 8885 §3.2):
    /// the binding holds, and the PBA leaves, that much later.
    /// </summary>
    ModelTime ProgrammingDelay(ProxyBindingUpdate pbu) => ModelTime.Zero;

    /// <summary>The PBA the anchor sends for <paramref name="pbu"/>, with what this component adds to it (RFC 6463 §4.3's Load Information).</summary>
    ProxyBindingAcknowledgement Acknowledging(ProxyBindingUpdate pbu, BindingDecision decision, ProxyBindingAcknowledgement pba) => pba;

    /// <summary>The BA the anchor sends for <paramref name="bu"/>, with what this component adds to it (RFC 5555 §4.1's options and its way back).</summary>
    BindingAcknowledgement Acknowledging(BindingUpdate bu, BindingDecision decision, BindingAcknowledgement ba) => ba;
}
