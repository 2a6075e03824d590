using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Metrics;
using DmmActors.Protocol;
using DmmActors.Topology;

namespace DmmActors.Practices.DmmAnchorRelocation;

/// <summary>
/// The anchor's part in relocation (RFC 8818 §3.2) with context transfer (CTD/CTDR, in the
/// spirit of RFC 4067): deciding to hand a binding on, holding what arrives meanwhile, taking
/// over another anchor's binding, and sending on what still comes for a prefix that left.
/// </summary>
public sealed class RelocatingAnchor : IAnchorComponent
{
    readonly IAnchorHost host;
    readonly RunContext run;
    readonly int index;
    readonly AnchorRelocation relocation;
    readonly RelocationSettings settings;

    Endpoint Here => Endpoint.Anchor(index);
    BindingCache Cache => host.Cache;
    IActorRef Self => host.Self;

    public RelocatingAnchor(IAnchorHost host)
    {
        this.host = host;
        (run, index) = (host.Run, host.Index);
        settings = RelocationSettings.Of(run.Scenario);
        relocation = new AnchorRelocation(run, index);
        host.Handle<ContextTransferData>((ctd, sender) => OnContextTransferData(ctd, sender));
        host.Handle<ContextTransferDataReply>((reply, _) => OnContextTransferDataReply(reply));
        host.Handle<RelocateAnchor>((command, _) => OnRelocateAnchor(command));
        host.Handle<AnchorAdvertisement>((advertisement, _) =>
        {
            if (run.Signalling.Authentic(advertisement, Endpoint.Anchor(advertisement.Anchor), Here)) relocation.Discovery.Heard(advertisement.Anchor, advertisement.Load, advertisement.Capacity);
        });
    }

    public bool Intercepts(BindingUpdate bu, IActorRef sender) => false;

    public Action? Decided(BindingDecision decision, ProxyBindingUpdate pbu, ModelTime processedAt)
    {
        if (decision.Event is BindingRegistered) relocation.Learned(decision.Prefix, pbu.Sessions, pbu.Groups);
        else relocation.Forget(decision.Prefix);
        return () => ConsiderRelocation(decision.Prefix, pbu.Procedure, processedAt);
    }

    public bool Redirected(Prefix64 prefix, object message, IActorRef sender)
    {
        // A packet that reached here, in model time, before the context left is the binding's here,
        // routed as it stood then (BindingCache.TryRouteAsOf), whenever the actor takes it in.
        if (relocation.InTransfer(prefix, out var transfer))
        {
            if (message is DataPacket { ArrivesAt: var early } && early < transfer.StartedAt) return false;
            transfer.Held.Add((message, sender));
            return true;
        }
        if (!Cache.TryRelocated(prefix, out var moved)) return false;
        if (message is DataPacket packet)
        {
            if (relocation.MoveOf(prefix) is { } move && packet.ArrivesAt < move.StartedAt) return false;
            message = Released(packet, prefix, moved);
        }
        run.Directory.Anchors[moved.Anchor].Tell(Readdressed(message, moved.Anchor), sender);
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
        var (from, at) = (Endpoint.AccessRouter(pbu.ProxyCareOf), Endpoint.Anchor(to));
        return run.Channel.Carry(run.Signalling.Authenticator?.Sign(pbu, from, at) ?? pbu, from, at);
    }

    /// <summary>
    /// A packet for a prefix whose context went to another anchor. Model time decides what became
    /// of it, not whether the answer or the route update had reached the actors when it did, so
    /// the counts and delays do not depend on the order the actors run in:
    /// - its correspondent had the new anchor's route when it sent it: it went straight there,
    ///   as a PBU for a moved binding does (<see cref="Readdressed"/>); never a mobile peer's;
    /// - it reached here before the transfer was answered: held until then, then tunnelled on;
    /// - later: tunnelled on at once.
    /// </summary>
    DataPacket Released(DataPacket packet, Prefix64 prefix, Relocation moved)
    {
        var target = Endpoint.Anchor(moved.Anchor);
        // A mobile peer's packet came by way of the prefix's pool anchor, which no route update reaches (Uplink.ToPeer).
        if (!packet.FromMobilePeer && Endpoint.Correspondent(packet.Correspondent) is var correspondent
            && relocation.MoveOf(prefix) is { } move && packet.SentAt >= run.Channel.Arrival(target, correspondent, move.RouteSentAt))
            return run.Channel.Carry(packet with { PathDelay = ModelTime.Zero, PathHops = 0 }, correspondent, target);
        run.Recorder.Counters.Add(packet.ArrivesAt < moved.AnsweredAt ? Counter.PacketsBuffered : Counter.PacketsForwarded);
        return Onward(run.Channel.HoldUntil(packet, moved.AnsweredAt), moved.Anchor);
    }

    /// <summary>A packet sent on from here to the anchor that now holds its prefix, through a tunnel between the two.</summary>
    DataPacket Onward(DataPacket packet, int to)
    {
        DataPlane.Forwarded(run, index, packet, tunnelled: true);
        return run.Channel.Tunnel(packet, Here, Endpoint.Anchor(to));
    }

    /// <summary>After a registration is durable and acknowledged (its PBU processed by <paramref name="at"/>): should its binding move on (distance or load)?</summary>
    void ConsiderRelocation(Prefix64 prefix, ProcedureRef procedure, ModelTime at)
    {
        AdvertiseIfMoved(procedure, at);
        if (!Cache.TryGet(prefix, out var entry) || entry.State != BindingState.Active) return;
        var target = relocation.TargetFor(entry, Cache.ActiveBindings);
        if (target >= 0) BeginTransfer(entry, target, procedure, at);
    }

