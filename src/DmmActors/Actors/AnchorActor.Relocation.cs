using Akka.Actor;
using DmmActors.Bindings;
using DmmActors.Protocol;

namespace DmmActors.Actors;

/// <summary>
/// The anchor's part in relocation (RFC 8818 §3.2) with context transfer (CTD/CTDR, in the
/// spirit of RFC 4067): deciding to hand a binding on, holding what arrives meanwhile, taking
/// over another anchor's binding, and sending on what still comes for a prefix that left.
/// </summary>
public sealed partial class AnchorActor
{
    /// <summary>
    /// Whether a message for <paramref name="prefix"/> is not this anchor's to handle: held while
    /// the prefix's context is in transfer, or sent on to the anchor that took it over.
    /// </summary>
    bool Redirected(Addressing.Prefix64 prefix, object message, IActorRef sender)
    {
        if (relocation is null) return false;
        if (relocation.InTransfer(prefix, out var transfer))
        {
            transfer.Held.Add((message, sender));
            return true;
        }
        if (!cache.TryRelocated(prefix, out var to)) return false;
        if (message is DataPacket packet)
        {
            run.Recorder.Counters.Add(Metrics.Counter.PacketsForwarded);
            message = Onward(packet, to);
        }
        run.Directory.Anchors[to].Tell(Readdressed(message, to), sender);
        return true;
    }

    /// <summary>
    /// A PBU for a prefix whose binding moved on reaches the new anchor as if its MAAR had sent it
    /// straight there. Whether it came here first depends on whether the MAAR had taken in the new
    /// anchor's AnchorRelocated, an order the actors settle on the wall clock, not in model time;
    /// counting the detour would make the binding's times depend on that interleaving.
    /// </summary>
    /// <remarks>As its MAG would send it there, it is signed under that MAG's association with the anchor it reaches.</remarks>
    object Readdressed(object message, int to)
    {
        if (message is not ProxyBindingUpdate pbu) return message;
        var (from, at) = (Topology.Endpoint.AccessRouter(pbu.ProxyCareOf), Topology.Endpoint.Anchor(to));
        return run.Channel.Carry(run.Authenticator?.Sign(pbu, from, at) ?? pbu, from, at);
    }

    /// <summary>A packet sent on from here to the anchor that now holds its prefix, through a tunnel between the two.</summary>
    DataPacket Onward(DataPacket packet, int to)
    {
        return packet.Tunnelled(run.Channel.Path(Here, Topology.Endpoint.Anchor(to)));
    }

    /// <summary>After a registration is durable and acknowledged: should its binding move on (distance or load)?</summary>
    void ConsiderRelocation(Addressing.Prefix64 prefix, ProcedureRef procedure)
    {
        AdvertiseIfMoved();
        if (!cache.TryGet(prefix, out var entry) || entry.State != BindingState.Active) return;
        var target = relocation!.TargetFor(entry, cache.ActiveBindings);
        if (target >= 0) BeginTransfer(entry, target, procedure);
    }

    /// <summary>Tells the neighbourhood once the load moved by an advertisement step.</summary>
    void AdvertiseIfMoved()
    {
        if (relocation!.ShouldAdvertise(cache.ActiveBindings)) relocation.Advertise(cache.ActiveBindings, Self);
    }

    void BeginTransfer(BindingCacheEntry entry, int target, ProcedureRef procedure)
    {
        var ctd = relocation!.Begin(entry, target, new ProcedureRef(entry.MnId, procedure.Number, ProcedureKind.Relocation), entry.RegisteredAt);
        run.Send(run.Directory.Anchors[target], Topology.Endpoint.Anchor(target), ctd, Self, Here);
    }

    /// <summary>A network-triggered relocation: move the prefix's binding, if this anchor holds it.</summary>
    void OnRelocateAnchor(RelocateAnchor command)
    {
        if (!cache.TryGet(command.Prefix, out var entry) || entry.State != BindingState.Active || relocation!.InTransfer(command.Prefix, out _)) return;
        var target = command.TargetAnchor >= 0 ? command.TargetAnchor : relocation.Discovery.Select(entry.CareOf, excluding: index);
        if (target < 0 || target == index || target >= run.Directory.Anchors.Length) return;
        BeginTransfer(entry, target, new ProcedureRef(entry.MnId, 0, ProcedureKind.Relocation));
    }

