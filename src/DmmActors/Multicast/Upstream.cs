namespace DmmActors.Multicast;

/// <summary>
/// An upstream interface of an access router's MLD proxy: the router it leads to (an anchor,
/// the MTMA, or the local multicast router) and the tunnel (-1: the access router's shared
/// tunnel; a node's index: that node's own tunnel, as MIPv6 home subscription has it).
/// </summary>
public readonly record struct Upstream(int Router, int Tunnel)
{
    public const int MtmaRouter = -1, LocalRouter = -2, SharedTunnel = -1;

    /// <summary>RFC 7028 §3.1: the multicast tree mobility anchor.</summary>
    public static Upstream Mtma => new(MtmaRouter, SharedTunnel);

    /// <summary>RFC 7028 §3.2: a multicast router on the access router's own network, no tunnel.</summary>
    public static Upstream Local => new(LocalRouter, SharedTunnel);

    public static Upstream Anchor(int anchor) => new(anchor, SharedTunnel);
}
