using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Protocol;

namespace DmmActors.Functions;

/// <summary>
/// A fast handover's data plane at one access router (RFC 5568 §5.1, §5.4; RFC 5949 §4), hosted
/// beside the practice's signalling there, which sets its tunnels and buffers up: as the
/// previous router it tunnels what comes for a node that left to the new router, from the moment
/// the tunnel is up until its lifetime ends, holding what came between the node's departure and
/// then; as the new router it holds what the tunnel brings before the node arrives, and delivers
/// it as the node's link comes up. Each buffer holds at most <see cref="capacity"/> packets per
/// node and handover; a packet past that is lost.
/// </summary>
/// <remarks>
/// Packets reach the router in the actors' order, not model time's: one that arrives before the
/// tunnel or the node's arrival is known waits, in wall-clock time, until it is, and is then
/// placed in model time. Which packets fill a full buffer follows the order they reached the
/// router; how many is fixed by model time.
/// </remarks>
public sealed class HandoverForwarding(IAccessRouterHost router, int capacity) : IAccessRouterComponent
{
    readonly RunContext run = router.Run;
    Endpoint Here => Endpoint.AccessRouter(router.Index);

    /// <summary>What the router holds for a node in one handover: how many packets it held, and those that wait, in wall-clock time, for the handover's outcome.</summary>
    abstract class Holding(int procedure)
    {
        public int Procedure { get; } = procedure;
        public ModelTime? At { get; set; }
        public int Held { get; set; }
        public List<DataPacket>? Waiting { get; set; }
    }

    /// <summary>A node's departure from this link in one handover, once its link-down is known, and the tunnel its fast handover set up.</summary>
    sealed class Departure(int procedure) : Holding(procedure)
    {
        public int NewRouter { get; set; } = -1;
        public ModelTime Start { get; set; }
        public ModelTime End { get; set; }
        /// <summary>Whether the handover's outcome is known: a tunnel, or none.</summary>
        public bool Settled { get; set; }
    }

    /// <summary>A node expected here in one handover (HI with the buffer flag), when it came, and what came for it before it did.</summary>
    sealed class Arrival(int procedure) : Holding(procedure)
    {
        public bool Buffers { get; set; }
    }

    readonly Dictionary<int, List<Departure>> departures = new();
    readonly Dictionary<int, Arrival> arrivals = new();

    /// <summary>The departure of handover <paramref name="procedure"/>, whichever of its link-down and its tunnel came first.</summary>
    Departure DepartureOf(MnIdentifier mn, int procedure)
    {
        if (!departures.TryGetValue(mn.Index, out var list)) departures[mn.Index] = list = new(1);
        var departure = list.FindLast(d => d.Procedure == procedure);
        if (departure is null) list.Add(departure = new Departure(procedure));
        return departure;
    }

    /// <summary>The node's link here went down at <paramref name="at"/>, in handover <paramref name="procedure"/>.</summary>
    public void Left(MnIdentifier mn, int procedure, ModelTime at) => DepartureOf(mn, procedure).At = at;

    /// <summary>
    /// Previous router: handover <paramref name="procedure"/> tunnels to <paramref name="newRouter"/>
    /// from <paramref name="start"/> to <paramref name="end"/>; what waited for it is sent on.
    /// </summary>
    public void Tunnel(MnIdentifier mn, int procedure, int newRouter, ModelTime start, ModelTime end)
    {
        var departure = DepartureOf(mn, procedure);
        (departure.NewRouter, departure.Start, departure.End, departure.Settled) = (newRouter, start, end, true);
        Release(departure);
    }

    /// <summary>Previous router: handover <paramref name="procedure"/> set up no tunnel (refused); what waited for one is lost.</summary>
    public void NoTunnel(MnIdentifier mn, int procedure)
    {
        var departure = DepartureOf(mn, procedure);
        departure.Settled = true;
        Release(departure);
    }

