using Akka.Actor;
using DmmActors.Configuration;
using DmmActors.Control;
using DmmActors.Emulation;
using DmmActors.Scenarios;

namespace DmmActors.Attacks;

/// <summary>The attacks of a run in one process: started with the walks, tallied once the bindings are read back.</summary>
public static class AttackRun
{
    /// <summary>Attacks need one process: the attacker reaches every anchor, and in a cluster or a storm none is placed.</summary>
    public static void RefuseWhereUnsupported(Scenarios.Scenario scenario, bool cluster, bool storm)
    {
        if (!scenario.Attacks.Any || !(cluster || storm)) return;
        throw new InputError($"dmm.scenario.attacks runs under dmm run in one process; {(cluster ? "--cluster" : "dmm storm")} places no attacker. " +
                                       "Set every attack's messages = 0, or run the scenario with dmm run");
    }

    public static IReadOnlyList<IActorRef> Start(ActorSystem system, RunContext run)
    {
        var attackers = new List<IActorRef>();
        foreach (var plan in run.Scenario.Attacks.Plans.Where(p => p.Messages > 0))
        {
            var attacker = system.ActorOf(AttackerActor.Props(run, plan), $"attack-{AttackSettings.Name(plan.Kind)}");
            if (AttackSettings.Listens(plan.Kind)) run.Signalling.Eavesdropper?.ReportTo(attacker, plan.Messages);
            attacker.Tell(AttackerActor.Begin.Instance);
            attackers.Add(attacker);
        }
        return attackers;
    }

    public static async Task<IReadOnlyList<AttackTally>> TallyAsync(IReadOnlyList<IActorRef> attackers, TimeSpan timeout) =>
        await Task.WhenAll(attackers.Select(a => a.AskOrFail<AttackTally>(AttackerActor.GetTally.Instance, timeout, a.Path.Name)));
}
