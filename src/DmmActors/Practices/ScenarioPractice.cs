using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Emulation;
using DmmActors.Scenarios;
using DmmActors.Topology;

namespace DmmActors.Practices;

/// <summary>What a scenario's practice makes of it: the practice it names, the anchors it deploys, and the rules its bindings follow.</summary>
public static class ScenarioPractice
{
    extension(Scenario scenario)
    {
        public Practice Practice => PracticeCatalog.Named(scenario.PracticeName);

        /// <summary>Every anchor of the run: those a node's prefix comes from, then any the practice adds (HMIPv6's MAPs).</summary>
        public int Anchors => scenario.PracticeAnchors + scenario.AdditionalAnchors;

        /// <summary>The anchors the practice deploys for the topology.anchors asked for, those it adds aside.</summary>
        public int PracticeAnchors => scenario.Practice.AnchorCount(scenario.RequestedAnchors, scenario.AccessRouters, scenario.PracticeSettings);

        /// <summary>Anchors the practice adds after its own, numbered after them (HMIPv6's MAPs, RFC 5380).</summary>
        public int AdditionalAnchors => scenario.Practice.AdditionalAnchors(scenario.PracticeSettings);

        /// <summary>The anchors for a console line: "8 anchors", "4 anchors and 16 MAPs", "36 anchors and 1 CMD", or "4 anchors and 4 SGWs, 1 MME".</summary>
        public string DescribeAnchors()
        {
            if (scenario.AdditionalAnchors == 0) return $"{scenario.Anchors} anchors";
            var added = Enumerable.Range(0, scenario.AdditionalAnchors)
                .Select(i => scenario.Practice.RoleOf(scenario.Practice.AdditionalAnchorKindAt(i, scenario.PracticeSettings)))
                .GroupBy(role => role)
                .Select(g => $"{g.Count()} {g.Key}{(g.Count() == 1 ? "" : "s")}");
            return $"{scenario.PracticeAnchors} anchors and {string.Join(", ", added)}";
        }
    }

    extension(RunContext run)
    {
        public Practice Practice => run.Scenario.Practice;

        public BindingRules BindingRules => run.Scenario.Practice.BindingRules(run.Scenario.MaxBindingLifetime);
    }
}
