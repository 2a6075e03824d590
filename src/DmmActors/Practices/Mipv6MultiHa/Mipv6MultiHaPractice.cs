using DmmActors.Configuration;
using DmmActors.Functions;
using DmmActors.Protocol;
using DmmActors.Scenarios;

namespace DmmActors.Practices.Mipv6MultiHa;

/// <summary>
/// MIPv6 with several home agents found by dynamic home agent address discovery (RFC 6275
/// §10.5, §11.4.1; draft §4.2.1, Figure 3): no node is told its home agent; each asks the
/// Home-Agents anycast address on its first link, and registers with the first agent of the
/// reply, the nearest to that link. A home agent serves any node whose home address is on its pool.
/// With mobility.new-home-address-per-attachment, a node asks again at each later attachment and
/// takes a new home address where the nearest home agent is another (draft §4.1, assumption 4).
/// </summary>
public sealed class Mipv6MultiHaPractice : HostBasedPractice
{
    public override string Name => "mipv6-multi-ha";
    public override string Title => "Mobile IPv6, several HAs found by DHAAD";
    public override string Reference => "RFC 6275 §10.5, §11.4.1, §6.5, §6.6; RFC 2526; draft §4.2.1, Figure 3";
    public override int CatalogueOrder => 32;

    public override PracticeSettings? ReadSettings(ScenarioKeys keys, Scenario core) => MultiHaSettings.Read(keys);

    public override void RefuseUnderAnotherPractice(Scenario scenario, ScenarioKeys keys, string source)
    {
        if (keys.Bool(MultiHaSettings.NewHomeAddressKey))
            throw new InputError($"{source}: {ScenarioKeys.Root}.{MultiHaSettings.NewHomeAddressKey} = on needs practice {Name}: no other practice takes a new home address per attachment");
    }

    public override IReadOnlyList<string> KeysOffUnderAnotherPractice => [$"{MultiHaSettings.NewHomeAddressKey} = off"];

    /// <summary>`dmm compare` shows what a new home address per attachment buys beside the one home address of the walk.</summary>
    public override IReadOnlyList<CompareVariant> CompareVariants =>
        [new CompareVariant($"{Name}+new-home-address", [$"{MultiHaSettings.NewHomeAddressKey} = on"], WithMulticastOnly: false)];

    public override MobileNodeParts Compose(IMobileNodeHost node) =>
        new(new DiscoveringLocationClient(node, MultiHaSettings.Of(node.Run.Scenario).NewHomeAddressPerAttachment), ConnectionManager);

    /// <summary>With a new home address per attachment, one binding per home address still in use: at least the newest.</summary>
    public override bool BoundAsExpected(int activeBindings, PracticeSettings? settings) =>
        ((MultiHaSettings?)settings)?.NewHomeAddressPerAttachment == true ? activeBindings >= 1 : activeBindings == 1;

    public override IEnumerable<IAnchorComponent> AnchorComponents(IAnchorHost anchor) => [new HomeAgentDiscovery(anchor)];

    public override bool PolicyNamesTheAnchor => false;

    static readonly IReadOnlySet<SignalType> AllSignalling =
        HostSignallingAnd(SignalType.HomeAgentAddressDiscoveryRequest, SignalType.HomeAgentAddressDiscoveryReply);

    public override IReadOnlySet<SignalType> Signals => AllSignalling;
}
