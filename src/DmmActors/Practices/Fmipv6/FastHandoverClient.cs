using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;
using DmmActors.Scenarios;

namespace DmmActors.Practices.Fmipv6;

/// <summary>
/// A MIPv6 node with fast handovers (RFC 5568 §3.2). Its link layer warns it the anticipation
/// before its link goes down; it asks its PAR about the new access point (RtSolPr) and forms its
/// NCoA on the prefix the PrRtAdv gives. Predictive (Figure 2): it sends its FBU from the old
/// link and leaves once the FBack comes there (or would have: one after the link went down
/// reaches it only through the new router); on the new link it sends its UNA and, the NCoA
/// confirmed, its BU to the home agent at once, with no RS, RA or DAD. Reactive (Figure 3): it
/// leaves without an FBU, and on the new link sends its UNA and its FBU from the NCoA to the PAR
/// by way of the new router, and its BU once the FBack confirms the NCoA. Where the PrRtAdv came
/// too late or named no router, it solicits on the new link as any MIPv6 node, then sends UNA
/// and FBU. Its home registration is mipv6-bt's (HostLocationClient).
/// </summary>
public sealed class FastHandoverClient : IHostLocationClient
{
    readonly IMobileNodeHost node;
    readonly RunContext run;
    readonly MnIdentifier id;
    readonly FastHandoverSettings settings;
    readonly HostLocationClient home;
    ushort fbuSequence;

    /// <summary>Where the current handover's fast part stands.</summary>
    enum Stage
    {
        None,
        /// <summary>RtSolPr sent, no PrRtAdv yet.</summary>
        Solicited,
        /// <summary>Predictive: FBU sent from the old link, no FBack there yet.</summary>
        Updated,
        /// <summary>Predictive: the FBack came on the old link.</summary>
        Acknowledged,
        /// <summary>Reactive: the NCoA formed, no FBU sent yet.</summary>
        Prepared,
        /// <summary>On the new link, the UNA sent, awaiting the FBack through the new router.</summary>
        ArrivedUnacknowledged,
        /// <summary>No router known in time: the node solicits on the new link, then sends its FBU.</summary>
        Uninformed,
    }

    Stage stage;
    ProcedureRef handover;
    (int Previous, int Next, ModelTime LinkDown) move;
    /// <summary>The NCoA: formed on the PrRtAdv's prefix, then as the FBack confirmed it; -1 where the FBack refused the handover.</summary>
    int newCareOf = -1;

    public FastHandoverClient(IMobileNodeHost node, FastHandoverSettings settings)
    {
        (this.node, run, id, this.settings) = (node, node.Run, node.Id, settings);
        home = new HostLocationClient(run, id, node.ScheduleToSelf);
        node.Handle<ProxyRouterAdvertisement>((advertisement, _) => OnProxyRouterAdvertisement(advertisement));
        node.Handle<FastBindingAcknowledgement>((fback, _) => OnFastBindingAcknowledgement(fback, node.Self));
        node.Handle<Unanswered>((unanswered, _) => OnUnanswered(unanswered));
    }

    /// <summary>In a run where messages can be lost with a cluster member: the PrRtAdv or FBack of <see cref="Handover"/> did not come within the signalling timeout.</summary>
    sealed record Unanswered(ProcedureRef Handover);

    void AwaitAnswer()
    {
        if (run.Loss.SignallingTimeout is { } timeout) node.ScheduleToSelf?.Invoke(timeout, new Unanswered(handover));
    }

    /// <summary>RFC 5568 §5.1: with no answer on the old link, the node leaves when its link goes and hands over from the new one.</summary>
    void OnUnanswered(Unanswered unanswered)
    {
        if (unanswered.Handover != handover || stage is not (Stage.Solicited or Stage.Updated)) return;
        stage = stage == Stage.Updated ? Stage.Prepared : Stage.Uninformed;
        node.Depart();
    }

    public Prefix64 HomePrefix => home.HomePrefix;
    public int TunnelsToNode => home.TunnelsToNode;
    public RefreshBarrier Refreshes => home.Refreshes;
    public bool Awaits(BindingAcknowledgement ba) => home.Awaits(ba);
    public RegistrationStep OnAcknowledgement(BindingAcknowledgement ba, IActorRef sender, IActorRef self) => home.OnAcknowledgement(ba, sender, self);
    public void Refresh(int procedureNumber, ModelTime until, int router, IActorRef self) => home.Refresh(procedureNumber, until, router, self);
    public void OnDeadline(BindingUpdateListEntry.Deadline deadline, IActorRef self) => home.OnDeadline(deadline, self);
    public void SendUplink(DataPacket packet, int router) => home.SendUplink(packet, router);
    public void Restore(BindingRegistered binding) => home.Restore(binding);

    Endpoint On(int router) => Endpoint.MobileNode(id, router);

    public bool BeforeLinkDown(ProcedureRef next, ModelTime now, ModelTime linkDown, int from, int to, IActorRef self)
    {
        (handover, move, newCareOf) = (next, (from, to, linkDown), -1);
        stage = Stage.Solicited;
        var rs = new RouterSolicitationForProxyAdvertisement(next, ModelTime.Max(now, linkDown - settings.Anticipation), id, from, to);
        run.Signalling.Send(run.Directory.AccessRouters[from], Endpoint.AccessRouter(from), rs, self, On(from));
        AwaitAnswer();
        return true;
    }

