using DmmActors.Addressing;
using DmmActors.Protocol;
using DmmActors.Traffic;

namespace DmmActors.Functions;

/// <summary>
/// A node that tells its new router, with its RS after a move, the prefixes its sessions still
/// need (draft §5.2): for a MAG, the draft's condition (§4.2.2) for assigning it an LMA afresh; for
/// a MAAR under a split control plane, the prefixes to register with the CMD (RFC 8885 §3.2). It
/// says nothing while it stays: what it no longer needs, it leaves out at its next move.
/// </summary>
public sealed class KeptPrefixConnectionManager : IConnectionManager
{
    public static readonly KeptPrefixConnectionManager Instance = new();

    public Signal? OnNewLink(ProcedureRef procedure, ModelTime sentAt, MnIdentifier mn, int previousRouter, IReadOnlyList<PrefixInUse> keep) =>
        PrefixesInUse.AfterMove(procedure, sentAt, mn, previousRouter, keep);

    public Signal? PrefixUnused(ProcedureRef procedure, MnIdentifier mn, Prefix64 prefix, ModelTime since) => null;

    public IReadOnlyList<PrefixInUse> KeepAcrossMove(SessionTable sessions) => sessions.NeedingContinuity();
}
