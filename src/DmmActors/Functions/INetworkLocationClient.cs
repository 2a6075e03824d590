using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Control;
using DmmActors.Protocol;

namespace DmmActors.Functions;

/// <summary>
/// The location client an access router hosts in a network-based practice: a MAG (RFC 5213) or
/// a MAAR (RFC 8885). The router hands it what every location client takes (the node's link
/// coming up and going down, the anchor's acknowledgement, refreshes); a message only one
/// client's protocol has, it registers with the router itself (<see cref="Register"/>).
/// </summary>
public interface INetworkLocationClient
{
    RefreshBarrier Refreshes { get; }

    /// <summary>Registers with the router the messages of this client's own protocol.</summary>
    void Register(IAccessRouterHost router);
    /// <summary>A node solicited on this router's link; the router was done with its RS at <paramref name="processedAt"/>.</summary>
    void Attach(RouterSolicitation rs, ModelTime processedAt, IActorRef node, IActorRef self);
    void Detach(LinkDown down, IActorRef self);
    void OnAcknowledgement(ProxyBindingAcknowledgement pba, IActorRef anchor, IActorRef self);
    void Extend(ModelTime until, IActorRef self);
    /// <summary>RFC 5213 §6.9.4: sends again what went unanswered for longer than the signalling timeout.</summary>
    void RetransmitOverdue(IActorRef self);
    /// <summary>The anchor whose tunnel carries the node's home network prefix here, or -1 if the node is not here.</summary>
    int AnchorOf(MnIdentifier mn);

    /// <summary>
    /// The anchor whose tunnel carries up the node's packets from an address on
    /// <paramref name="source"/> at <paramref name="at"/> (RFC 5213 §6.10.5), or -1 where it has none here.
    /// </summary>
    int UplinkAnchorOf(MnIdentifier mn, Prefix64 source, ModelTime at) => AnchorOf(mn);

    /// <summary>The header of the tunnels up to the anchor: IPv6 in IPv6 (RFC 5213 §6.10.5) unless the client's are others (an eNB's S1-U is GTP-U).</summary>
    Encapsulation UplinkEncapsulation => Encapsulation.Ipv6;

    /// <summary>
    /// The node was lost with its cluster member while on this link: what this client sent for it
    /// is not sent again (a restart registers it anew). Returns the timestamp of the latest
    /// registration it sent for the node, a refresh's or a retransmission's included (each
    /// retransmission backs off in model time, RFC 5213 §6.9.4); zero where it sent none. The
    /// restart must come after it, or the anchor refuses it as stale (§5.5).
    /// </summary>
    ModelTime NodeLost(MnIdentifier mn) => ModelTime.Zero;

    /// <summary>A binding update list entry as a resumed run's journal left it.</summary>
    void Restore(RestoreBinding restore) { }

    /// <summary>The node's multicast subscriptions, from its MLD report.</summary>
    void RememberGroups(MnIdentifier mn, IReadOnlyList<int> groups) { }
}

/// <summary>
/// To a MAG itself: the back-off after a 130 for this node's registration is over
/// (ProxyLocationClient); a MAAR, which registers several prefixes a move, names the refused PBU by its prefix and sequence number.
/// </summary>
public sealed record RegistrationBackoff(int MobileNode, int Procedure, ushort Sequence = 0)
{
    /// <summary>The prefix the refused PBU asked for; none for a node's new one.</summary>
    public Addressing.Prefix64 Prefix { get; init; }
}
