using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Protocol;

namespace DmmActors.Functions;

/// <summary>The location client an access router hosts in a network-based practice: a MAG (RFC 5213) or a MAAR (RFC 8885).</summary>
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
}
