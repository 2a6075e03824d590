using Akka.Actor;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Protocol;

namespace DmmActors.Actors;

/// <summary>
/// A correspondent node. It sends to the mobile node's prefix; the route it finds is the one
/// the anchoring function advertises for its pool (draft §3.1), so the packet goes to the
/// anchor, as the practice's real data path does. A prefix whose binding moved to another
/// anchor has a more specific route, which that anchor advertised (RFC 8818 §3.2).
/// </summary>
public sealed class CorrespondentActor : ReceiveActor
{
    public static Props Props(RunContext run, int index) => Akka.Actor.Props.Create(() => new CorrespondentActor(run, index));

    public CorrespondentActor(RunContext run, int index)
    {
        var hostRoutes = new Dictionary<ulong, int>();
        Receive<SessionProbe>(probe =>
        {
            var anchor = hostRoutes.TryGetValue(probe.DestinationPrefix.Bits, out var relocated) ? relocated : probe.DestinationPrefix.PoolAnchor;
            var leg = run.Channel.Path(Addressing.Endpoint.Correspondent(index), Addressing.Endpoint.Anchor(anchor));
            var packet = new DataPacket(probe.Session, probe.Destination, probe.DestinationPrefix, index,
                probe.At, leg.Delay, leg.Hops, 0);
            run.Directory.Anchors[anchor].Tell(packet);
        });
        Receive<PrefixRoute>(route => hostRoutes[route.Prefix.Bits] = route.Anchor);
        if (run.Multicast is { } plan)
            Receive<Multicast.EmitMulticast>(emit => Sender.Tell(Multicast.MulticastSource.Emit(run, plan, index, emit, Self)));
    }
}
