using DmmActors.Configuration;
using DmmActors.Scenarios;

namespace DmmActors.Practices.Mipv6HaSwitch;

/// <summary>
/// dmm.scenario.anchors: a home agent asks a node to switch (RFC 5142) when another home agent is
/// nearer the node's care-of address, or once it binds more than <see cref="LoadThreshold"/>
/// nodes (0: on distance alone).
/// </summary>
public sealed record SwitchSettings(int LoadThreshold) : PracticeSettings
{
    public const string LoadThresholdKey = "anchors.switch-load-threshold";

    public static SwitchSettings Of(Scenario scenario) => (SwitchSettings)scenario.PracticeSettings!;

    public static SwitchSettings Read(ScenarioKeys keys) => new(keys.Int(LoadThresholdKey, 0, int.MaxValue));
}
