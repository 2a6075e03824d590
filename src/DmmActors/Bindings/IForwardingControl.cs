using DmmActors.Addressing;

namespace DmmActors.Bindings;

/// <summary>
/// FM-CP (RFC 7429 §3.3; draft §3.3): the forwarding state that control signalling sets up
/// and tears down, as the data plane reads it. Kept apart from the data plane (Functions.TunnelForwarding)
/// so a practice that splits control and data planes can put them on different nodes.
/// </summary>
public interface IForwardingControl
{
    /// <summary>Where what is tunnelled for <paramref name="prefix"/> goes at <paramref name="at"/>, by the binding as it is now: the care-of access router, if a route is up.</summary>
    bool TryRoute(Prefix64 prefix, ModelTime at, out int careOf);

    /// <summary>
    /// Where a data packet that reached the anchor at <paramref name="at"/> went: by the binding as
    /// it stood at that moment, which a packet sent while its node moved may find superseded since.
    /// </summary>
    bool TryRouteAsOf(Prefix64 prefix, ModelTime at, out int careOf);
}
