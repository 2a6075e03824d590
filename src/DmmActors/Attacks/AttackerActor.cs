using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Capture;
using DmmActors.Emulation;
using DmmActors.Protocol;
using DmmActors.Scenarios;
using DmmActors.Topology;

namespace DmmActors.Attacks;

/// <summary>
/// One attack of a scenario (<see cref="AttackPlan"/>): it forges its messages, sends them to
/// the anchors over the run's channel as the peer it claims to be would, and tallies what comes
/// back. It holds no security association of the domain: what it signs, it signs under keys of
/// its own, except the flooding node, which holds its own MN–HA association. An answer that
/// accepts a forged message is a binding hijacked.
/// </summary>
public sealed class AttackerActor : ReceiveActor
{
    public sealed record Begin
    {
        public static readonly Begin Instance = new();
    }

    public sealed record GetTally
    {
        public static readonly GetTally Instance = new();
    }

    sealed record SendMore
    {
        public static readonly SendMore Instance = new();
    }

    /// <summary>Forged messages sent per turn: the attack interleaves with the run instead of going out in one burst.</summary>
    const int Batch = 64;

    readonly RunContext run;
    readonly AttackPlan plan;
    readonly Security.MessageAuthenticator? ownKeys;
    readonly Dictionary<BindingStatus, long> refusals = new();
    long sent, hijacked, reregistered, diverted;

    public static Props Props(RunContext run, AttackPlan plan) => Akka.Actor.Props.Create(() => new AttackerActor(run, plan));

    public AttackerActor(RunContext run, AttackPlan plan)
    {
        this.run = run;
        this.plan = plan;
        // Keys of its own: what an attacker outside the domain can compute.
        ownKeys = run.Signalling.Authenticator?.Under(new Security.SecurityAssociations(~run.Scenario.Seed));

        Receive<Begin>(_ => { if (!AttackSettings.Listens(plan.Kind)) Self.Tell(SendMore.Instance); });
        Receive<SendMore>(_ => SendBatch());
        Receive<CapturedPbu>(Replay);
        Receive<ProxyBindingAcknowledgement>(pba => Answered(pba.Status));
        Receive<BindingAcknowledgement>(ba => Answered(ba.Status));
        Receive<ContextTransferDataReply>(reply => Answered(reply.Status));
        Receive<GetTally>(_ => Sender.Tell(new AttackTally(plan.Kind, sent, hijacked,
            refusals.OrderBy(kv => kv.Key).ToDictionary(kv => kv.Key, kv => kv.Value), diverted) { Reregistered = reregistered }));
        // What a hijacked binding sends its way: the traffic and signalling meant for the victim's MAG.
        ReceiveAny(_ => diverted++);
    }

    /// <summary>
    /// An accepted replay is a PBU its MAG sent, with its timestamp: RFC 5213 §5.5 takes it only
    /// while no newer registration has been, so the binding names the MAG it already named, and
    /// nothing points at the attacker. Every other accepted forgery binds where the attacker chose.
    /// </summary>
    void Answered(BindingStatus status)
    {
        if (status != BindingStatus.Accepted) refusals[status] = refusals.GetValueOrDefault(status) + 1;
        else if (plan.Kind == AttackKind.ReplayedPbu) reregistered++;
        else hijacked++;
    }

    void SendBatch()
    {
        for (int i = 0; i < Batch && sent < plan.Messages; i++) Forge((int)sent++);
        if (sent < plan.Messages) Self.Tell(SendMore.Instance);
    }

