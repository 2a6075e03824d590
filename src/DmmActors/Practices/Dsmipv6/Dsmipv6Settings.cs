using DmmActors.Configuration;
using DmmActors.Scenarios;

namespace DmmActors.Practices.Dsmipv6;

/// <summary>
/// dmm.scenario.traffic.ipv4-share: the share of nodes that roam IPv4-only access networks and
/// run their sessions on an IPv4 home address (RFC 5555 §1); dmm.scenario.topology.nat-share: the
/// share of access routers whose IPv4 network reaches the home agents through a NAT (§4.1).
/// Both spread evenly over the indices, so the same scenario picks the same nodes and routers.
/// </summary>
public sealed record Dsmipv6Settings(double Ipv4Share, double NatShare) : PracticeSettings
{
    public const string Ipv4ShareKey = "traffic.ipv4-share", NatShareKey = "topology.nat-share";

    public static Dsmipv6Settings Of(Scenario scenario) => (Dsmipv6Settings)scenario.PracticeSettings!;

    public static Dsmipv6Settings Read(ScenarioKeys keys) => new(keys.Fraction(Ipv4ShareKey, 0, 1), keys.Fraction(NatShareKey, 0, 1));

    public bool IsIpv4Node(Addressing.MnIdentifier mn) => Spread(mn.Index, Ipv4Share);

    public bool BehindNat(int accessRouter) => Spread(accessRouter, NatShare);

    /// <summary>Index i is among a share s of 0, 1, 2, … when ⌊(i+1)s⌋ passes ⌊is⌋: exactly ⌊ns⌋ of the first n, evenly apart.</summary>
    static bool Spread(int index, double share) => Math.Floor((index + 1) * share) > Math.Floor(index * share);
}
