namespace DmmActors.Practices.Mipv6Bt;

/// <summary>
/// MIPv6 in bidirectional-tunnel mode with several HAs, each node's the one nearest its first
/// access router (RFC 6275; draft §4.2.1, Figure 2).
/// </summary>
public sealed class Mipv6BtPractice : HostBasedPractice
{
    public override string Name => "mipv6-bt";
    public override string Title => "Mobile IPv6, bidirectional tunnelling, several HAs";
    public override string Reference => "RFC 6275 §10.4.1, §11.3.1; draft §4.2.1, Figure 2";
    public override int CatalogueOrder => 30;
}
