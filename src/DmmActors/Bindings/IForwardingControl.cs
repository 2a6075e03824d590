using DmmActors.Addressing;

namespace DmmActors.Bindings;

/// <summary>
/// FM-CP (RFC 7429 §3.3; draft §3.3): the forwarding state that control signalling sets up
/// and tears down, as the data plane reads it. Kept apart from the data plane (Functions.TunnelForwarding)
/// so a practice that splits control and data planes can put them on different nodes.
/// </summary>
public interface IForwardingControl
{
    /// <summary>Where packets for <paramref name="prefix"/> go at <paramref name="at"/>: the care-of access router, if a route is up.</summary>
    bool TryRoute(Prefix64 prefix, ModelTime at, out int careOf);
}
