using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Functions;
using static DmmActors.Functions.MobilityFunction;

namespace DmmActors.Practices;

/// <summary>
/// What the PMIPv6 practices share (RFC 5213): the anchor hosts AF, LMs and FM, the access
/// router is a MAG that registers its nodes (LMc and FM), and the node itself signals nothing.
/// </summary>
public abstract class NetworkBasedPractice : Practice
{
    public override Signalling Signalling => Signalling.NetworkBased;

    public override IReadOnlyDictionary<NodeKind, MobilityFunction> Placement { get; } = new Dictionary<NodeKind, MobilityFunction>
    {
        [NodeKind.Anchor] = Anchoring | LocationServer | Forwarding,
        [NodeKind.AccessRouter] = LocationClient | Forwarding,
        [NodeKind.MobileNode] = None,
        [NodeKind.Correspondent] = None,
    };

    public override INetworkLocationClient? AccessRouterLocationClient(RunContext run, int router, Action<TimeSpan, object>? scheduleToSelf) =>
        new ProxyLocationClient(run, router, scheduleToSelf);

    /// <summary>RFC 5213 §6.9.4: a MAG sends a registration refused with 130 again, backing off.</summary>
    public override bool ClientsBackOff => true;
}
