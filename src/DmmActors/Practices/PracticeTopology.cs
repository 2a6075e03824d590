using DmmActors.Scenarios;
using DmmActors.Topology;

namespace DmmActors.Practices;

/// <summary>The network a scenario lays out for its practice (a type of its own: practice folders reach it without the extension blocks of ScenarioPractice).</summary>
public static class PracticeTopology
{
    /// <summary>Where the scenario's practice puts the anchors: those it deploys, on the access routers or not, then those it adds.</summary>
    public static AnchorPlacement AnchorPlacementOf(Scenario scenario) =>
        new(scenario.PracticeAnchors, scenario.Practice.AnchorsAtAccessRouters(scenario.PracticeSettings), scenario.AdditionalAnchors)
        {
            RegionalGroups = scenario.Practice.AdditionalAnchorGroups(scenario.PracticeSettings),
        };

    /// <summary>The grid, with the anchors placed where the practice puts them.</summary>
    public static NetworkTopology Of(Scenario s) =>
        GridLayout.Build(s.AccessRouters, AnchorPlacementOf(s), s.Correspondents, s.Seed, s.HopDelay, s.AnchorLinkDelay,
            s.CorrespondentLinkDelay, s.RadioDelay);
}
