using Akka.Actor;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Metrics;
using DmmActors.Protocol;

namespace DmmActors.Functions;

/// <summary>What becomes of a packet the data plane cannot deliver, wherever that happens.</summary>
public static class DataPlane
{
    /// <summary>
    /// Counted as lost, and its node told so that it waits for it no longer: a probe among the
    /// packets lost to member failures, a packet sent during a handover among those the handover cost.
    /// </summary>
    public static void Lost(RunContext run, DataPacket packet)
    {
        if (packet.DuringHandover) run.Recorder.Counters.Add(Counter.HandoverPacketsLost);
        else run.Recorder.PacketLost();
        run.Directory.MobileNodes[packet.Destination.Index].Tell(new ProbeLost(packet.Session, packet.DuringHandover));
    }
}