    /// <summary>Tells the neighbourhood once the load moved by an advertisement step.</summary>
    void AdvertiseIfMoved(ProcedureRef procedure, ModelTime at)
    {
        if (relocation.ShouldAdvertise(Cache.ActiveBindings)) relocation.Advertise(Cache.ActiveBindings, procedure, at, Self);
    }

    /// <summary>Sends the binding's context to <paramref name="target"/> once the anchor is done at <paramref name="at"/>.</summary>
    void BeginTransfer(BindingCacheEntry entry, int target, ProcedureRef procedure, ModelTime at)
    {
        var ctd = relocation.Begin(entry, target, new ProcedureRef(entry.MnId, procedure.Number, ProcedureKind.Relocation), at);
        run.Signalling.Send(run.Directory.Anchors[target], Endpoint.Anchor(target), ctd, Self, Here);
    }

    /// <summary>A network-triggered relocation: move the prefix's binding, if this anchor holds it.</summary>
    void OnRelocateAnchor(RelocateAnchor command)
    {
        if (!Cache.TryGet(command.Prefix, out var entry) || entry.State != BindingState.Active || relocation.InTransfer(command.Prefix, out _)) return;
        var target = command.TargetAnchor >= 0 ? command.TargetAnchor : relocation.Discovery.Select(entry.CareOf, excluding: index);
        if (target < 0 || target == index || target >= run.Directory.Anchors.Length) return;
        BeginTransfer(entry, target, new ProcedureRef(entry.MnId, 0, ProcedureKind.Relocation), run.Channel.ServiceAfter(entry.RegisteredAt, Here));
    }

    /// <summary>Another anchor hands over a binding: take it if it comes from that anchor and there is room, then tell the serving router and the routing system.</summary>
    void OnContextTransferData(ContextTransferData ctd, IActorRef source)
    {
        if (!host.Authorization.AnotherAnchor(ctd.FromAnchor) || !run.Signalling.Authentic(ctd, Endpoint.Anchor(ctd.FromAnchor), Here))
        {
            // Checking it took the anchor its service time all the same, as for a discarded BU.
            run.Channel.Departure(ctd.ArrivesAt, Here);
            run.Recorder.Unauthorised();
            return;
        }
        var arrival = ctd.ArrivesAt;
        var departure = run.Channel.Departure(arrival, Here);
        var sourceAt = Endpoint.Anchor(ctd.FromAnchor);
        if (!settings.Unlimited && Cache.ActiveBindings >= settings.Capacity)
        {
            run.Signalling.Send(source, sourceAt, new ContextTransferDataReply(ctd.Procedure, departure, BindingStatus.InsufficientResources, ctd.MnId,
                ctd.Context.Prefix, index), Self, Here);
            return;
        }
        var c = ctd.Context;
        var received = new BindingContextReceived(ctd.MnId, arrival, c.Prefix, ctd.CareOf, c.SequenceNumber, c.Timestamp, c.Lifetime,
            c.RegisteredAt, ctd.FromAnchor, c.Sessions, ctd.Groups);
        relocation.Learned(c.Prefix, c.Sessions, ctd.Groups);
        host.PersistThen(received, () =>
        {
            AdvertiseIfMoved(ctd.Procedure, departure);
            run.Signalling.Send(source, sourceAt, new ContextTransferDataReply(ctd.Procedure, departure, BindingStatus.Accepted, ctd.MnId, c.Prefix, index),
                Self, Here);
            var mag = host.Forwarding.Router(ctd.CareOf);
            run.Signalling.Send(mag, Endpoint.AccessRouter(ctd.CareOf), new AnchorRelocated(ctd.Procedure, departure, ctd.MnId, c.Prefix, index,
                ctd.FromAnchor), Self, Here);
            for (int cn = 0; cn < run.Directory.Correspondents.Length; cn++)
                run.Signalling.Send(run.Directory.Correspondents[cn], Endpoint.Correspondent(cn), new PrefixRoute(ctd.Procedure, departure, c.Prefix, index),
                    Self, Here);
        });
    }

    /// <summary>The transfer was answered: hand over what was held, or take it back if the target refused.</summary>
    void OnContextTransferDataReply(ContextTransferDataReply reply)
    {
        if (!relocation.InTransfer(reply.Prefix, out var pending) || reply.ToAnchor != pending.Target
            || !run.Signalling.Authentic(reply, Endpoint.Anchor(reply.ToAnchor), Here))
        {
            run.Recorder.Unauthorised();
            return;
        }
        var transfer = relocation.End(reply.Prefix)!;
        if (reply.Status != BindingStatus.Accepted)
        {
            run.Recorder.Counters.Add(Counter.RelocationsRefused);
            if (reply.Status == BindingStatus.InsufficientResources) relocation.Discovery.Refused(reply.ToAnchor);
            foreach (var (message, sender) in transfer.Held) Self.Tell(Readdressed(message, index), sender);
            return;
        }
        var answeredAt = reply.ArrivesAt;
        // The anchor that took it advertised the prefix's route as it answered (OnContextTransferData).
        relocation.Moved(reply.Prefix, new AnchorRelocation.Move(transfer.StartedAt, reply.SentAt));
        var moved = new BindingContextTransferred(reply.MnId, answeredAt, reply.Prefix, reply.ToAnchor);
        relocation.Forget(reply.Prefix);
        host.PersistThen(moved, () =>
        {
            AdvertiseIfMoved(reply.Procedure, run.Channel.Departure(answeredAt, Here));
            run.Recorder.Counters.Add(Counter.Relocations);
            var target = run.Directory.Anchors[transfer.Target];
            var moved = new Relocation(transfer.Target, answeredAt);
            foreach (var (message, sender) in transfer.Held)
                target.Tell(message is DataPacket packet ? Released(packet, reply.Prefix, moved) : Readdressed(message, transfer.Target), sender);
        });
    }
}
