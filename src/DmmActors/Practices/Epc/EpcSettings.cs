using DmmActors.Addressing;
using DmmActors.Configuration;
using DmmActors.Scenarios;

namespace DmmActors.Practices.Epc;

/// <summary>
/// dmm.scenario.epc: the SGWs spread over the grid, the tracking areas (squares of eNBs), the DNS's
/// answer time, how many PDN connections a PGW and an SGW take before they refuse with "No
/// resources available" (TS 29.274 §8.4, cause 73; 0 for no limit), under LIPA how many L-GWs
/// the HeNBs are grouped under, the share of neighbouring eNBs with an X2 interface and how long
/// before a UE leaves its cell its measurement report reaches the eNB; with the practice's breakout.
/// </summary>
public sealed record EpcSettings(int Sgws, int TrackingAreaSide, ModelTime DnsDelay, int PgwSessions, int SgwSessions, int LocalGateways,
    LocalBreakout Breakout) : PracticeSettings
{
    public double X2Share { get; init; } = 1;
    public ModelTime MeasurementLead { get; init; }

    public static EpcSettings Of(Scenario scenario) => (EpcSettings)scenario.PracticeSettings!;

    public static EpcSettings Read(ScenarioKeys keys, int accessRouters, LocalBreakout breakout) => new(
        keys.Int("epc.sgws", 1, Math.Min(accessRouters, Prefix64.MaxAnchors)),
        keys.Int("epc.tracking-area-side", 1, 64),
        keys.Duration("epc.dns-delay", ModelTime.Zero, ModelTime.FromSeconds(1)),
        keys.Int("epc.pgw-sessions", 0, int.MaxValue),
        keys.Int("epc.sgw-sessions", 0, int.MaxValue),
        keys.Int("epc.local-gateways", 1, Prefix64.MaxAnchors),
        breakout)
    {
        X2Share = keys.Fraction("epc.x2-share", 0, 1),
        MeasurementLead = keys.Duration("epc.measurement-lead", ModelTime.Zero, ModelTime.FromSeconds(10)),
    };
}
