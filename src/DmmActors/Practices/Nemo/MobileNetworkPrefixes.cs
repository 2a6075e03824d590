using DmmActors.Addressing;

namespace DmmActors.Practices.Nemo;

/// <summary>
/// The mobile network prefixes a home agent delegates, one per mobile router it serves
/// (RFC 3963 §6.1): from the upper half of its pool, whose lower half holds the home
/// prefixes, so that the subnet names the router as it names a home prefix's node.
/// </summary>
public static class MobileNetworkPrefixes
{
    const int FirstSubnet = Prefix64.MaxSubnets / 2;

    /// <summary>The mobile routers a home agent's pool has room for: its home prefixes keep the lower half.</summary>
    public const int MaxRouters = FirstSubnet;

    public static Prefix64 Of(int homeAgent, MnIdentifier router) => Prefix64.Delegated(homeAgent, FirstSubnet + router.Index);

    /// <summary>Whether <paramref name="prefix"/> is a mobile network prefix of its pool, and whose.</summary>
    public static bool IsMobileNetworkPrefix(Prefix64 prefix, out MnIdentifier router)
    {
        var subnet = (int)(prefix.Bits & (Prefix64.MaxSubnets - 1));
        router = new MnIdentifier(subnet - FirstSubnet);
        return subnet >= FirstSubnet;
    }
}
