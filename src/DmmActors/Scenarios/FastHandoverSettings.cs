using DmmActors.Addressing;
using DmmActors.Configuration;

namespace DmmActors.Scenarios;

/// <summary>RFC 5568 §3.2: predictive, the handover prepared from the old link; reactive, from the new one.</summary>
public enum FastHandoverMode
{
    Predictive,
    Reactive,
}

/// <summary>How a previous access router finds the new one behind an access point (RFC 5568 §4).</summary>
public enum NeighbourResolution
{
    /// <summary>A neighbour list configured with each router's grid neighbours: every lookup hits.</summary>
    Configured,
    /// <summary>None configured: each router resolves a neighbour the first time by CARD (RFC 4066 §4), paying <see cref="FastHandoverSettings.CardDelay"/>, then keeps it.</summary>
    Card,
}

/// <summary>
/// dmm.scenario.fast-handover, read by the practices with fast handovers (fmipv6, pfmipv6): the mode, how
/// long before its link goes down a node's link layer warns it, the packets a router holds per
/// node, the tunnel's lifetime (the FBU's, in its 4-second units), and the neighbour resolution.
/// </summary>
public sealed record FastHandoverSettings(FastHandoverMode Mode, ModelTime Anticipation, int BufferPackets, ushort TunnelLifetimeUnits,
    NeighbourResolution Neighbours, ModelTime CardDelay) : PracticeSettings
{
    public const string ModeKey = "fast-handover.mode";

    public static FastHandoverSettings Of(Scenario scenario) => (FastHandoverSettings)scenario.PracticeSettings!;

    /// <summary>RFC 6275 §6.1.7: the lifetime field counts 4-second units.</summary>
    public ModelTime TunnelLifetime => ModelTime.FromSeconds(TunnelLifetimeUnits * 4);

    public static FastHandoverSettings Read(ScenarioKeys keys) => new(
        keys.Enum<FastHandoverMode>(ModeKey),
        keys.Duration("fast-handover.anticipation", ModelTime.Zero, ModelTime.FromSeconds(10)),
        keys.Int("fast-handover.buffer-packets", 0, 100_000),
        (ushort)Math.Ceiling(keys.Duration("fast-handover.tunnel-lifetime", ModelTime.FromSeconds(4), ModelTime.FromSeconds(4 * ushort.MaxValue)).Microseconds / 4e6),
        keys.Enum<NeighbourResolution>("fast-handover.neighbours"),
        keys.Duration("fast-handover.card-delay", ModelTime.Zero, ModelTime.FromSeconds(10)));
}
