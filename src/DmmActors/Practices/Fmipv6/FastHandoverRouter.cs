using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;
using DmmActors.Scenarios;

namespace DmmActors.Practices.Fmipv6;

/// <summary>
/// An access router's part in fast handovers for MIPv6 (RFC 5568 §4, Figures 2 and 3), as the
/// previous router (PAR) of nodes that leave it and the new router (NAR) of nodes that come:
/// answers RtSolPr with PrRtAdv, turns a predictive FBU into HI, a HAck into the tunnel and the
/// FBack on both links, checks the NCoA a HI names and buffers for the node until its UNA, and
/// starts the tunnel at once on a reactive FBU.
/// </summary>
public sealed class FastHandoverRouter : IAccessRouterComponent
{
    readonly IAccessRouterHost router;
    readonly RunContext run;
    readonly int index;
    readonly FastHandoverSettings settings;
    readonly HandoverForwarding forwarding;
    readonly NeighbourTable neighbours;
    /// <summary>Predictive FBUs whose HAck has not come, by node, and where each came from.</summary>
    readonly Dictionary<int, (FastBindingUpdate Fbu, IActorRef Node)> awaitingAcknowledge = new();
    /// <summary>As NAR: FBacks tunnelled to nodes that have not arrived yet (§3.2), and each node's last arrival here, by procedure.</summary>
    readonly Dictionary<int, List<FastBindingAcknowledgement>> heldAcknowledgements = new();
    readonly Dictionary<int, (int Procedure, ModelTime At)> arrivals = new();

    /// <param name="forwarding">The router's tunnels and buffers, which this part sets up as the handovers go.</param>
    public FastHandoverRouter(IAccessRouterHost router, FastHandoverSettings settings, HandoverForwarding forwarding)
    {
        (this.router, run, index, this.settings, this.forwarding) = (router, router.Run, router.Index, settings, forwarding);
        neighbours = new NeighbourTable(run, index, settings);
        router.Handle<RouterSolicitationForProxyAdvertisement>(OnRouterSolicitationForProxy);
        router.Handle<FastBindingUpdate>(OnFastBindingUpdate);
        router.Handle<FastHandoverInitiate>(OnHandoverInitiate);
        router.Handle<FastHandoverAcknowledge>(OnHandoverAcknowledge);
        router.Handle<FastBindingAcknowledgement>((fback, _) => OnTunnelledAcknowledgement(fback));
        router.Handle<UnsolicitedNeighborAdvertisement>((una, node) => router.LinkUp(una.MnId, una.Procedure, node, una.ArrivesAt));
    }

    Endpoint Here => Endpoint.AccessRouter(index);

    ModelTime Processed(Signal signal) => run.Channel.Departure(signal.ArrivesAt, Here);

    /// <summary>RFC 5568 §4: the router behind the AP, with its address and prefix (code 0), or code 2 where none is found.</summary>
    void OnRouterSolicitationForProxy(RouterSolicitationForProxyAdvertisement rs, IActorRef node)
    {
        var (nar, delay) = neighbours.Resolve(rs.NewAccessPoint, rs.ArrivesAt);
        var advertisement = new ProxyRouterAdvertisement(rs.Procedure, Processed(rs) + delay, rs.MnId, index, rs.NewAccessPoint, nar);
        run.Signalling.Send(node, Endpoint.MobileNode(rs.MnId, index), advertisement, router.Self, Here);
    }

    void OnFastBindingUpdate(FastBindingUpdate fbu, IActorRef sender)
    {
        if (fbu.FromNewLink && fbu.PreviousAccessRouter != index)
        {
            // §5.2: from a node on this link to its PAR. What the tunnel brings may reach this router before the node's UNA is taken in: it is held for it.
            forwarding.Expect(fbu.MnId, fbu.Procedure.Number, buffer: true);
            run.Directory.AccessRouters[fbu.PreviousAccessRouter].Tell(fbu, sender);
            return;
        }
        var from = Endpoint.MobileNode(fbu.MnId, fbu.FromNewLink ? fbu.NewCareOf : index);
        // RFC 5568 §5.2: an FBU the node's handover key does not authenticate is dropped.
        if (fbu.PreviousAccessRouter != index || !run.Signalling.Authentic(fbu, from, Here)) return;
        var at = Processed(fbu);
        if (!fbu.FromNewLink)
        {
            // Figure 2: HI with the U flag, the new router to buffer until the node arrives.
            awaitingAcknowledge[fbu.MnId.Index] = (fbu, sender);
            var hi = new FastHandoverInitiate(fbu.Procedure, at, fbu.MnId, index, fbu.NewCareOf, FastHandoverInitiateCode.FromPreviousCareOf,
                BufferRequested: settings.BufferPackets > 0, fbu.NewCareOf);
            run.Signalling.Send(run.Directory.AccessRouters[fbu.NewCareOf], Endpoint.AccessRouter(fbu.NewCareOf), hi, router.Self, Here);
            return;
        }
        // Figure 3: the node is on the new link already; what was held since it left goes through the tunnel, and so does the FBack.
        run.Recorder.Counters.Add(Metrics.Counter.FastHandoversReactive);
        forwarding.Tunnel(fbu.MnId, fbu.Procedure.Number, fbu.NewCareOf, at, at + settings.TunnelLifetime);
        Acknowledge(fbu, at, FastBindingStatus.Accepted, fbu.NewCareOf, previousLink: null);
    }

