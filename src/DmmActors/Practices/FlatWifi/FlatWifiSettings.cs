using DmmActors.Configuration;
using DmmActors.Scenarios;

namespace DmmActors.Practices.FlatWifi;

/// <summary>What the flat Wi-Fi network offers a node that moves (draft §4.2).</summary>
public enum FlatMobility
{
    /// <summary>None: each access router gives the nodes on its link an address of its own, and a node that moves takes a new one.</summary>
    None,
    /// <summary>PMIPv6 from the access router (RFC 5213): the router is a MAG, the access aggregation gateway the LMA.</summary>
    ProxyMobileIpv6,
}

/// <summary>dmm.scenario.flat-wifi: the mobility support of the flat network.</summary>
public sealed record FlatWifiSettings(FlatMobility Mobility) : PracticeSettings
{
    public const string MobilityKey = "flat-wifi.mobility";

    public static FlatWifiSettings Of(Scenario scenario) => (FlatWifiSettings)scenario.PracticeSettings!;

    public static FlatWifiSettings Read(ScenarioKeys keys) => new(keys.Enum<FlatMobility>(MobilityKey));

    public static FlatMobility MobilityOf(PracticeSettings? settings) => ((FlatWifiSettings)settings!).Mobility;
}
