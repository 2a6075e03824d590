using DmmActors.Addressing;
using DmmActors.Emulation;
using DmmActors.Functions;
using static DmmActors.Functions.MobilityFunction;

namespace DmmActors.Practices;

/// <summary>
/// What the MIPv6 practices share (RFC 6275): the home agent hosts AF, LMs and FM, the node
/// registers itself (LMc and FM), and the access router only advertises its prefix.
/// </summary>
public abstract class HostBasedPractice : Practice
{
    public override Signalling Signalling => Signalling.HostBased;

    public override IReadOnlyDictionary<NodeKind, MobilityFunction> Placement { get; } = new Dictionary<NodeKind, MobilityFunction>
    {
        [NodeKind.Anchor] = Anchoring | LocationServer | Forwarding,
        [NodeKind.AccessRouter] = None,
        [NodeKind.MobileNode] = LocationClient | Forwarding,
        [NodeKind.Correspondent] = None,
    };

    /// <summary>The node backs off from a BA with 130 and sends its BU again (RFC 6275 §11.7.3, §11.8), so a home agent or MAP may shed load.</summary>
    public override bool ClientsBackOff => true;

    /// <summary>RFC 6275 §11.7.1: home registration with the home agent its policy names.</summary>
    public override IHostLocationClient? MobileNodeLocationClient(RunContext run, MnIdentifier mn, Action<TimeSpan, object>? scheduleToSelf) =>
        new HostLocationClient(run, mn, scheduleToSelf);
}
