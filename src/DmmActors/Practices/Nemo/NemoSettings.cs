using DmmActors.Configuration;
using DmmActors.Scenarios;

namespace DmmActors.Practices.Nemo;

/// <summary>
/// dmm.scenario.nemo: each mobile node of the scenario is a mobile router (RFC 3963 §1) with
/// <see cref="NodesBehindRouter"/> nodes on the network behind it, which never signal.
/// </summary>
public sealed record NemoSettings(int NodesBehindRouter) : PracticeSettings
{
    public const int MaxNodesBehindRouter = 10_000;

    public static NemoSettings Of(Scenario scenario) => (NemoSettings)scenario.PracticeSettings!;

    public static NemoSettings Read(ScenarioKeys keys) => new(keys.Int("nemo.nodes-behind-router", 1, MaxNodesBehindRouter));
}
