using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;
using DmmActors.Scenarios;

namespace DmmActors.Practices.Pfmipv6;

/// <summary>
/// A MAG's part in fast handovers for PMIPv6 (RFC 5949 §4), as the previous MAG of nodes that
/// leave and the new MAG of nodes that come; the node signals nothing, its link layer reports the
/// move. Predictive (Figure 2): on the access network's Handover Indication the previous MAG sends
/// HI (P, U, F) with the node's identifier, prefix and LMA address; the new MAG answers HAck and
/// buffers until the node attaches, and from the HAck on the previous MAG forwards what the LMA
/// still sends it (holding what came between the node's departure and a late HAck). Reactive (Figure 3): on the node's attachment the new MAG asks the previous one
/// for its context (HI with a Context Request), and the previous MAG, which has held the node's
/// packets since it left, answers HAck with the prefix and LMA and forwards them. Either way the
/// new MAG's PBU is its location client's, as in pmipv6-multi-lma.
/// </summary>
public sealed class FastHandoverMag : IAccessRouterComponent
{
    readonly IAccessRouterHost router;
    readonly RunContext run;
    readonly int index;
    readonly FastHandoverSettings settings;
    readonly HandoverForwarding forwarding;
    readonly NeighbourTable neighbours;
    /// <summary>As previous MAG, the node's binding as its link went down, for a reactive HI that comes after the location client let it go.</summary>
    readonly Dictionary<int, (Prefix64 Prefix, int Lma)> leftWith = new();

    /// <param name="forwarding">The MAG's tunnels and buffers, which this part sets up as the handovers go.</param>
    public FastHandoverMag(IAccessRouterHost router, FastHandoverSettings settings, HandoverForwarding forwarding)
    {
        (this.router, run, index, this.settings, this.forwarding) = (router, router.Run, router.Index, settings, forwarding);
        neighbours = new NeighbourTable(run, index, settings);
        router.Handle<HandoverIndication>((indication, _) => OnHandoverIndication(indication));
        router.Handle<PredictiveHandoverInitiate>(OnPredictiveInitiate);
        router.Handle<PredictiveHandoverAcknowledge>((hack, _) => OnPredictiveAcknowledge(hack));
        router.Handle<LinkAssociated>((associated, _) => OnLinkAssociated(associated));
        router.Handle<HandoverInitiate>(OnContextRequest);
        router.Handle<HandoverAcknowledge>((hack, _) => OnContext(hack));
    }

    Endpoint Here => Endpoint.AccessRouter(index);

    ModelTime Processed(Signal signal) => run.Channel.Departure(signal.ArrivesAt, Here);

    (Prefix64 Prefix, int Lma)? Binding(MnIdentifier mn) =>
        router.AnchorOf(mn) is >= 0 and var lma ? (run.Policy.HomePrefixOf(mn), lma) : leftWith.TryGetValue(mn.Index, out var left) ? left : null;

    /// <summary>Predictive, (c): the HI to the MAG behind the new access point, as soon as the access network says the node is going.</summary>
    void OnHandoverIndication(HandoverIndication indication)
    {
        if (settings.Mode != FastHandoverMode.Predictive) return;
        var (nmag, delay) = neighbours.Resolve(indication.NewAccessPoint, indication.At);
        if (Binding(indication.MnId) is not { } binding || nmag < 0)
        {
            // Nothing to tell a new MAG: what comes for the node after it left is lost, as without fast handovers.
            forwarding.NoTunnel(indication.MnId, indication.Procedure.Number);
            return;
        }
        var hi = new PredictiveHandoverInitiate(indication.Procedure, run.Channel.Departure(indication.At, Here) + delay, indication.MnId, index, nmag,
            binding.Prefix, binding.Lma, BufferRequested: settings.BufferPackets > 0);
        run.Signalling.Send(run.Directory.AccessRouters[nmag], Endpoint.AccessRouter(nmag), hi, router.Self, Here);
    }

    /// <summary>Predictive, (d): the new MAG prepares to buffer and answers.</summary>
    void OnPredictiveInitiate(PredictiveHandoverInitiate hi, IActorRef pmag)
    {
        if (hi.NewAccessRouter != index || !run.Signalling.Authentic(hi, Endpoint.AccessRouter(hi.PreviousAccessRouter), Here)) return;
        // An HI that comes after the node attached (in model time) finds it here: what the tunnel brings then is delivered as it comes.
        forwarding.Expect(hi.MnId, hi.Procedure.Number, hi.BufferRequested);
        run.Signalling.Send(pmag, Endpoint.AccessRouter(hi.PreviousAccessRouter),
            new PredictiveHandoverAcknowledge(hi.Procedure, Processed(hi), hi.MnId, hi.PreviousAccessRouter, index, HandoverAcknowledgeCode.Accepted),
            router.Self, Here);
    }

