using DmmActors.Topology;

namespace DmmActors.Practices.Hmipv6;

/// <summary>
/// The MAPs an access router's domain holds: those whose site is within the domain radius of
/// it, with the grid hops to each. How far a domain reaches is the operator's configuration,
/// which RFC 5380 does not fix. What the router advertises and what the scenario check refuses
/// both come from here.
/// </summary>
public static class MapDomain
{
    public static IEnumerable<(int Map, int Hops)> Of(NetworkTopology topology, int router, int radius) =>
        Enumerable.Range(topology.FirstRegionalAnchor, topology.RegionalAnchors)
            .Select(map => (Map: map, topology.RouterToRouter(router, topology.AnchorSites[map]).Hops))
            .Where(m => m.Hops <= radius);
}
