using Akka.Actor;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Protocol;

namespace DmmActors.Functions;

/// <summary>What becomes of a packet the data plane cannot deliver, wherever that happens.</summary>
public static class DataPlane
{
    /// <summary>
    /// Its node told, so that it waits for it no longer: a probe counted here among the packets
    /// lost to member failures; a packet sent during a handover counted by its node among those
    /// the handover cost, unless its node had already given it up at a deadline.
    /// </summary>
    public static void Lost(RunContext run, DataPacket packet)
    {
        if (!packet.DuringHandover) run.Recorder.PacketLost();
        run.Directory.MobileNodes[packet.Destination.Index].Tell(new ProbeLost(packet.Session, packet.Handover));
    }
}
