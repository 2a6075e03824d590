using DmmActors.Functions;
using static DmmActors.Functions.MobilityFunction;

namespace DmmActors.Practices;

public static class PracticeCatalog
{
    /// <summary>Centralised PMIPv6: one LMA, many MAGs (RFC 5213; draft §4.2.2, Figure 3).</summary>
    public static readonly Practice Pmipv6 = new(
        "pmipv6",
        "Proxy Mobile IPv6, one central LMA",
        "RFC 5213; draft §4.2.2",
        Signalling.NetworkBased,
        AnchorSelection.Central,
        new Dictionary<NodeKind, MobilityFunction>
        {
            [NodeKind.Anchor] = Anchoring | LocationServer | Forwarding,
            [NodeKind.AccessRouter] = LocationClient | Forwarding,
            [NodeKind.MobileNode] = None,
            [NodeKind.Correspondent] = None,
        });

    /// <summary>PMIPv6 with several LMAs, each node kept at the LMA nearest its first MAG (draft §4.2.2, Figure 4).</summary>
    public static readonly Practice Pmipv6MultiLma = Pmipv6 with
    {
        Name = "pmipv6-multi-lma",
        Title = "Proxy Mobile IPv6, several LMAs, nearest at first attach",
        Reference = "RFC 5213; draft §4.2.2, Figure 4",
        AnchorSelection = AnchorSelection.NearestAtFirstAttach,
    };

    /// <summary>MIPv6 in bidirectional-tunnel mode with several HAs (RFC 6275; draft §4.2.1, Figure 2).</summary>
    public static readonly Practice Mipv6Bidirectional = new(
        "mipv6-bt",
        "Mobile IPv6, bidirectional tunnelling, several HAs",
        "RFC 6275 §10.4.1, §11.3.1; draft §4.2.1, Figure 2",
        Signalling.HostBased,
        AnchorSelection.NearestAtFirstAttach,
        new Dictionary<NodeKind, MobilityFunction>
        {
            [NodeKind.Anchor] = Anchoring | LocationServer | Forwarding,
            [NodeKind.AccessRouter] = None,
            [NodeKind.MobileNode] = LocationClient | Forwarding,
            [NodeKind.Correspondent] = None,
        });

    /// <summary>
    /// Distributed anchoring at the access routers with anchor relocation and context transfer
    /// (RFC 8818 §3.1, §3.2; RFC 8885 §3; draft §5.1, §5.2): each access router anchors the
    /// prefixes of the nodes that attach to it; earlier prefixes stay, deprecated, only while a
    /// session that needs address continuity uses them.
    /// </summary>
    public static readonly Practice DmmAnchorRelocation = Pmipv6 with
    {
        Name = "dmm-anchor-relocation",
        Title = "Distributed anchors at the access routers, per-session continuity, anchor relocation",
        Reference = "RFC 8818 §3; RFC 8885 §3; RFC 8653; RFC 5949; RFC 4067; draft §5.1, §5.2",
        AnchorSelection = AnchorSelection.AtAccessRouter,
        Placement = new Dictionary<NodeKind, MobilityFunction>
        {
            [NodeKind.Anchor] = Anchoring | LocationServer | Forwarding,
            [NodeKind.AccessRouter] = Anchoring | LocationClient | Forwarding,
            [NodeKind.MobileNode] = None,
            [NodeKind.Correspondent] = None,
        },
    };

    /// <summary>
    /// Hierarchical MIPv6 (RFC 5380; draft §4.2.1): MIPv6 home agents as in mipv6-bt, and
    /// mobility anchor points as regional anchors between them and the nodes. A node registers
    /// each move with its MAP (a local BU), and its home agent only when its MAP changes.
    /// </summary>
    public static readonly Practice Hmipv6 = Mipv6Bidirectional with
    {
        Name = "hmipv6",
        Title = "Hierarchical Mobile IPv6, MAPs as regional anchors under several HAs",
        Reference = "RFC 5380 §3, §6, §10; RFC 6275; draft §4.2.1",
        Placement = new Dictionary<NodeKind, MobilityFunction>
        {
            [NodeKind.Anchor] = Anchoring | LocationServer | Forwarding,
            [NodeKind.MobilityAnchorPoint] = Anchoring | LocationServer | Forwarding,
            [NodeKind.AccessRouter] = None,
            [NodeKind.MobileNode] = LocationClient | Forwarding,
            [NodeKind.Correspondent] = None,
        },
    };

    public static IReadOnlyList<Practice> All { get; } = [Pmipv6, Pmipv6MultiLma, Mipv6Bidirectional, DmmAnchorRelocation, Hmipv6];

    public static bool TryGet(string name, out Practice practice)
    {
        practice = All.FirstOrDefault(p => p.Name == name)!;
        return practice is not null;
    }
}