    /// <summary>Predictive, (f): from the HAck on, what the LMA sends here for the node goes to the new MAG.</summary>
    void OnPredictiveAcknowledge(PredictiveHandoverAcknowledge hack)
    {
        if (!run.Signalling.Authentic(hack, Endpoint.AccessRouter(hack.NewAccessRouter), Here)) return;
        var at = Processed(hack);
        if (!hack.Accepted)
        {
            run.Recorder.Counters.Add(Metrics.Counter.FastHandoversRefused);
            forwarding.NoTunnel(hack.MnId, hack.Procedure.Number);
            return;
        }
        run.Recorder.Counters.Add(Metrics.Counter.FastHandoversPredictive);
        forwarding.Tunnel(hack.MnId, hack.Procedure.Number, hack.NewAccessRouter, at, at + settings.TunnelLifetime);
    }

    /// <summary>Reactive, (c): on the node's attachment the new MAG asks the MAG behind the access point it left for its context.</summary>
    void OnLinkAssociated(LinkAssociated associated)
    {
        if (settings.Mode != FastHandoverMode.Reactive || associated.PreviousAccessPoint < 0) return;
        var (pmag, delay) = neighbours.Resolve(associated.PreviousAccessPoint, associated.At);
        if (pmag < 0) return;
        // What the previous MAG forwards may arrive before the node's RS does: held until then.
        forwarding.Expect(associated.MnId, associated.Procedure.Number, settings.BufferPackets > 0);
        var hi = new HandoverInitiate(associated.Procedure, run.Channel.Departure(associated.At, Here) + delay, associated.MnId, index, []) { ForwardingRequested = true };
        run.Signalling.Send(run.Directory.AccessRouters[pmag], Endpoint.AccessRouter(pmag), hi, router.Self, Here);
    }

    /// <summary>Reactive, (d)-(e): the node's prefix and LMA back, and what was held since it left forwarded.</summary>
    void OnContextRequest(HandoverInitiate hi, IActorRef nmag)
    {
        if (!run.Signalling.Authentic(hi, Endpoint.AccessRouter(hi.NewAccessRouter), Here)) return;
        var at = Processed(hi);
        IReadOnlyList<MobilityContext> contexts = [];
        var forwards = hi.ForwardingRequested && Binding(hi.MnId) is not null;
        if (Binding(hi.MnId) is { } binding) contexts = [new MobilityContext(binding.Prefix, binding.Lma, 0, at, run.Scenario.BindingLifetime, at, 0)];
        if (forwards)
        {
            run.Recorder.Counters.Add(Metrics.Counter.FastHandoversReactive);
            forwarding.Tunnel(hi.MnId, hi.Procedure.Number, hi.NewAccessRouter, at, at + settings.TunnelLifetime);
        }
        else forwarding.NoTunnel(hi.MnId, hi.Procedure.Number);
        // §6.1.2: 6 with the context, 131 where none is here; F echoed where the tunnel is up.
        run.Signalling.Send(nmag, Endpoint.AccessRouter(hi.NewAccessRouter), new HandoverAcknowledge(hi.Procedure, at, hi.MnId, index, contexts, []) { Forwarding = forwards },
            router.Self, Here);
    }

    /// <summary>
    /// Reactive: the context came. It is taken in and checked, a forged one counted; the new MAG's
    /// PBU does not wait on it, since its location client reads the LMA from the node's policy
    /// profile (README, "What the model still gives for free").
    /// </summary>
    void OnContext(HandoverAcknowledge hack) =>
        _ = run.Signalling.Authentic(hack, Endpoint.AccessRouter(hack.PreviousAccessRouter), Here);

    /// <summary>As previous MAG: the node's binding as it left, before the location client lets it go (the router tells its components first).</summary>
    public void LinkDown(MnIdentifier mn, ProcedureRef procedure, ModelTime at)
    {
        if (Binding(mn) is { } binding) leftWith[mn.Index] = binding;
    }
}
