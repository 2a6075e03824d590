using DmmActors.Addressing;
using DmmActors.Configuration;
using DmmActors.Emulation;
using DmmActors.Functions;
using DmmActors.Scenarios;

namespace DmmActors.Practices.Dsmipv6;

/// <summary>
/// Dual-Stack Mobile IPv6 (RFC 5555; draft §4.2.1): MIPv6 with a bidirectional tunnel to the home
/// agent, as mipv6-bt, where a share of the nodes (traffic.ipv4-share) roam IPv4-only access
/// networks: they register from an IPv4 care-of address in UDP over IPv4, bind an IPv4 home
/// address beside their IPv6 one and run their sessions on it; where a NAT sits between their
/// network and the home agent (topology.nat-share) the home agent detects it and both ends
/// tunnel in UDP.
/// </summary>
public sealed class Dsmipv6Practice : HostBasedPractice
{
    public override string Name => "dsmipv6";
    public override string Title => "Dual-Stack Mobile IPv6, IPv4 home and care-of addresses, NAT traversal";
    public override string Reference => "RFC 5555 §3–§5; RFC 6275; draft §4.2.1";
    public override int CatalogueOrder => 45;

    public override PracticeSettings? ReadSettings(ScenarioKeys keys, Scenario core) => Dsmipv6Settings.Read(keys);

    public override void Validate(Scenario scenario, string source)
    {
        var settings = Dsmipv6Settings.Of(scenario);
        if (settings.Ipv4Share == 0) return;
        if (scenario.Traffic.MnToMnShare > 0)
            throw new InputError($"{source}: {ScenarioKeys.Root}.traffic.mn-to-mn-share = {scenario.Traffic.MnToMnShare} with {ScenarioKeys.Root}.{Dsmipv6Settings.Ipv4ShareKey} > 0: sessions between IPv4 nodes are not modelled; set one of them to 0");
        void AtMost(string key, int value, int max, string what)
        {
            if (value > max) throw new InputError($"{source}: {ScenarioKeys.Root}.{key} = {value} is more {what} than the emulator's IPv4 address plan numbers (at most {max})");
        }
        AtMost("mobile-nodes", scenario.MobileNodes, NodeAddresses.MaxIpv4HomeAddresses, "nodes with an IPv4 home address in 10.0.0.0/8");
        AtMost("topology.access-routers", scenario.AccessRouters, NodeAddresses.MaxIpv4AccessRouters, "IPv4 access networks");
        AtMost("topology.anchors", scenario.RequestedAnchors, NodeAddresses.MaxIpv4Infrastructure, "home agents with an IPv4 address");
        AtMost("topology.correspondents", scenario.Correspondents, NodeAddresses.MaxIpv4Infrastructure, "correspondents with an IPv4 address");
    }

    public override void RefuseUnderAnotherPractice(Scenario scenario, ScenarioKeys keys, string source)
    {
        foreach (var key in new[] { Dsmipv6Settings.Ipv4ShareKey, Dsmipv6Settings.NatShareKey })
            if (keys.Fraction(key, 0, 1) != 0)
                throw new InputError($"{source}: {ScenarioKeys.Root}.{key} needs practice {Name}: no other practice has IPv4 nodes or NATs");
    }

    public override IReadOnlyList<string> KeysOffUnderAnotherPractice => [$"{Dsmipv6Settings.Ipv4ShareKey} = 0", $"{Dsmipv6Settings.NatShareKey} = 0"];

    public override IHostLocationClient? MobileNodeLocationClient(RunContext run, MnIdentifier mn, Action<TimeSpan, object>? scheduleToSelf) =>
        new DualStackLocationClient(run, mn, scheduleToSelf);

    public override IEnumerable<IAnchorComponent> AnchorComponents(IAnchorHost anchor) => [new DualStackHomeAgent(anchor)];
}
