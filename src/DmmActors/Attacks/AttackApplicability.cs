using DmmActors.Configuration;
using DmmActors.Practices;
using DmmActors.Protocol;
using DmmActors.Scenarios;

namespace DmmActors.Attacks;

public static class AttackApplicability
{
    /// <summary>
    /// An attack needs the signalling it forges: PBUs where the network signals, BUs where the node
    /// does, CTDs where anchors relocate. <paramref name="signalled"/> is what the scenario's practice signals
    /// with its keys as the scenario sets them, <paramref name="signalledUnderOtherKeys"/> what it may under any.
    /// </summary>
    public static void RefuseWhereInapplicable(Scenario scenario, IReadOnlySet<SignalType> signalled, IReadOnlySet<SignalType> signalledUnderOtherKeys,
        string source)
    {
        foreach (var plan in scenario.Attacks.Plans.Where(p => p.Messages > 0))
        {
            var forged = AttackSettings.Forges(plan.Kind);
            if (!signalled.Contains(forged))
                throw new InputError($"{source}: dmm.scenario.attacks.{AttackSettings.Name(plan.Kind)} needs a practice whose nodes send {forged.ShortName()}s " +
                                               $"({PracticeCatalog.NamesSending(forged)}); practice {scenario.PracticeName} has none to forge" +
                                               (signalledUnderOtherKeys.Contains(forged) ? " with the keys this scenario sets" : ""));
            if (plan.Kind == AttackKind.BuFlood && scenario.MobileNodes < 2)
                throw new InputError($"{source}: dmm.scenario.attacks.bu-flood needs at least 2 mobile nodes: the flooder forges BUs for the others");
            if (plan.Kind == AttackKind.BuFlood && plan.Node >= scenario.MobileNodes)
                throw new InputError($"{source}: dmm.scenario.attacks.bu-flood.node = {plan.Node} is no mobile node (0..{scenario.MobileNodes - 1})");
        }
    }
}
