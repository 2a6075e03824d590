using Akka.Actor;
using DmmActors.Control;
using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Actors;

/// <summary>
/// A correspondent node. It sends to the mobile node's prefix; the route it finds is the one
/// the anchoring function advertises for its pool (draft §3.1), so the packet goes to the
/// anchor, as the practice's real data path does. A prefix whose binding moved to another
/// anchor has a more specific route, which that anchor advertised (RFC 8818 §3.2).
/// </summary>
public sealed class CorrespondentActor : ReceiveActor, ICorrespondentHost
{
    readonly RunContext run;
    readonly int index;

    public static Props Props(RunContext run, int index) => ActorProps.Of(() => new CorrespondentActor(run, index));

    RunContext ICorrespondentHost.Run => run;
    int ICorrespondentHost.Index => index;
    IActorRef ICorrespondentHost.Self => Self;

    public void Handle<T>(Action<T, IActorRef> handler) => Receive<T>(message => handler(message, Sender));

    /// <summary>Counted as every node counts what it takes in: a host's tests and BUs end here (RFC 6275 §5.2).</summary>
    protected override bool AroundReceive(Receive receive, object message)
    {
        run.Signalling.Arrived(message, Sender);
        return base.AroundReceive(receive, message);
    }

    public CorrespondentActor(RunContext run, int index)
    {
        (this.run, this.index) = (run, index);
        // A moved prefix's route: the anchor that advertised it, since the update arrived, and the route before it.
        var hostRoutes = new Dictionary<ulong, AsOf<int>>();
        var component = run.Services.Get<INodeComposition>().Compose(this);
        void Send(DataPacket sent)
        {
            if (component?.Sent(sent) == true) return;
            // The route as it stood when the packet left, in model time, not as the updates happened to reach this actor.
            var anchor = hostRoutes.TryGetValue(sent.DestinationPrefix.Bits, out var route) ? route.At(sent.SentAt) : sent.DestinationPrefix.PoolAnchor;
            run.Directory.Anchors[anchor].Tell(run.Channel.Carry(sent, Endpoint.Correspondent(index), Endpoint.Anchor(anchor)));
        }
        Receive<SessionProbe>(probe =>
        {
            var first = new DataPacket(probe.Session, probe.Destination, probe.DestinationPrefix, index, probe.At, ModelTime.Zero, 0, 0) { Ipv4 = probe.Ipv4 };
            if (probe.Count == 0) Send(first);
            for (int k = 0; k < probe.Count; k++) Send(first with { SentAt = probe.At + probe.Interval * k, Handover = probe.Handover, Traffic = probe.Traffic });
        });
        Receive<DataPacket>(packet => Uplink.Delivered(run, packet));
        Receive<PrefixRoute>(update => hostRoutes[update.Prefix.Bits] = hostRoutes.TryGetValue(update.Prefix.Bits, out var route)
            ? route.Then(update.Anchor, update.ArrivesAt)
            : AsOf<int>.From(update.Prefix.PoolAnchor, update.Anchor, update.ArrivesAt));
        if (run.Multicast is { } plan)
            Receive<Multicast.EmitMulticast>(emit => Sender.Tell(Multicast.MulticastSource.Emit(run, plan, index, emit, Self)));
    }
}
