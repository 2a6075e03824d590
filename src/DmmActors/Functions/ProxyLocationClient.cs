using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Protocol;
using DmmActors.Run;

namespace DmmActors.Functions;

/// <summary>
/// The location client placed on an access router, which makes it a mobile access gateway
/// (RFC 5213 §6): it registers attached nodes with the LMA from their policy profile, sets up
/// the tunnel, advertises the home network prefix, refreshes, and de-registers on detach.
/// </summary>
public sealed class ProxyLocationClient(RunContext run, int mag)
{
    /// <summary>A binding update list entry (RFC 5213 §6.1).</summary>
    sealed class BindingUpdateListEntry(IActorRef node, int lma, ProcedureRef procedure)
    {
        public IActorRef Node { get; } = node;
        public int Lma { get; } = lma;
        public ProcedureRef Procedure { get; } = procedure;
        public ushort SequenceNumber { get; set; }
        public Prefix64 HomeNetworkPrefix { get; set; }
        /// <summary>Send time of the last registration or refresh, and the lifetime granted to it.</summary>
        public ModelTime RegisteredAt { get; set; }
        public ModelTime GrantedLifetime { get; set; }
    }

    readonly Dictionary<int, BindingUpdateListEntry> list = new();

    public RefreshBarrier Refreshes { get; } = new();

    ModelTime Processing => run.Scenario.ProcessingDelay;

    /// <summary>RFC 5213 §6.9.1.1: a node attached; register it with its LMA.</summary>
    public void Attach(RouterSolicitation rs, ModelTime arrival, IActorRef node, IActorRef self)
    {
        var entry = new BindingUpdateListEntry(node, run.Policy.AnchorOf(rs.MnId), rs.Procedure)
        {
            // The entry is new with this attachment, so its sequence numbers start afresh; the
            // LMA orders updates from different MAGs by timestamp (§5.5).
            SequenceNumber = 1,
        };
        list[rs.MnId.Index] = entry;
        var departure = arrival + Processing;
        // The prefix option is all zeros, so the LMA assigns or looks up the HNP (§5.3.2, §5.4.1).
        // The emulated link layer tells the MAG whether the node comes from another MAG, as an
        // L2 handover hint would, so the Handoff Indicator (§8.4) is 3 rather than 4 (unknown).
        var pbu = new ProxyBindingUpdate(rs.Procedure, departure, rs.MnId, Prefix64.None,
            rs.Procedure.Kind == ProcedureKind.Attach
                ? HandoffIndicator.AttachmentOverNewInterface
                : HandoffIndicator.HandoffBetweenMagsSameInterface,
            entry.SequenceNumber, departure, Lifetime.ToUnits(run.Scenario.BindingLifetime), mag);
        run.Send(run.Directory.Anchors[entry.Lma], pbu, self);
    }

    public void OnAcknowledgement(ProxyBindingAcknowledgement pba, IActorRef self)
    {
        if (pba.Procedure.Kind == ProcedureKind.Refresh)
        {
            // A refresh that crossed the node's next registration is refused as stale (§5.5);
            // that is a failure only while the node is still here.
            if (pba.Status != BindingStatus.Accepted && list.ContainsKey(pba.MnId.Index)) run.Recorder.RegistrationFailed();
            Refreshes.Acknowledged();
            return;
        }
        if (!list.TryGetValue(pba.MnId.Index, out var entry) || entry.SequenceNumber != pba.SequenceNumber)
            return; // RFC 5213 §6.9.1.2: a PBA that matches no pending PBU (a de-registration's, too) needs no action.
        var arrival = pba.SentAt + run.Topology.AnchorToRouter(pba.Lma, mag).Delay;
        if (pba.Status != BindingStatus.Accepted)
        {
            list.Remove(pba.MnId.Index);
            run.Recorder.RegistrationFailed();
            entry.Node.Tell(new RegistrationRejected(pba.Procedure, pba.Status));
            return;
        }
        // The tunnel to the LMA is up; advertise the HNP on the emulated home link (§6.7).
        entry.HomeNetworkPrefix = pba.HomeNetworkPrefix;
        entry.RegisteredAt = pba.Timestamp;
        entry.GrantedLifetime = Lifetime.FromUnits(pba.LifetimeUnits);
        run.Send(entry.Node, new RouterAdvertisement(pba.Procedure, arrival + Processing, mag, pba.HomeNetworkPrefix), self);
    }

    /// <summary>RFC 5213 §6.9.1.4: the node left; refresh for the time it stayed, then de-register (§5.3.5 at the LMA).</summary>
    public void Detach(LinkDown down, IActorRef self)
    {
        if (!list.Remove(down.MnId.Index, out var entry) || entry.HomeNetworkPrefix.IsNone) return;
        Refresh(down.MnId, entry, down.At, self);
        var departure = down.At + Processing;
        var dereg = new ProxyBindingUpdate(down.Procedure, departure, down.MnId, entry.HomeNetworkPrefix,
            HandoffIndicator.HandoffStateUnknown, ++entry.SequenceNumber, departure, 0, mag);
        run.Send(run.Directory.Anchors[entry.Lma], dereg, self);
    }

    /// <summary>Refreshes every binding held, up to the model time the run ends at.</summary>
    public void Extend(ModelTime until, IActorRef self)
    {
        foreach (var (mn, entry) in list)
            if (!entry.HomeNetworkPrefix.IsNone) Refresh(new MnIdentifier(mn), entry, until, self);
    }

    /// <summary>RFC 5213 §6.9.1.3: extend the binding before it lapses, for as long as the node stayed.</summary>
    void Refresh(MnIdentifier mn, BindingUpdateListEntry entry, ModelTime until, IActorRef self)
    {
        var schedule = new RefreshSchedule(entry.GrantedLifetime, run.Scenario.RefreshRatio);
        foreach (var at in schedule.Due(entry.RegisteredAt, until))
        {
            var procedure = new ProcedureRef(mn, entry.Procedure.Number, ProcedureKind.Refresh);
            run.Send(run.Directory.Anchors[entry.Lma], new ProxyBindingUpdate(procedure, at, mn, entry.HomeNetworkPrefix,
                HandoffIndicator.HandoffStateNotChanged, ++entry.SequenceNumber, at,
                Lifetime.ToUnits(run.Scenario.BindingLifetime), mag), self);
            entry.RegisteredAt = at;
            Refreshes.Sent();
        }
    }
}
