using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Functions;
using DmmActors.Protocol;
using DmmActors.Run;

namespace DmmActors.Actors;

/// <summary>
/// An access router. It always delivers packets to the nodes on its links. Where the practice
/// places the location client on it, it hosts a <see cref="ProxyLocationClient"/> and is a
/// MAG; otherwise it only advertises its own on-link prefix.
/// </summary>
public sealed class AccessRouterActor : ReceiveActor
{
    readonly RunContext run;
    readonly int index;
    readonly ProxyLocationClient? locationClient;
    readonly Dictionary<int, IActorRef> onLink = new();

    public static Props Props(RunContext run, int index) => Akka.Actor.Props.Create(() => new AccessRouterActor(run, index));

    public AccessRouterActor(RunContext run, int index)
    {
        this.run = run;
        this.index = index;
        if (run.Practice.Hosts(NodeKind.AccessRouter, MobilityFunction.LocationClient))
            locationClient = new ProxyLocationClient(run, index);

        Receive<RouterSolicitation>(OnRouterSolicitation);
        Receive<LinkDown>(down =>
        {
            onLink.Remove(down.MnId.Index);
            locationClient?.Detach(down, Self);
        });
        Receive<DataPacket>(OnDataPacket);
        Receive<ExtendBindings>(extend =>
        {
            if (locationClient is null)
            {
                Sender.Tell(BindingsExtended.Instance);
                return;
            }
            locationClient.Extend(extend.Until, Self);
            locationClient.Refreshes.Requested(Sender);
        });
        if (locationClient is not null)
        {
            Receive<Storm.RestoreBinding>(restore =>
            {
                onLink[restore.MobileNode.Index] = restore.Node;
                locationClient.Restore(restore);
            });
            Receive<ProxyBindingAcknowledgement>(pba => locationClient.OnAcknowledgement(pba, Sender, Self));
            Receive<RetransmissionTick>(_ => locationClient.RetransmitOverdue(Self));
        }
    }

    sealed record RetransmissionTick
    {
        public static readonly RetransmissionTick Instance = new();
    }

    ICancelable? retransmissionTimer;

    protected override void PreStart()
    {
        if (locationClient is null || run.SignallingTimeout is not { } timeout) return;
        var every = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 100, timeout.Ticks / 4));
        retransmissionTimer = Context.System.Scheduler.ScheduleTellRepeatedlyCancelable(every, every, Self, RetransmissionTick.Instance, Self);
    }

    protected override void PostStop() => retransmissionTimer?.Cancel();

    void OnRouterSolicitation(RouterSolicitation rs)
    {
        var arrival = rs.SentAt + run.Topology.RadioDelay;
        onLink[rs.MnId.Index] = Sender;
        if (locationClient is not null)
        {
            locationClient.Attach(rs, arrival, Sender, Self);
            return;
        }
        run.Send(Sender, new RouterAdvertisement(rs.Procedure, arrival + run.Scenario.ProcessingDelay, index, Prefix64.AccessLink(index)), Self);
    }

    void OnDataPacket(DataPacket packet)
    {
        if (onLink.TryGetValue(packet.Destination.Index, out var node))
        {
            node.Tell(packet.Over(run.Topology.RadioDelay, 1));
            return;
        }
        run.Recorder.PacketLost();
        run.Directory.MobileNodes[packet.Destination.Index].Tell(new ProbeLost(packet.Session));
    }
}
