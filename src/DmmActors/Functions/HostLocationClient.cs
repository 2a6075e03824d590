using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Protocol;
using DmmActors.Run;
using DmmActors.Topology;

namespace DmmActors.Functions;

/// <summary>
/// The location client placed on the mobile node itself: Mobile IPv6 home registration with
/// the home agent (RFC 6275 §11.7.1), and its refreshes. Where messages can be lost (a
/// cluster run), a BU with no BA in time is sent again (§11.8); the node hosting the client
/// passes how to schedule the deadline to itself.
/// </summary>
public sealed class HostLocationClient(RunContext run, MnIdentifier id, Action<TimeSpan, object>? scheduleToSelf = null)
{
    /// <summary>Tells the node to check whether BU <see cref="Sequence"/> is still unanswered.</summary>
    public sealed record Deadline(ushort Sequence);

    sealed record Unanswered(BindingUpdate Bu, int Attempts);

    /// <summary>RFC 6275 §13 (InitialBindackTimeoutFirstReg), §12 (INITIAL_BINDACK_TIMEOUT, MAX_BINDACK_TIMEOUT).</summary>
    static readonly RetransmissionBackoff FirstRegistration = new(ModelTime.FromMilliseconds(1500), ModelTime.FromSeconds(32)),
        Registration = new(ModelTime.FromSeconds(1), ModelTime.FromSeconds(32));

    readonly Dictionary<ushort, Unanswered>? unanswered = run.SignallingTimeout is null ? null : new();

    ushort sequence;
    /// <summary>The home agent's own reference, learned from its first BA.</summary>
    IActorRef? homeAgentRef;
    ModelTime registeredAt, grantedLifetime;
    /// <summary>Wall clock (StormClock) when the last home registration left, for a storm's acknowledgement step.</summary>
    long registrationSent;

    public RefreshBarrier Refreshes { get; } = new();

    /// <summary>The home prefix comes from the home agent's pool (RFC 6275 §10.1); it never changes.</summary>
    public Prefix64 HomePrefix { get; } = run.Policy.HomePrefixOf(id);

    int HomeAgent => run.Policy.AnchorOf(id);

    /// <summary>
    /// Back where the home agent's last accepted registration of a resumed run left the node:
    /// its sequence numbers go on from that BU's (RFC 6275 §9.5.1), and its refreshes from when it was sent.
    /// </summary>
    public void Restore(BindingRegistered binding)
    {
        sequence = binding.SequenceNumber;
        registeredAt = binding.At - run.Channel.Path(Endpoint.MobileNode(id, binding.CareOf), Endpoint.Anchor(HomeAgent)).Delay;
        grantedLifetime = binding.Lifetime;
    }

    /// <summary>RFC 6275 §11.5.1: a new prefix on the link means movement; register the new care-of address.</summary>
    public void Register(ProcedureRef procedure, ModelTime at, int careOfRouter, IActorRef self)
    {
        registeredAt = at;
        if (run.Storm is not null) registrationSent = Storm.StormClock.Now;
        Send(procedure, at, careOfRouter, self);
    }

    /// <summary>Whether a BA answers a BU still awaited; one for a BU already sent again is not.</summary>
    public bool Awaits(BindingAcknowledgement ba) => unanswered is null || unanswered.ContainsKey(ba.SequenceNumber);

    /// <summary>
    /// Takes an acknowledgement. For a registration it returns the model time the node has a
    /// usable binding, or null if the home agent refused it.
    /// </summary>
    public ModelTime? OnAcknowledgement(BindingAcknowledgement ba, IActorRef homeAgent)
    {
        unanswered?.Remove(ba.SequenceNumber);
        if (ba.Status != BindingStatus.Accepted) run.Recorder.RegistrationFailed();
        if (ba.Procedure.Kind == ProcedureKind.Refresh)
        {
            Refreshes.Acknowledged();
            return null;
        }
        if (ba.Status != BindingStatus.Accepted || ba.HomeAgent != HomeAgent) return null;
        homeAgentRef = homeAgent;
        run.Storm?.Record(Storm.StormStep.Acknowledgement, registrationSent, Storm.StormClock.Now);
        grantedLifetime = Lifetime.FromUnits(ba.LifetimeUnits);
        return ba.ArrivesAt;
    }

    /// <summary>Refreshes the home registration before it lapses, up to <paramref name="until"/>.</summary>
    public void Refresh(int procedureNumber, ModelTime until, int careOfRouter, IActorRef self)
    {
        if (grantedLifetime == ModelTime.Zero) return;
        var procedure = new ProcedureRef(id, procedureNumber, ProcedureKind.Refresh);
        registeredAt = Refreshes.SendDue(new RefreshSchedule(grantedLifetime, run.Scenario.RefreshRatio), registeredAt, until,
            at => Send(procedure, at, careOfRouter, self));
    }

    void Send(ProcedureRef procedure, ModelTime at, int careOfRouter, IActorRef self) =>
        Send(new BindingUpdate(procedure, at, id, HomePrefix, ++sequence, Lifetime.ToUnits(run.Scenario.BindingLifetime), careOfRouter), 0, self);

    void Send(BindingUpdate bu, int attempts, IActorRef self)
    {
        if (unanswered is not null && run.SignallingTimeout is { } timeout)
        {
            unanswered[bu.SequenceNumber] = new Unanswered(bu, attempts);
            scheduleToSelf?.Invoke(timeout, new Deadline(bu.SequenceNumber));
        }
        run.Send(homeAgentRef ?? run.Directory.Anchors[HomeAgent], Endpoint.Anchor(HomeAgent), bu, self, Endpoint.MobileNode(id, bu.CareOfRouter));
    }

    /// <summary>
    /// RFC 6275 §11.8: no BA in time, so the BU goes again with a new sequence number, the
    /// model-time timeout doubling up to MAX_BINDACK_TIMEOUT, to the home agent's address:
    /// the reference learned may be of a home agent whose cluster node is gone.
    /// </summary>
    public void OnDeadline(Deadline deadline, IActorRef self)
    {
        if (unanswered is null || !unanswered.Remove(deadline.Sequence, out var u)) return;
        homeAgentRef = null;
        var at = (u.Bu.Procedure.Kind == ProcedureKind.Attach ? FirstRegistration : Registration).After(u.Bu.SentAt, u.Attempts);
        if (u.Bu.Procedure.Kind != ProcedureKind.Refresh) registeredAt = at;
        run.Recorder.Retransmitted();
        Send(u.Bu with { SentAt = at, SequenceNumber = ++sequence }, u.Attempts + 1, self);
    }
}
