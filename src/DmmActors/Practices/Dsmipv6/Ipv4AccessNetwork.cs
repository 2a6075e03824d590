using DmmActors.Addressing;
using DmmActors.Protocol;

namespace DmmActors.Practices.Dsmipv6;

/// <summary>
/// An access router's IPv4-only network as a node on it sees it, and the NAT between it and the
/// home agents where there is one: the care-of address its DHCP hands out (private behind a NAT,
/// the provider's own otherwise), and what the NAT makes of a packet's source on its way out
/// (RFC 5555 §4.1). The node knows only the address it was given; the home agent only what arrives.
/// </summary>
public static class Ipv4AccessNetwork
{
    /// <summary>
    /// A packet the node sends from UDP port 4191 of the address the network gave it, as it reaches the
    /// home agent: the NAT, where there is one, rewrites the source to its public address and a port of its own.
    /// </summary>
    public static Ipv4Transport Leaving(Dsmipv6Settings settings, int accessRouter, MnIdentifier mn) =>
        settings.BehindNat(accessRouter)
            ? new Ipv4Transport(NodeAddresses.Ipv4PrivateCareOf(mn), NodeAddresses.NatPublic(accessRouter), NodeAddresses.NatPort(mn))
            : new Ipv4Transport(NodeAddresses.Ipv4CareOf(accessRouter, mn), NodeAddresses.Ipv4CareOf(accessRouter, mn), NodeAddresses.Dsmipv6Port);
}
