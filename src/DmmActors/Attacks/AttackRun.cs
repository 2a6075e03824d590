using Akka.Actor;
using DmmActors.Configuration;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Scenarios;

namespace DmmActors.Attacks;

/// <summary>The attacks of a run in one process: started with the walks, tallied once the bindings are read back.</summary>
public static class AttackRun
{
    /// <summary>A storm places no attacker: attacks run under dmm run, in one process or from a cluster's driver.</summary>
    public static void RefuseWhereUnsupported(Scenarios.Scenario scenario, bool storm)
    {
        if (!scenario.Attacks.Any || !storm) return;
        throw new InputError("dmm.scenario.attacks runs under dmm run, in one process or a cluster; dmm storm places no attacker. " +
                             "Set every attack's messages = 0, or run the scenario with dmm run");
    }

    /// <summary>The name of an attack's actor under /user on the process that drives the run.</summary>
    static string ActorName(AttackPlan plan) => $"attack-{AttackSettings.Name(plan.Kind)}";

    /// <summary>
    /// Starts the attacks on the driver. In a cluster run that is a member of its own, so every
    /// attacker is on another member than the anchors it targets.
    /// </summary>
    public static IReadOnlyList<IActorRef> Start(ActorSystem system, RunContext run)
    {
        var attackers = new Dictionary<AttackPlan, IActorRef>();
        foreach (var plan in run.Scenario.Attacks.Plans.Where(p => p.Messages > 0))
        {
            var attacker = system.ActorOf(AttackerActor.Props(run, plan), ActorName(plan));
            attacker.Tell(AttackerActor.Begin.Instance);
            attackers[plan] = attacker;
        }
        Listen(run, plan => attackers[plan]);
        return attackers.Values.ToList();
    }

    /// <summary>
    /// Has the run's eavesdropper copy PBUs to the attacks that listen. On a cluster member, the
    /// attackers are on the driver: <paramref name="driver"/> names the driver's process, and
    /// each member copies up to the attack's count of the PBUs its own MAGs send.
    /// </summary>
    public static void ListenFromMember(ActorSystem system, RunContext run, Address driver) =>
        Listen(run, plan => ((ExtendedActorSystem)system).Provider.ResolveActorRef(new RootActorPath(driver) / "user" / ActorName(plan)));

    static void Listen(RunContext run, Func<AttackPlan, IActorRef> attackerOf)
    {
        if (run.Signalling.Eavesdropper is not { } eavesdropper) return;
        foreach (var plan in run.Scenario.Attacks.Plans.Where(p => p.Messages > 0 && AttackSettings.Listens(p.Kind)))
            eavesdropper.ReportTo(attackerOf(plan), plan.Messages);
    }

    public static async Task<IReadOnlyList<AttackTally>> TallyAsync(IReadOnlyList<IActorRef> attackers, TimeSpan timeout) =>
        await Task.WhenAll(attackers.Select(a => a.AskOrFail<AttackTally>(AttackerActor.GetTally.Instance, timeout, a.Path.Name)));
}
