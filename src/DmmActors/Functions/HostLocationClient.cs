using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Protocol;
using DmmActors.Run;

namespace DmmActors.Functions;

/// <summary>
/// The location client placed on the mobile node itself: Mobile IPv6 home registration with
/// the home agent (RFC 6275 §11.7.1), and its refreshes.
/// </summary>
public sealed class HostLocationClient(RunContext run, MnIdentifier id)
{
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

    /// <summary>RFC 6275 §11.5.1: a new prefix on the link means movement; register the new care-of address.</summary>
    public void Register(ProcedureRef procedure, ModelTime at, int careOfRouter, IActorRef self)
    {
        registeredAt = at;
        if (run.Storm is not null) registrationSent = Storm.StormClock.Now;
        Send(procedure, at, careOfRouter, self);
    }

    /// <summary>
    /// Takes an acknowledgement. For a registration it returns the model time the node has a
    /// usable binding, or null if the home agent refused it.
    /// </summary>
    public ModelTime? OnAcknowledgement(BindingAcknowledgement ba, IActorRef homeAgent, int careOfRouter)
    {
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
        return ba.SentAt + run.Topology.AnchorToRouter(ba.HomeAgent, careOfRouter).Delay + run.Topology.RadioDelay;
    }

    /// <summary>Refreshes the home registration before it lapses, up to <paramref name="until"/>.</summary>
    public void Refresh(int procedureNumber, ModelTime until, int careOfRouter, IActorRef self)
    {
        if (grantedLifetime == ModelTime.Zero) return;
        foreach (var at in new RefreshSchedule(grantedLifetime, run.Scenario.RefreshRatio).Due(registeredAt, until))
        {
            Send(new ProcedureRef(id, procedureNumber, ProcedureKind.Refresh), at, careOfRouter, self);
            registeredAt = at;
            Refreshes.Sent();
        }
    }

    void Send(ProcedureRef procedure, ModelTime at, int careOfRouter, IActorRef self) =>
        run.Send(homeAgentRef ?? run.Directory.Anchors[HomeAgent],
            new BindingUpdate(procedure, at, id, HomePrefix, ++sequence, Lifetime.ToUnits(run.Scenario.BindingLifetime), careOfRouter), self);
}
