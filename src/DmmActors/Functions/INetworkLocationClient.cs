using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Protocol;
using DmmActors.Run;

namespace DmmActors.Functions;

/// <summary>
/// The location client an access router hosts in a network-based practice: a MAG (RFC 5213) or
/// a MAAR (RFC 8885). The router hands it every message a location client may take; what a
/// client's protocol has no use for it ignores, so the router never needs to know which it has.
/// </summary>
public interface INetworkLocationClient
{
    RefreshBarrier Refreshes { get; }
    void Attach(RouterSolicitation rs, ModelTime arrival, IActorRef node, IActorRef self);
    void Detach(LinkDown down, IActorRef self);
    void OnAcknowledgement(ProxyBindingAcknowledgement pba, IActorRef anchor, IActorRef self);
    void Extend(ModelTime until, IActorRef self);
    /// <summary>RFC 5213 §6.9.4: sends again what went unanswered for longer than the signalling timeout.</summary>
    void RetransmitOverdue(IActorRef self);
    /// <summary>The anchor whose tunnel carries the node's home network prefix here, or -1 if the node is not here.</summary>
    int AnchorOf(MnIdentifier mn);

    /// <summary>A binding update list entry as a resumed run's journal left it.</summary>
    void Restore(Storm.RestoreBinding restore) { }

    /// <summary>The next router asks for a node's context (RFC 5949 §5.1).</summary>
    void OnHandoverInitiate(HandoverInitiate hi, IActorRef newRouter, IActorRef self) { }

    /// <summary>The previous router's context; returns when it arrived, or null if it answers no handover in progress.</summary>
    ModelTime? OnHandoverAcknowledge(HandoverAcknowledge hack, IActorRef self) => null;

    /// <summary>The node's connection manager says no session uses a prefix any more.</summary>
    void OnSessionsEnded(SessionsEnded ended, IActorRef self) { }

    /// <summary>An anchor took over one of a node's prefixes.</summary>
    void OnAnchorRelocated(AnchorRelocated relocated) { }

    /// <summary>An anchor nearby advertised its load.</summary>
    void Heard(AnchorAdvertisement advertisement) { }

    /// <summary>A registration refused for overload has waited out its back-off.</summary>
    void OnBackoffOver(RegistrationBackoff backoff, IActorRef self) { }

    /// <summary>The node's multicast subscriptions, from its MLD report.</summary>
    void RememberGroups(MnIdentifier mn, IReadOnlyList<int> groups) { }
}

/// <summary>To a MAG itself: the back-off after a 130 for this node's registration is over (ProxyLocationClient).</summary>
public sealed record RegistrationBackoff(int MobileNode, int Procedure);
