using DmmActors.Addressing;
using DmmActors.Configuration;
using DmmActors.Scenarios;

namespace DmmActors.Practices.Pmipv6LocalRouting;

/// <summary>dmm.scenario.local-routing: the lifetime an LRI asks for (RFC 6705 §10.1, in seconds).</summary>
public sealed record LocalRoutingSettings(ModelTime Lifetime) : PracticeSettings
{
    public const string LifetimeKey = "local-routing.lifetime";

    public static LocalRoutingSettings Of(Scenario scenario) => (LocalRoutingSettings)scenario.PracticeSettings!;

    /// <summary>Whole seconds, as the LRI's Lifetime field holds them, from 1 s up to 0xfffe (0xffff is infinite, §10.1).</summary>
    public static LocalRoutingSettings Read(ScenarioKeys keys) => new(keys.WholeSeconds(LifetimeKey, ModelTime.FromSeconds(1), ModelTime.FromSeconds(0xfffe)));

    public ushort LifetimeSeconds => (ushort)Lifetime.Seconds;
}
