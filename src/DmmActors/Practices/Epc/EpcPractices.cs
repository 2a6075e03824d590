namespace DmmActors.Practices.Epc;

/// <summary>Where a UE's offloadable traffic leaves the EPS: nowhere but its PGW, at a PGW near it (SIPTO), or at its HeNB's L-GW (LIPA).</summary>
public enum LocalBreakout : byte
{
    None,
    /// <summary>TS 23.401 §4.3.15.2: SIPTO above the RAN, at a PGW collocated with the UE's SGW, found by DNS for its tracking area.</summary>
    Sipto,
    /// <summary>TS 23.401 §4.3.16: LIPA, at the L-GW collocated with a HeNB, which the HeNB names to the MME.</summary>
    Lipa,
}

/// <summary>The EPS with one PDN connection per UE, at the PGW the DNS finds nearest its first tracking area (draft Figure 5).</summary>
public sealed class EpcPractice : EvolvedPacketSystem
{
    public override string Name => "epc";
    public override string Title => "3GPP EPS: PGW as the central IP anchor, SGWs as local anchors, an MME selecting them by DNS, GTP";
    public override string Reference => "TS 23.401 §5.3.2.1, §5.5.1.1; TS 29.274; TS 29.281; TS 29.303; draft §4.3";
    public override int CatalogueOrder => 80;
    public override LocalBreakout Breakout => LocalBreakout.None;
}

/// <summary>
/// The EPS with selected IP traffic offload (draft §4.3, Figure 7; TS 23.401 §4.3.15): each UE has a
/// second PDN connection, for offloadable traffic, at the PGW collocated with its SGW; when it
/// moves to another SGW that connection is released and set up again there, and its sessions that
/// needed their address break. The rest stays on the central PGW.
/// </summary>
public sealed class EpcSiptoPractice : EvolvedPacketSystem
{
    public override string Name => "epc-sipto";
    public override string Title => "3GPP EPS with SIPTO: offloadable traffic at a PGW collocated with the SGW, re-established when the SGW changes";
    public override string Reference => "TS 23.401 §4.3.15, §5.10.2, §5.10.3; TS 29.303; draft §4.3, Figure 7";
    public override int CatalogueOrder => 81;
    public override LocalBreakout Breakout => LocalBreakout.Sipto;
}

/// <summary>
/// The EPS with local IP access (draft §4.3, Figure 6; TS 23.401 §4.3.16): every cell is a HeNB under
/// the nearest of epc.local-gateways L-GWs; a UE's offloadable traffic goes to a PDN connection at
/// its HeNB's L-GW, which reaches its HeNBs directly, and moves with it only among those HeNBs.
/// </summary>
public sealed class EpcLipaPractice : EvolvedPacketSystem
{
    public override string Name => "epc-lipa";
    public override string Title => "3GPP EPS with LIPA: offloadable traffic at the L-GW of the UE's HeNB, released when the UE leaves its HeNBs";
    public override string Reference => "TS 23.401 §4.3.16, §5.10.2, §5.10.3; TS 36.413 §9.1.7.1; draft §4.3, Figure 6";
    public override int CatalogueOrder => 82;
    public override LocalBreakout Breakout => LocalBreakout.Lipa;
}
