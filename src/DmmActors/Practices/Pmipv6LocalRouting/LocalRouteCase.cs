using DmmActors.Metrics;

namespace DmmActors.Practices.Pmipv6LocalRouting;

/// <summary>The counters of each of RFC 6705's cases: routes set up, and LRIs and LRAs sent.</summary>
static class LocalRouteCase
{
    public static Counter SetUp(PeerCase c) => c switch
    {
        PeerCase.A11 => Counter.LocalRoutesA11,
        PeerCase.A12 => Counter.LocalRoutesA12,
        _ => Counter.LocalRoutesA21,
    };

    public static Counter Messages(PeerCase c) => c switch
    {
        PeerCase.A11 => Counter.LocalRoutingMessagesA11,
        PeerCase.A12 => Counter.LocalRoutingMessagesA12,
        _ => Counter.LocalRoutingMessagesA21,
    };
}
