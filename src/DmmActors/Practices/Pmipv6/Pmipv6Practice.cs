using DmmActors.Scenarios;

namespace DmmActors.Practices.Pmipv6;

/// <summary>Centralised PMIPv6: one LMA, many MAGs (RFC 5213; draft §4.2.2, Figure 3).</summary>
public sealed class Pmipv6Practice : NetworkBasedPractice
{
    public override string Name => "pmipv6";
    public override string Title => "Proxy Mobile IPv6, one central LMA";
    public override string Reference => "RFC 5213; draft §4.2.2";
    public override int CatalogueOrder => 10;

    /// <summary>One anchor for every node, placed at the centre of the topology.</summary>
    public override int AnchorCount(int requested, int accessRouters, PracticeSettings? settings) => 1;
}
