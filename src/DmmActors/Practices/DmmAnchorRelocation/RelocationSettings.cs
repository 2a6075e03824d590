using DmmActors.Addressing;
using DmmActors.Configuration;
using DmmActors.Scenarios;

namespace DmmActors.Practices.DmmAnchorRelocation;

/// <summary>What triggers an anchor relocation (draft §5.1: the current anchor initiates it).</summary>
public enum RelocationTrigger
{
    None,
    /// <summary>The anchor moves a binding whose care-of address is more than <see cref="RelocationSettings.MaxHops"/> away.</summary>
    Distance,
    /// <summary>The anchor moves bindings away while it holds more than its capacity.</summary>
    Load,
}

/// <summary>
/// dmm.scenario.relocation: anchors' capabilities where they sit on the access routers, and
/// when they hand a binding context on.
/// </summary>
/// <param name="MulticastContext">RFC 7411 §3: the node's subscriptions travel with its context in the HAck.</param>
/// <param name="BufferPackets">The packets a MAAR holds for a node that left, per handover, until its next MAAR asks for its context (RFC 5949 §4.2).</param>
/// <param name="ForwardingLifetime">How long the previous MAAR then forwards to the next one.</param>
public sealed record RelocationSettings(RelocationTrigger Trigger, int MaxHops, int Capacity, int AdvertisementRadius, bool MulticastContext = true,
    int BufferPackets = 0, ModelTime ForwardingLifetime = default) : PracticeSettings
{
    public static readonly RelocationSettings Off = new(RelocationTrigger.None, 0, 0, 0);

    /// <summary>With no capacity set, load never limits an anchor and no advertisement is sent.</summary>
    public bool Unlimited => Capacity == 0;

    public static RelocationSettings Of(Scenario scenario) => scenario.PracticeSettings as RelocationSettings ?? Off;

    public static RelocationSettings Read(ScenarioKeys keys) => new(
        keys.Enum<RelocationTrigger>("relocation.trigger"),
        keys.Int("relocation.max-hops", 1, 10_000),
        keys.Int("relocation.capacity", 0, 10_000_000),
        keys.Int("relocation.advertisement-radius", 0, 64),
        keys.Bool("relocation.multicast-context"),
        keys.Int("relocation.buffer-packets", 0, 100_000),
        keys.Duration("relocation.forwarding-lifetime", ModelTime.FromSeconds(1), ModelTime.FromSeconds(3600)));
}
