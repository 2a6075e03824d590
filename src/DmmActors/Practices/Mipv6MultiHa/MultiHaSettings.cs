using DmmActors.Configuration;
using DmmActors.Scenarios;

namespace DmmActors.Practices.Mipv6MultiHa;

/// <summary>
/// dmm.scenario.mobility.new-home-address-per-attachment: whether a node takes a new home address
/// from the home agent nearest each later attachment, for its new sessions (draft §4.1, assumption 4).
/// </summary>
public sealed record MultiHaSettings(bool NewHomeAddressPerAttachment) : PracticeSettings
{
    public const string NewHomeAddressKey = "mobility.new-home-address-per-attachment";

    public static MultiHaSettings Of(Scenario scenario) => (MultiHaSettings)scenario.PracticeSettings!;

    public static MultiHaSettings Read(ScenarioKeys keys) => new(keys.Bool(NewHomeAddressKey));
}
