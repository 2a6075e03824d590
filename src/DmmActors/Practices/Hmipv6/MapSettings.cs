using DmmActors.Addressing;
using DmmActors.Configuration;
using DmmActors.Scenarios;

namespace DmmActors.Practices.Hmipv6;

/// <summary>
/// dmm.scenario.hmipv6: where the mobility anchor points stand (RFC 5380 §3): <see cref="Count"/>
/// MAPs spread over the grid, each advertised by the access routers within <see cref="DomainRadius"/> hops.
/// </summary>
public sealed record MapSettings(int Count, int DomainRadius) : PracticeSettings
{
    /// <summary>The MAP option's Dist field is 4 bits and never 0 (RFC 5380 §5): a MAP at most 14 hops off its site's router.</summary>
    public const int MaxDomainRadius = 14;

    public static MapSettings Of(Scenario scenario) => (MapSettings)scenario.PracticeSettings!;

    /// <summary>A MAP is an anchor with a pool of its own (Prefix64), each hanging off one access router.</summary>
    public static MapSettings Read(ScenarioKeys keys, int accessRouters) => new(
        keys.Int("hmipv6.maps", 1, Math.Min(accessRouters, Prefix64.MaxAnchors)),
        keys.Int("hmipv6.domain-radius", 1, MaxDomainRadius));
}
