namespace DmmActors.Practices.Pmipv6MultiLma;

/// <summary>
/// PMIPv6 with several LMAs, each node kept for the whole run at the LMA nearest its first MAG
/// (draft §4.2.2, Figure 4).
/// </summary>
public sealed class Pmipv6MultiLmaPractice : NetworkBasedPractice
{
    public override string Name => "pmipv6-multi-lma";
    public override string Title => "Proxy Mobile IPv6, several LMAs, nearest at first attach";
    public override string Reference => "RFC 5213; draft §4.2.2, Figure 4";
    public override int CatalogueOrder => 20;
}