    /// <summary>Another anchor hands over a binding: take it if it comes from that anchor and there is room, then tell the serving router and the routing system.</summary>
    void OnContextTransferData(ContextTransferData ctd)
    {
        if (!authorization.AnotherAnchor(ctd.FromAnchor) || !run.Authentic(ctd, Topology.Endpoint.Anchor(ctd.FromAnchor), Here))
        {
            run.Recorder.Unauthorised();
            return;
        }
        var arrival = ctd.ArrivesAt;
        var departure = run.Channel.Departure(arrival);
        var sourceAt = Topology.Endpoint.Anchor(ctd.FromAnchor);
        var source = Sender;
        var settings = run.Scenario.Relocation;
        if (!settings.Unlimited && cache.ActiveBindings >= settings.Capacity)
        {
            run.Send(source, sourceAt, new ContextTransferDataReply(ctd.Procedure, departure, BindingStatus.InsufficientResources, ctd.MnId,
                ctd.Context.Prefix, index), Self, Here);
            return;
        }
        var c = ctd.Context;
        var received = new BindingContextReceived(ctd.MnId, arrival, c.Prefix, ctd.CareOf, c.SequenceNumber, c.Timestamp, c.Lifetime,
            c.RegisteredAt, ctd.FromAnchor, c.Sessions, ctd.Groups);
        relocation!.Learned(c.Prefix, c.Sessions, ctd.Groups);
        PersistThen(received, () =>
        {
            AdvertiseIfMoved();
            run.Send(source, sourceAt, new ContextTransferDataReply(ctd.Procedure, departure, BindingStatus.Accepted, ctd.MnId, c.Prefix, index),
                Self, Here);
            var mag = forwarding.Router(ctd.CareOf);
            run.Send(mag, Topology.Endpoint.AccessRouter(ctd.CareOf), new AnchorRelocated(ctd.Procedure, departure, ctd.MnId, c.Prefix, index,
                ctd.FromAnchor), Self, Here);
            for (int cn = 0; cn < run.Directory.Correspondents.Length; cn++)
                run.Send(run.Directory.Correspondents[cn], Topology.Endpoint.Correspondent(cn), new PrefixRoute(ctd.Procedure, departure, c.Prefix, index),
                    Self, Here);
        });
    }

    /// <summary>The transfer was answered: hand over what was held, or take it back if the target refused.</summary>
    void OnContextTransferDataReply(ContextTransferDataReply reply)
    {
        if (!relocation!.InTransfer(reply.Prefix, out var pending) || reply.ToAnchor != pending.Target
            || !run.Authentic(reply, Topology.Endpoint.Anchor(reply.ToAnchor), Here))
        {
            run.Recorder.Unauthorised();
            return;
        }
        var transfer = relocation.End(reply.Prefix)!;
        if (reply.Status != BindingStatus.Accepted)
        {
            run.Recorder.Counters.Add(Metrics.Counter.RelocationsRefused);
            // A refusal for want of room says the target is full, until it advertises again.
            if (reply.Status == BindingStatus.InsufficientResources)
                relocation.Discovery.Heard(new AnchorAdvertisement(reply.ToAnchor, run.Scenario.Relocation.Capacity, run.Scenario.Relocation.Capacity));
            foreach (var (message, sender) in transfer.Held) Self.Tell(Readdressed(message, index), sender);
            return;
        }
        var answeredAt = reply.ArrivesAt;
        var moved = new BindingContextTransferred(reply.MnId, answeredAt, reply.Prefix, reply.ToAnchor);
        relocation.Forget(reply.Prefix);
        PersistThen(moved, () =>
        {
            AdvertiseIfMoved();
            run.Recorder.Counters.Add(Metrics.Counter.Relocations);
            var target = run.Directory.Anchors[transfer.Target];
            foreach (var (message, sender) in transfer.Held)
            {
                if (message is DataPacket packet)
                {
                    // Held until the answer came: the wait is part of the packet's delay.
                    run.Recorder.Counters.Add(Metrics.Counter.PacketsBuffered);
                    var heldFor = answeredAt - packet.ArrivesAt;
                    target.Tell(Onward(packet.Held(heldFor > Addressing.ModelTime.Zero ? heldFor : Addressing.ModelTime.Zero), transfer.Target), sender);
                }
                else target.Tell(Readdressed(message, transfer.Target), sender);
            }
        });
    }
}