    /// <summary>
    /// RFC 5568 §4, §6.2.1.2: the NCoA must be on this router's prefix; for one that is not, the HAck
    /// says so (code 1) and carries the address the router gives the node instead. A PAR that finds
    /// the NAR from the NCoA's prefix never sends such an HI; a router under test does.
    /// </summary>
    void OnHandoverInitiate(FastHandoverInitiate hi, IActorRef previous)
    {
        if (hi.NewAccessRouter != index || !run.Signalling.Authentic(hi, Endpoint.AccessRouter(hi.PreviousAccessRouter), Here)) return;
        var valid = hi.NewCareOf == index;
        forwarding.Expect(hi.MnId, hi.Procedure.Number, hi.BufferRequested);
        var hack = new FastHandoverAcknowledge(hi.Procedure, Processed(hi), hi.MnId, hi.PreviousAccessRouter, index,
            valid ? HandoverAcknowledgeCode.Accepted : HandoverAcknowledgeCode.AcceptedNewCareOfNotValid, index);
        run.Signalling.Send(previous, Endpoint.AccessRouter(hi.PreviousAccessRouter), hack, router.Self, Here);
    }

    void OnHandoverAcknowledge(FastHandoverAcknowledge hack, IActorRef _)
    {
        if (!run.Signalling.Authentic(hack, Endpoint.AccessRouter(hack.NewAccessRouter), Here)
            || !awaitingAcknowledge.TryGetValue(hack.MnId.Index, out var awaited) || awaited.Fbu.Procedure != hack.Procedure) return;
        awaitingAcknowledge.Remove(hack.MnId.Index);
        var at = Processed(hack);
        var fbu = awaited.Fbu;
        if (!hack.Accepted)
        {
            run.Recorder.Counters.Add(Metrics.Counter.FastHandoversRefused);
            forwarding.NoTunnel(fbu.MnId, fbu.Procedure.Number);
            Acknowledge(fbu, at, (FastBindingStatus)(byte)hack.Code, fbu.NewCareOf, awaited.Node);
            return;
        }
        run.Recorder.Counters.Add(Metrics.Counter.FastHandoversPredictive);
        // §5.1: PCoA traffic goes to the new router from the HAck on, for the FBU's lifetime.
        forwarding.Tunnel(fbu.MnId, fbu.Procedure.Number, hack.NewAccessRouter, at, at + settings.TunnelLifetime);
        var careOf = hack.NewCareOf >= 0 ? hack.NewCareOf : fbu.NewCareOf;
        Acknowledge(fbu, at, careOf == fbu.NewCareOf ? FastBindingStatus.Accepted : FastBindingStatus.AcceptedUseSuppliedCareOf, careOf, awaited.Node);
    }

    /// <summary>§3.2: the FBack to the NCoA, through the tunnel to the new router, and where the node may still be here, to the PCoA too.</summary>
    void Acknowledge(FastBindingUpdate fbu, ModelTime at, FastBindingStatus status, int newCareOf, IActorRef? previousLink)
    {
        var fback = new FastBindingAcknowledgement(fbu.Procedure, at, status, fbu.MnId, index, newCareOf, fbu.SequenceNumber,
            status < FastBindingStatus.ReasonUnspecified ? settings.TunnelLifetimeUnits : (ushort)0);
        if (previousLink is not null) run.Signalling.Send(previousLink, Endpoint.MobileNode(fbu.MnId, index), fback, router.Self, Here);
        var nar = newCareOf;
        run.Signalling.Send(run.Directory.AccessRouters[nar], Endpoint.AccessRouter(nar), fback with { ToNewCareOf = true }, router.Self, Here);
    }

    /// <summary>As NAR: an FBack the tunnel brought for a node; it reaches the node once the node is here.</summary>
    void OnTunnelledAcknowledgement(FastBindingAcknowledgement fback)
    {
        if (arrivals.TryGetValue(fback.MnId.Index, out var arrival) && arrival.Procedure == fback.Procedure.Number)
        {
            DeliverAcknowledgement(fback, arrival.At);
            return;
        }
        if (!heldAcknowledgements.TryGetValue(fback.MnId.Index, out var held)) heldAcknowledgements[fback.MnId.Index] = held = new(1);
        held.Add(fback);
    }

    /// <summary>Held until the node came (§5.4), then on over the radio.</summary>
    void DeliverAcknowledgement(FastBindingAcknowledgement fback, ModelTime nodeArrived) =>
        run.Directory.MobileNodes[fback.MnId.Index].Tell(run.Channel.CarryOn(fback, Here, Endpoint.MobileNode(fback.MnId, index),
            run.Channel.Departure(ModelTime.Max(fback.ArrivesAt, nodeArrived), Here)), router.Self);

    /// <summary>As NAR: the node is here; the FBacks tunnelled to it go on to it.</summary>
    public void LinkUp(MnIdentifier mn, ProcedureRef procedure, ModelTime at)
    {
        arrivals[mn.Index] = (procedure.Number, at);
        if (!heldAcknowledgements.TryGetValue(mn.Index, out var held)) return;
        foreach (var fback in held.Where(f => f.Procedure.Number == procedure.Number).ToArray())
        {
            held.Remove(fback);
            DeliverAcknowledgement(fback, at);
        }
        if (held.Count == 0) heldAcknowledgements.Remove(mn.Index);
    }

}
