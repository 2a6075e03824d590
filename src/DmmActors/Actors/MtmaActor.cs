using Akka.Actor;
using DmmActors.Emulation;
using DmmActors.Multicast;
using DmmActors.Protocol;
using DmmActors.Traffic;

namespace DmmActors.Actors;

/// <summary>
/// The multicast tree mobility anchor of RFC 7028 §3.1: a router dedicated to multicast,
/// which every access router's MLD proxy uses as its one upstream interface, whatever anchor
/// serves the node's unicast traffic. It holds no binding, so it persists nothing.
/// </summary>
public sealed class MtmaActor : ReceiveActor
{
    public static Props Props(RunContext run, MulticastPlan plan) => Akka.Actor.Props.Create(() => new MtmaActor(run, plan));

    public MtmaActor(RunContext run, MulticastPlan plan)
    {
        var router = new MulticastRouter(Upstream.MtmaRouter, Addressing.Endpoint.Mtma, run.Channel);
        Receive<MldProxyReport>(report => MulticastForwarding.Member(run, router, report));
        Receive<MulticastPacket>(packet => MulticastForwarding.Replicate(run, router, packet, Self));
    }
}
