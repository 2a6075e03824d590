using DmmActors.Addressing;
using DmmActors.Configuration;
using DmmActors.Scenarios;

namespace DmmActors.Practices.Pmipv6RuntimeLma;

/// <summary>How the LMA first contacted (rfLMA) picks the LMA it assigns a node to (RFC 6463 §5.3 leaves the choice to it).</summary>
public enum LmaAssignment
{
    /// <summary>The LMA with the fewest sessions in use, as their Load Information options last said (RFC 6463 §4.3).</summary>
    Load,
    /// <summary>The LMA nearest the MAG, by the domain's topology.</summary>
    Distance,
}

/// <summary>How a MAG finds the first LMA for an attaching node (RFC 6097 §2, §3).</summary>
public enum LmaDiscoveryMode
{
    /// <summary>The LMA configured on the MAG: the one nearest it.</summary>
    Configuration,
    /// <summary>The node's policy profile from AAA or an FQDN from DNS (RFC 6097 §2): an LMA by the node's identifier, after discovery-delay.</summary>
    Lookup,
}

/// <summary>dmm.scenario.anchors: pmipv6-runtime-lma's assignment and discovery.</summary>
public sealed record RuntimeLmaSettings(LmaAssignment Assignment, LmaDiscoveryMode Discovery, ModelTime DiscoveryDelay) : PracticeSettings
{
    public const string AssignmentKey = "anchors.assignment", DiscoveryKey = "anchors.discovery", DiscoveryDelayKey = "anchors.discovery-delay";

    public static RuntimeLmaSettings Of(Scenario scenario) => (RuntimeLmaSettings)scenario.PracticeSettings!;

    public static RuntimeLmaSettings Read(ScenarioKeys keys) => new(keys.Enum<LmaAssignment>(AssignmentKey), keys.Enum<LmaDiscoveryMode>(DiscoveryKey),
        keys.Duration(DiscoveryDelayKey, ModelTime.Zero, ModelTime.FromSeconds(10)));

    /// <summary>The model time a MAG waits for the first LMA's address: a lookup's, none where it is configured.</summary>
    public ModelTime LookupDelay => Discovery == LmaDiscoveryMode.Lookup ? DiscoveryDelay : ModelTime.Zero;
}
