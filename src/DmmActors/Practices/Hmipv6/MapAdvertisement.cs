using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Protocol;

namespace DmmActors.Practices.Hmipv6;

/// <summary>
/// The MAP options an access router advertises (RFC 5380 §5, §7): one for every MAP whose
/// site is within the domain radius, Dist being the hops to it counting the MAP's own link (a
/// MAP hanging off this very router is 1 away). Every MAP is fully available (Pref 15) for as
/// long as a binding may last. Built once per router: every RA it sends carries the same.
/// </summary>
public sealed class MapAdvertisement(RunContext run, int router) : IRouterAdvertisementOptions
{
    /// <summary>RFC 5380 §5: the highest preference, a MAP with all its capacity free.</summary>
    const byte FullyAvailable = 15;

    public IReadOnlyList<MapOption> Maps { get; } = MapDomain.Of(run.Topology, router, MapSettings.Of(run.Scenario).DomainRadius)
        .Select(m => new MapOption(m.Map, (byte)(m.Hops + 1), FullyAvailable, run.Scenario.MaxBindingLifetime))
        .ToArray();
}