    /// <summary>The <paramref name="k"/>th message, at model time (k + 1) × the spacing; each names a victim in turn.</summary>
    void Forge(int k)
    {
        var at = plan.Spacing * (k + 1);
        var nodes = run.Scenario.MobileNodes;
        switch (plan.Kind)
        {
            case AttackKind.RogueMag:
            {
                var victim = new MnIdentifier(k % nodes);
                // A real MAG's proxy care-of address, other than the one the node first attached to.
                var claimed = (run.Policy.FirstRouters[victim.Index] + 1 + k) % run.Topology.AccessRouters;
                var lma = run.Policy.AnchorOf(victim);
                var pbu = new ProxyBindingUpdate(new ProcedureRef(victim, 0, ProcedureKind.Handover), at, victim, Prefix64.None,
                    HandoffIndicator.HandoffBetweenMagsSameInterface, (ushort)k, at, Lifetime.ToUnits(run.Scenario.BindingLifetime), claimed);
                Send(pbu, Endpoint.AccessRouter(claimed), lma, signer: ownKeys);
                break;
            }
            case AttackKind.ForgedRelay:
            {
                // A new session for the victim at a real MAG, relayed in the name of one LMA to another (RFC 6463 §5.3.2).
                var victim = new MnIdentifier(k % nodes);
                var claimedRfLma = k % run.Topology.Anchors;
                var lma = (claimedRfLma + 1 + k % Math.Max(1, run.Topology.Anchors - 1)) % run.Topology.Anchors;
                var mag = (run.Policy.FirstRouters[victim.Index] + 1 + k) % run.Topology.AccessRouters;
                var pbu = new ProxyBindingUpdate(new ProcedureRef(victim, 0, ProcedureKind.Attach), at, victim, Prefix64.None,
                    HandoffIndicator.AttachmentOverNewInterface, (ushort)k, at, Lifetime.ToUnits(run.Scenario.BindingLifetime), mag)
                    { RedirectCapability = true, RelayedBy = claimedRfLma };
                Send(pbu, Endpoint.Anchor(claimedRfLma), lma, signer: ownKeys);
                break;
            }
            case AttackKind.ForgedCtd:
            {
                var victim = new MnIdentifier(k % nodes);
                var source = run.Policy.AnchorOf(victim);
                var target = (source + 1 + k % (run.Topology.Anchors - 1)) % run.Topology.Anchors;
                var context = new MobilityContext(Prefix64.Delegated(source, victim.Index), source, (ushort)(k + 1), at,
                    run.Scenario.BindingLifetime, at, 1);
                var ctd = new ContextTransferData(new ProcedureRef(victim, 0, ProcedureKind.Relocation), at, victim, source,
                    k % run.Topology.AccessRouters, context, []);
                Send(ctd, Endpoint.Anchor(source), target, signer: ownKeys);
                break;
            }
            case AttackKind.BuFlood:
            {
                var flooder = plan.Node;
                var victim = new MnIdentifier((flooder + 1 + k % (nodes - 1)) % nodes);
                var router = run.Policy.FirstRouters[flooder];
                var ha = run.Policy.AnchorOf(victim);
                var bu = new BindingUpdate(new ProcedureRef(victim, 0, ProcedureKind.Handover), at, victim, run.Policy.HomePrefixOf(victim),
                    (ushort)(k + 1), Lifetime.ToUnits(run.Scenario.BindingLifetime), router);
                // The node signs under its own association with the home agent, as it signs its own BUs.
                Send(bu, Endpoint.MobileNode(new MnIdentifier(flooder), router), ha, signer: run.Signalling.Authenticator);
                break;
            }
        }
    }

    /// <summary>
    /// A captured PBU played back the plan's delay later, its authentication as it was; or, tampered,
    /// sent on at once claiming one session more on the prefix, so that an anchor that counts them
    /// (draft §5.2) would keep it: state beyond the RFC options, which the authentication covers.
    /// </summary>
    void Replay(CapturedPbu captured)
    {
        if (sent >= plan.Messages) return;
        sent++;
        var copy = plan.Kind == AttackKind.TamperedPbu
            ? captured.Pbu with { Sessions = captured.Pbu.Sessions + 1 }
            : captured.Pbu with { SentAt = captured.Pbu.SentAt + plan.Spacing };
        var from = Endpoint.AccessRouter(copy.ProxyCareOf);
        Deliver(copy, from, run.Directory.Anchors[captured.LmaIndex], Endpoint.Anchor(captured.LmaIndex));
    }

    void Send<T>(T signal, Endpoint claimedFrom, int anchor, Security.MessageAuthenticator? signer) where T : Signal
    {
        var to = Endpoint.Anchor(anchor);
        Deliver(signer?.Sign(signal, claimedFrom, to) ?? signal, claimedFrom, run.Directory.Anchors[anchor], to);
    }

    /// <summary>Over the channel as from the peer claimed, into the capture where there is one; not in the run's signalling counts.</summary>
    void Deliver(Signal signal, Endpoint claimedFrom, IActorRef to, Endpoint toAt)
    {
        run.Channel.Carry(signal, claimedFrom, toAt);
        run.Signalling.Capture?.Signal(signal, claimedFrom, toAt, signal.SentAt);
        to.Tell(signal, Self);
    }
}

/// <summary>What one attack sent and what became of it: refused with a status, accepted (hijacked, or a replay taken as the re-registration it copies), or never answered.</summary>
public sealed record AttackTally(
    AttackKind Kind,
    long Sent,
    long Hijacked,
    IReadOnlyDictionary<BindingStatus, long> RefusedWith,
    long Diverted)
{
    public long Refused => RefusedWith.Values.Sum();

    /// <summary>Replays accepted as the re-registration they copy: the binding names the MAG it named, nothing is diverted.</summary>
    public long Reregistered { get; init; }

    /// <summary>Silently dropped (RFC 6275 §9.5.1, RFC 4067 §6): sent, and neither refused nor accepted.</summary>
    public long Discarded => Sent - Refused - Hijacked - Reregistered;
}