    /// <summary>§5.1: an answer after the link went down never reached the node; it goes on reactively, as with no router named.</summary>
    void OnProxyRouterAdvertisement(ProxyRouterAdvertisement advertisement)
    {
        if (stage != Stage.Solicited || advertisement.Procedure != handover) return;
        if (!advertisement.Known || advertisement.ArrivesAt >= move.LinkDown)
        {
            stage = Stage.Uninformed;
            node.Depart();
            return;
        }
        newCareOf = advertisement.NewAccessRouter;
        if (settings.Mode == FastHandoverMode.Reactive)
        {
            stage = Stage.Prepared;
            node.Depart();
            return;
        }
        stage = Stage.Updated;
        var fbu = new FastBindingUpdate(handover, run.Channel.Departure(advertisement.ArrivesAt, On(move.Previous)), id, move.Previous,
            advertisement.NewAccessRouter, ++fbuSequence, settings.TunnelLifetimeUnits);
        run.Signalling.Send(run.Directory.AccessRouters[move.Previous], Endpoint.AccessRouter(move.Previous), fbu, node.Self, On(move.Previous));
        AwaitAnswer();
    }

    void OnFastBindingAcknowledgement(FastBindingAcknowledgement fback, IActorRef self)
    {
        if (fback.Procedure != handover) return;
        var link = fback.ToNewCareOf ? move.Next : move.Previous;
        if (!run.Signalling.Authentic(fback, Endpoint.AccessRouter(fback.PreviousAccessRouter), On(link))) return;
        if (!fback.ToNewCareOf)
        {
            // Its copy to the PCoA: on the old link if it came before the link went down, lost otherwise.
            if (stage != Stage.Updated) return;
            if (fback.ArrivesAt < move.LinkDown) (stage, newCareOf) = (Stage.Acknowledged, fback.Accepted ? fback.NewCareOf : -1);
            node.Depart();
            return;
        }
        // Its copy to the NCoA, which the new router held until the node's UNA.
        if (stage != Stage.ArrivedUnacknowledged) return;
        stage = Stage.None;
        var at = run.Channel.Departure(fback.ArrivesAt, On(move.Next));
        if (fback.Accepted && fback.NewCareOf == move.Next) home.RegisterFrom(handover, at, move.Next, self);
        else node.Solicit(at);
    }

    public bool Arrived(ProcedureRef procedure, ModelTime linkUp, int router, IActorRef self)
    {
        if (procedure != handover || stage is not (Stage.Acknowledged or Stage.Updated or Stage.Prepared) || newCareOf != router)
        {
            // No router known in time, or the FBack refused the handover or gave an address on another link: the node configures its address here as any node would.
            if (stage != Stage.Uninformed) stage = Stage.None;
            return false;
        }
        Announce(procedure, linkUp, router, self);
        switch (stage)
        {
            case Stage.Acknowledged:
                stage = Stage.None;
                home.RegisterFrom(procedure, run.Channel.Departure(linkUp, On(router)), router, self);
                break;
            case Stage.Prepared:
                UpdateFromNewLink(procedure, linkUp, router, self);
                stage = Stage.ArrivedUnacknowledged;
                break;
            default:
                // No FBack on the old link: the NCoA waits for the one the new router delivers (§5.1).
                stage = Stage.ArrivedUnacknowledged;
                break;
        }
        return true;
    }

    /// <summary>RFC 5568 §4: the UNA from the NCoA as the node reaches the new link.</summary>
    void Announce(ProcedureRef procedure, ModelTime at, int router, IActorRef self) =>
        run.Signalling.Send(run.Directory.AccessRouters[router], Endpoint.AccessRouter(router),
            new UnsolicitedNeighborAdvertisement(procedure, at, id, router), self, On(router));

    /// <summary>Figure 3: the FBU from the NCoA to the PAR, by way of the new router.</summary>
    void UpdateFromNewLink(ProcedureRef procedure, ModelTime at, int router, IActorRef self)
    {
        var fbu = new FastBindingUpdate(procedure, at, id, move.Previous, router, ++fbuSequence, settings.TunnelLifetimeUnits) { FromNewLink = true };
        run.Signalling.Send(run.Directory.AccessRouters[router], Endpoint.AccessRouter(move.Previous), fbu, self, On(router));
    }

    public void Register(ProcedureRef procedure, ModelTime at, RouterAdvertisement ra, IActorRef self)
    {
        if (procedure == handover && stage == Stage.Uninformed && ra.AccessRouter != move.Previous)
        {
            // Its address formed on the RA's prefix, the node still has the PAR tunnel what it held since it left (§5.2).
            stage = Stage.None;
            Announce(procedure, at, ra.AccessRouter, self);
            UpdateFromNewLink(procedure, at, ra.AccessRouter, self);
        }
        home.Register(procedure, at, ra, self);
    }
}
