using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Metrics;
using DmmActors.Protocol;
using DmmActors.Scenarios;
using DmmActors.Traffic;

namespace DmmActors.Multicast;

/// <summary>
/// A correspondent as a group's source: one packet per interval, to where the mode's routing
/// takes it first: every anchor (each an LMA acting as multicast router, RFC 6224), the MTMA
/// (RFC 7028 §3.1), or every access router's local multicast router (RFC 7028 §3.2).
/// </summary>
public static class MulticastSource
{
    public static MulticastEmitted Emit(RunContext run, MulticastPlan plan, int correspondent, EmitMulticast emit, IActorRef self)
    {
        var packets = plan.PacketsUntil(emit.Until);
        var topology = run.Topology;
        var source = Endpoint.Correspondent(correspondent);
        for (int sequence = 0; sequence < packets; sequence++)
        {
            var sent = new MulticastPacket(emit.Group, sequence, plan.Settings.PacketInterval * sequence, ModelTime.Zero, Upstream.SharedTunnel, Upstream.SharedTunnel);
            switch (plan.Settings.Mode)
            {
                case MulticastMode.Proxy:
                    for (int anchor = 0; anchor < topology.Anchors; anchor++)
                        Send(run.Directory.Anchors[anchor], Endpoint.Anchor(anchor), sent);
                    break;
                case MulticastMode.Mtma:
                    Send(run.Directory.Mtma!, Endpoint.Mtma, sent);
                    break;
                case MulticastMode.Direct:
                    for (int router = 0; router < topology.AccessRouters; router++)
                        Send(run.Directory.AccessRouters[router], Endpoint.AccessRouter(router), sent with { ViaRouter = Upstream.LocalRouter });
                    break;
            }
        }

        void Send(IActorRef to, Endpoint toAt, MulticastPacket packet)
        {
            run.Recorder.Counters.Add(Counter.MulticastSent);
            to.Tell(run.Channel.Carry(packet, source, toAt), self);
        }
        return new MulticastEmitted(emit.Group, packets);
    }
}
