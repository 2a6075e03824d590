using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Protocol;

namespace DmmActors.Functions;

/// <summary>
/// A fast handover's data plane at one access router (RFC 5568 §5.1, §5.4; RFC 5949 §4): as the
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
public sealed class HandoverForwarding(RunContext run, int router, int capacity)
{
    Endpoint Here => Endpoint.AccessRouter(router);

    /// <summary>A node's departure from this link, and the tunnel its fast handover set up from it, once known.</summary>
    sealed class Departure(ModelTime at, bool provisional = false)
    {
        public ModelTime At { get; set; } = at;
        /// <summary>Set up before the link went down (predictive): its time is the tunnel's start until the link-down comes.</summary>
        public bool Provisional { get; set; } = provisional;
        public int NewRouter { get; set; } = -1;
        public ModelTime Start { get; set; }
        public ModelTime End { get; set; }
        /// <summary>Whether the handover's outcome is known: a tunnel, or none.</summary>
        public bool Settled { get; set; }
        public int Held { get; set; }
        public List<DataPacket>? Waiting { get; set; }
    }

    /// <summary>A node expected here (HI with the buffer flag), and what came for it before it did.</summary>
    sealed class Arrival
    {
        public ModelTime? At { get; set; }
        public bool Buffers { get; init; }
        public int Held { get; set; }
        public List<DataPacket>? Waiting { get; set; }
    }

    readonly Dictionary<int, List<Departure>> departures = new();
    readonly Dictionary<int, Arrival> arrivals = new();

    /// <summary>The node's link here went down at <paramref name="at"/>.</summary>
    public void Left(MnIdentifier mn, ModelTime at)
    {
        if (!departures.TryGetValue(mn.Index, out var list)) departures[mn.Index] = list = new(1);
        if (list.Count > 0 && list[^1] is { Provisional: true } prepared)
            (prepared.At, prepared.Provisional) = (at, false);
        else list.Add(new Departure(at));
    }

    /// <summary>
    /// Previous router: the node's departure at or before <paramref name="leftBy"/> tunnels to
    /// <paramref name="newRouter"/> from <paramref name="start"/> to <paramref name="end"/>; what waited is sent on.
    /// A node whose departure is not known yet (its FBU came before its link went down) is recorded as leaving at <paramref name="leftBy"/>.
    /// </summary>
    public void Tunnel(MnIdentifier mn, ModelTime leftBy, int newRouter, ModelTime start, ModelTime end)
    {
        var departure = Settle(mn, leftBy);
        (departure.NewRouter, departure.Start, departure.End) = (newRouter, start, end);
        Release(mn, departure);
    }

    /// <summary>Previous router: the node's handover set up no tunnel (refused); what waited for one is lost.</summary>
    public void NoTunnel(MnIdentifier mn, ModelTime leftBy) => Release(mn, Settle(mn, leftBy));

    Departure Settle(MnIdentifier mn, ModelTime leftBy)
    {
        if (!departures.TryGetValue(mn.Index, out var list)) departures[mn.Index] = list = new(1);
        var departure = list.FindLast(d => d.At <= leftBy && !d.Settled);
        if (departure is null) list.Add(departure = new Departure(leftBy, provisional: true));
        departure.Settled = true;
        return departure;
    }

    void Release(MnIdentifier mn, Departure departure)
    {
        if (departure.Waiting is not { } waiting) return;
        departure.Waiting = null;
        foreach (var packet in waiting) Forward(departure, packet);
    }

    /// <summary>New router: the node is expected (RFC 5568 §6.2.1.1's HI), its packets held until it arrives where <paramref name="buffer"/>.</summary>
    public void Expect(MnIdentifier mn, bool buffer)
    {
        if (!arrivals.TryGetValue(mn.Index, out var arrival) || arrival.At is not null) arrivals[mn.Index] = new Arrival { Buffers = buffer };
    }

    /// <summary>The node's link came up here at <paramref name="at"/>: what was held for it goes to it.</summary>
    public void Arrived(MnIdentifier mn, ModelTime at)
    {
        if (!arrivals.TryGetValue(mn.Index, out var arrival) || arrival.At is not null) return;
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
        var departure = list.FindLast(d => d.At <= at);
        if (departure is null) return false;
        if (!departure.Settled)
        {
            (departure.Waiting ??= new()).Add(packet);
            return true;
        }
        return Forward(departure, packet);
    }

    /// <summary>Through the tunnel, from its start (held at the previous router until then) to its end; false where there is none then.</summary>
    bool Forward(Departure departure, DataPacket packet)
    {
        if (departure.NewRouter < 0 || packet.ArrivesAt >= departure.End)
        {
            DataPlane.Lost(run, packet);
            return true;
        }
        if (packet.ArrivesAt < departure.Start)
        {
            if (departure.Held == capacity)
            {
                DataPlane.Lost(run, packet);
                return true;
            }
            run.Recorder.HandoverBufferHeld(++departure.Held);
            packet = run.Channel.HoldUntil(packet, departure.Start);
        }
        var to = Endpoint.AccessRouter(departure.NewRouter);
        // RFC 5568 §5.1: PCoA traffic in IPv6-in-IPv6 from the previous router's address to the new router.
        run.Directory.AccessRouters[departure.NewRouter].Tell(run.Channel.Tunnel(packet with { Encapsulation = Encapsulation.Ipv6 }, Here, to));
        return true;
    }

    void Hold(Arrival arrival, DataPacket packet)
    {
        var came = arrival.At!.Value;
        if (packet.ArrivesAt < came)
        {
            if (arrival.Held == capacity)
            {
                DataPlane.Lost(run, packet);
                return;
            }
            run.Recorder.HandoverBufferHeld(++arrival.Held);
            packet = run.Channel.HoldUntil(packet, came);
        }
        Delivering?.Invoke(packet);
    }

    /// <summary>Where a packet held for a node that has now arrived goes: onto the link.</summary>
    public Action<DataPacket>? Delivering { get; init; }
}
