using DmmActors.Addressing;
using DmmActors.Configuration;
using DmmActors.Scenarios;

namespace DmmActors.Practices.DmmCpDpSplit;

/// <summary>When the CMD answers the serving MAAR's PBU (RFC 8885 §3.2, §3.4).</summary>
public enum CmdMode
{
    /// <summary>§3.2: after every MAAR anchoring one of the node's prefixes has answered the PBU sent on to it.</summary>
    Relay,
    /// <summary>§3.4: at once, with what its binding cache holds; the anchoring MAARs are told in parallel.</summary>
    Proxy,
}

/// <summary>dmm.scenario.cp-dp-split and anchors.programming-delay: the split control plane's mode and its data plane's programming time.</summary>
public sealed record CpDpSplitSettings(CmdMode Mode, ModelTime ProgrammingDelay) : PracticeSettings
{
    public const string ModeKey = "cp-dp-split.cmd-mode", ProgrammingDelayKey = "anchors.programming-delay";

    public static CpDpSplitSettings Of(Scenario scenario) => (CpDpSplitSettings)scenario.PracticeSettings!;

    public static CpDpSplitSettings Read(ScenarioKeys keys) =>
        new(keys.Enum<CmdMode>(ModeKey), keys.Duration(ProgrammingDelayKey, ModelTime.Zero, ModelTime.FromSeconds(1)));
}
