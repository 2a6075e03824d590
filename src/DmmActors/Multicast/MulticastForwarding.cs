using Akka.Actor;
using DmmActors.Emulation;
using DmmActors.Metrics;
using DmmActors.Protocol;

namespace DmmActors.Multicast;

/// <summary>What a router does with a group's packet: copies down every joined interface, counted so the driver sees when the stream has drained.</summary>
public static class MulticastForwarding
{
    public static void Member(RunContext run, MulticastRouter router, MldProxyReport report)
    {
        run.Recorder.Counters.Add(Counter.MldProxyReportsReceived);
        router.OnReport(report);
    }

    public static void Replicate(RunContext run, MulticastRouter router, MulticastPacket packet, IActorRef self)
    {
        run.Recorder.Counters.Add(Counter.MulticastAtRouters);
        foreach (var (accessRouter, copy) in router.Replicate(packet))
        {
            run.Recorder.Counters.Add(Counter.MulticastCopiesSent);
            run.Directory.AccessRouters[accessRouter].Tell(copy, self);
        }
    }
}
