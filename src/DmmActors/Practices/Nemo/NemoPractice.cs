using DmmActors.Addressing;
using DmmActors.Configuration;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Scenarios;

namespace DmmActors.Practices.Nemo;

/// <summary>
/// NEMO basic support (RFC 3963; draft §4.2.1): each mobile node is a mobile router with a
/// network of nodes behind it that never signal. The router registers its home address and,
/// with the R flag, its mobile network prefix with its home agent (explicit mode, §5.1); the
/// network's packets go through the router–home agent bidirectional tunnel both ways.
/// </summary>
public sealed class NemoPractice : HostBasedPractice
{
    public override string Name => "nemo";
    public override string Title => "NEMO basic support, mobile routers and the nodes behind them";
    public override string Reference => "RFC 3963 §4–§6; RFC 6275; draft §4.2.1";
    public override int CatalogueOrder => 40;

    public override string RoleOf(NodeKind kind) => kind == NodeKind.MobileNode ? "MR" : base.RoleOf(kind);

    public override PracticeSettings? ReadSettings(ScenarioKeys keys, Scenario core) => NemoSettings.Read(keys);

    public override void Validate(Scenario scenario, string source)
    {
        if (scenario.MobileNodes > MobileNetworkPrefixes.MaxRouters)
            throw new InputError($"{source}: {ScenarioKeys.Root}.mobile-nodes = {scenario.MobileNodes} is more mobile routers than a home agent's pool " +
                                 $"holds mobile network prefixes for (at most {MobileNetworkPrefixes.MaxRouters}, RFC 3963 §6.1)");
    }

    public override int NodesPerMobileNode(PracticeSettings? settings) => 1 + ((NemoSettings)settings!).NodesBehindRouter;

    public override IHostLocationClient? MobileNodeLocationClient(RunContext run, MnIdentifier mn, Action<TimeSpan, object>? scheduleToSelf) =>
        new HostLocationClient(run, mn, scheduleToSelf, MobileNetworkPrefixes.Of(run.Policy.AnchorOf(mn), mn));

    public override IEnumerable<IAnchorComponent> AnchorComponents(IAnchorHost anchor) => [new MobileRouterHomeAgent(anchor)];
}