    void Release(Departure departure)
    {
        if (departure.Waiting is not { } waiting) return;
        departure.Waiting = null;
        foreach (var packet in waiting) Forward(departure, packet);
    }

    Arrival ArrivalOf(MnIdentifier mn, int procedure)
    {
        if (!arrivals.TryGetValue(mn.Index, out var arrival) || arrival.Procedure != procedure) arrivals[mn.Index] = arrival = new Arrival(procedure);
        return arrival;
    }

    /// <summary>New router: the node is expected in handover <paramref name="procedure"/> (RFC 5568 §6.2.1.1's HI), its packets held until it arrives where <paramref name="buffer"/>.</summary>
    public void Expect(MnIdentifier mn, int procedure, bool buffer) => ArrivalOf(mn, procedure).Buffers = buffer;

    /// <summary>The node's link came up here at <paramref name="at"/> in <paramref name="procedure"/>: what was held for it goes to it.</summary>
    public void Arrived(MnIdentifier mn, int procedure, ModelTime at)
    {
        var arrival = ArrivalOf(mn, procedure);
        if (arrival.At is not null) return;
        arrival.At = at;
        if (arrival.Waiting is not { } waiting) return;
        arrival.Waiting = null;
        foreach (var packet in waiting) Hold(arrival, packet);
    }

    /// <summary>A packet the link could not deliver: taken where a handover's tunnel or buffer is its way on.</summary>
    public bool TakeUndelivered(DataPacket packet)
    {
        var mn = packet.Destination.Index;
        var at = packet.ArrivesAt;
        if (arrivals.TryGetValue(mn, out var arrival) && arrival.Buffers && (arrival.At is not { } came || at < came))
        {
            if (arrival.At is null) (arrival.Waiting ??= new()).Add(packet);
            else Hold(arrival, packet);
            return true;
        }
        if (!departures.TryGetValue(mn, out var list)) return false;
        var departure = list.FindLast(d => d.At is { } left && left <= at);
        if (departure is null) return false;
        if (!departure.Settled)
        {
            (departure.Waiting ??= new()).Add(packet);
            return true;
        }
        Forward(departure, packet);
        return true;
    }

    /// <summary>Through the tunnel, from its start (held at the previous router until then) to its end; lost where there is none then.</summary>
    void Forward(Departure departure, DataPacket packet)
    {
        if (departure.NewRouter < 0 || packet.ArrivesAt >= departure.End)
        {
            DataPlane.Lost(run, packet);
            return;
        }
        if (HeldUntil(departure, packet, departure.Start) is not { } held) return;
        var to = Endpoint.AccessRouter(departure.NewRouter);
        // RFC 5568 §5.1: PCoA traffic in IPv6-in-IPv6 from the previous router's address to the new router.
        run.Directory.AccessRouters[departure.NewRouter].Tell(run.Channel.Tunnel(held with { Encapsulation = Encapsulation.Ipv6 }, Here, to));
    }

    void Hold(Arrival arrival, DataPacket packet)
    {
        if (HeldUntil(arrival, packet, arrival.At!.Value) is { } held) router.Deliver(held);
    }

    /// <summary>The packet as it leaves the buffer at <paramref name="until"/>, where it came before then; null where the buffer was full and it is lost.</summary>
    DataPacket? HeldUntil(Holding holding, DataPacket packet, ModelTime until)
    {
        if (packet.ArrivesAt >= until) return packet;
        if (holding.Held == capacity)
        {
            DataPlane.Lost(run, packet);
            return null;
        }
        run.Recorder.HandoverBufferHeld(++holding.Held);
        return run.Channel.HoldUntil(packet, until);
    }

    public void LinkUp(MnIdentifier mn, ProcedureRef procedure, ModelTime at) => Arrived(mn, procedure.Number, at);

    public void LinkDown(MnIdentifier mn, ProcedureRef procedure, ModelTime at) => Left(mn, procedure.Number, at);
}
