using DmmActors.Protocol;
using DmmActors.Randomness;
using DmmActors.Topology;

namespace DmmActors.Practices.Epc;

/// <summary>
/// Where the EPS's nodes stand on the grid and what a UE's location is called: the PGWs are the
/// run's anchors, the SGWs, the MME, the DNS and under LIPA the L-GWs the anchors added after them,
/// in that order; every access router is an eNB with one cell, and the eNBs fall into square
/// tracking areas, and under LIPA into the local networks of the L-GWs nearest them.
/// </summary>
public sealed class EpcLayout(NetworkTopology topology, EpcSettings settings, ulong seed)
{
    const ulong X2Stream = 0x0000_36_423UL;

    public int Pgws => topology.FirstRegionalAnchor;
    public int FirstSgw => Pgws;
    public int Sgws => settings.Sgws;
    public int Mme => FirstSgw + settings.Sgws;
    public int Dns => Mme + 1;
    public int FirstLocalGateway => Dns + 1;
    public int LocalGateways => LocalGatewaysOf(settings);
    public LocalBreakout Breakout => settings.Breakout;

    static int LocalGatewaysOf(EpcSettings settings) => settings.Breakout == LocalBreakout.Lipa ? settings.LocalGateways : 0;

    /// <summary>The anchors added after the PGWs: the SGWs, the MME, the DNS and the L-GWs.</summary>
    public static int AddedNodes(EpcSettings settings) => settings.Sgws + 2 + LocalGatewaysOf(settings);

    public bool IsSgw(int anchor) => anchor >= FirstSgw && anchor < Mme;

    public bool IsLocalGateway(int anchor) => anchor >= FirstLocalGateway && anchor < FirstLocalGateway + LocalGateways;

    /// <summary>The L-GW a HeNB is collocated with under LIPA: the nearest (by path delay, then hops, then number); -1 elsewhere.</summary>
    public int LocalGatewayOf(int enb)
    {
        if (LocalGateways == 0) return -1;
        var best = FirstLocalGateway;
        for (int g = best + 1; g < FirstLocalGateway + LocalGateways; g++)
            if (topology.CompareNearness(g, best, enb) < 0) best = g;
        return best;
    }

    /// <summary>
    /// Whether two eNBs have an X2 interface (TS 36.423): for epc.x2-share of the pairs, by a draw of
    /// the pair's own from the seed, so both ends agree and every run of the seed has the same ones.
    /// </summary>
    public bool HaveX2(int enb, int other)
    {
        if (settings.X2Share >= 1) return true;
        var (low, high) = enb < other ? (enb, other) : (other, enb);
        return new SplitMix64(SplitMix64.Mix(SplitMix64.Mix(seed ^ X2Stream, low), high)).NextDouble() < settings.X2Share;
    }

    /// <summary>The eNB whose cell a location names (the inverse of <see cref="LocationOf"/>).</summary>
    public static int EnbOf(UserLocation location) => (int)(location.EutranCellId >> 8) - 1;

    int AreasPerRow => (topology.Width + settings.TrackingAreaSide - 1) / settings.TrackingAreaSide;

    /// <summary>TS 23.003 §19.4.2.3: a tracking area code; 0 is left out (TS 24.301 §9.9.3.32 reserves 0x0000).</summary>
    public ushort TrackingAreaOf(int enb)
    {
        int x = enb % topology.Width, y = enb / topology.Width;
        return (ushort)(y / settings.TrackingAreaSide * AreasPerRow + x / settings.TrackingAreaSide + 1);
    }

    /// <summary>The eNB nearest the middle of a tracking area: the DNS orders gateways by their distance from it.</summary>
    public int CentreOf(ushort tac)
    {
        var area = tac - 1;
        int x0 = area % AreasPerRow * settings.TrackingAreaSide, y0 = area / AreasPerRow * settings.TrackingAreaSide;
        int x = Math.Min(topology.Width - 1, x0 + settings.TrackingAreaSide / 2), y = Math.Min(topology.Height - 1, y0 + settings.TrackingAreaSide / 2);
        return y * topology.Width + x;
    }

    /// <summary>TS 36.413 §9.2.1.38: the E-UTRAN cell identity, the eNB's 20-bit identity then its one cell's 8 bits.</summary>
    public UserLocation LocationOf(int enb) => new(TrackingAreaOf(enb), (uint)(enb + 1) << 8 | 1);

    /// <summary>The gateways of a kind, nearest the tracking area's centre first (by path delay, then hops, then number).</summary>
    public IReadOnlyList<int> GatewaysFor(ushort tac, GatewayService service)
    {
        var centre = CentreOf(tac);
        // SIPTO's local PGWs are the SGWs' own nodes (TS 23.401 §4.3.15.2).
        var gateways = (service == GatewayService.Pgw ? Enumerable.Range(0, Pgws) : Enumerable.Range(FirstSgw, Sgws)).ToArray();
        Array.Sort(gateways, (a, b) => topology.CompareNearness(a, b, centre) is var nearer and not 0 ? nearer : a.CompareTo(b));
        return gateways;
    }
}
