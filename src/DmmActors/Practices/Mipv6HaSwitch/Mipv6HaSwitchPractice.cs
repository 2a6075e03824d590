using DmmActors.Configuration;
using DmmActors.Functions;
using DmmActors.Protocol;
using DmmActors.Scenarios;

namespace DmmActors.Practices.Mipv6HaSwitch;

/// <summary>
/// MIPv6 with home agent switch (RFC 5142; draft §4.2.1): each node starts at the home agent
/// nearest its first link, as in mipv6-bt; a home agent that another is nearer to the node, or
/// that binds more than anchors.switch-load-threshold nodes, sends it a Home Agent Switch, and a
/// node none of whose sessions needs its address registers a new home address with the one named.
/// </summary>
public sealed class Mipv6HaSwitchPractice : HostBasedPractice
{
    public override string Name => "mipv6-ha-switch";
    public override string Title => "Mobile IPv6, several HAs, home agent switch";
    public override string Reference => "RFC 5142 §4, §5; RFC 6275; draft §4.2.1";
    public override int CatalogueOrder => 33;

    public override PracticeSettings? ReadSettings(ScenarioKeys keys, Scenario core) => SwitchSettings.Read(keys);

    public override void RefuseUnderAnotherPractice(Scenario scenario, ScenarioKeys keys, string source)
    {
        if (keys.Int(SwitchSettings.LoadThresholdKey, 0, int.MaxValue) != 0)
            throw new InputError($"{source}: {ScenarioKeys.Root}.{SwitchSettings.LoadThresholdKey} needs practice {Name}: no other practice switches home agents");
    }

    public override IReadOnlyList<string> KeysOffUnderAnotherPractice => [$"{SwitchSettings.LoadThresholdKey} = 0"];

    public override MobileNodeParts Compose(IMobileNodeHost node) => new(new SwitchingLocationClient(node), ConnectionManager);

    public override IEnumerable<IAnchorComponent> AnchorComponents(IAnchorHost anchor) => [new HomeAgentSwitching(anchor)];

    /// <summary>A node that switched is bound at a home agent its policy does not name.</summary>
    public override bool PolicyNamesTheAnchor => false;

    static readonly IReadOnlySet<SignalType> AllSignalling = HostSignallingAnd(SignalType.HomeAgentSwitch);

    public override IReadOnlySet<SignalType> Signals => AllSignalling;
}
