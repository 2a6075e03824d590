using Akka.Actor;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Protocol;
using DmmActors.Protocol.Wire;

namespace DmmActors.Functions;

/// <summary>What the data plane counts of a packet an anchor sends on, and what becomes of one it cannot deliver, wherever that happens.</summary>
public static class DataPlane
{
    /// <summary>
    /// <paramref name="anchor"/> sent <paramref name="packet"/> on, in a tunnel or not: its load is the
    /// packet's bytes on that leg as the codec writes them (RFC 2473 §3, RFC 5555 §4.1 add the outer headers).
    /// </summary>
    public static void Forwarded(RunContext run, int anchor, DataPacket packet, bool tunnelled) =>
        run.Recorder.Counters.Forwarded(anchor, packet.Uplink, WireCodec.DataLength(packet, tunnelled), tunnelled ? EncapsulationLength.Of(packet.Encapsulation) : 0);

    /// <summary>
    /// Its node told, so that it waits for it no longer: a probe counted here among the packets
    /// lost to member failures, or a mobile peer's among those the two's moves cost; a flow's packet counted by its node, among those the handover cost
    /// where it was sent during one, unless its node had already given it up at a deadline.
    /// </summary>
    public static void Lost(RunContext run, DataPacket packet)
    {
        // A mobile peer's probe lost on its way is the mobility of the two (a handover in flight), not a failure.
        if (packet.Traffic == DataTraffic.Probe)
        {
            if (packet.FromMobilePeer) run.Recorder.Counters.Add(Metrics.Counter.PeerProbesLost);
            else run.Recorder.PacketLost();
        }
        run.Directory.MobileNodes[packet.Destination.Index].Tell(new ProbeLost(packet.Session, packet.Handover, packet.Traffic));
    }
}
