using DmmActors.Addressing;
using DmmActors.Functions;
using DmmActors.Protocol;
using DmmActors.Traffic;

namespace DmmActors.Practices.Pmipv6RuntimeLma;

/// <summary>
/// A node that tells its new MAG, with its RS after a move, whether any session still needs its
/// prefix: the draft's condition (§4.2.2) for assigning it an LMA afresh, which a MAG cannot know
/// otherwise. It keeps one prefix, so it has none to release.
/// </summary>
public sealed class KeptPrefixConnectionManager : IConnectionManager
{
    public static readonly KeptPrefixConnectionManager Instance = new();

    public Signal? OnNewLink(ProcedureRef procedure, ModelTime sentAt, MnIdentifier mn, int previousRouter, IReadOnlyList<PrefixInUse> keep) =>
        PrefixesInUse.AfterMove(procedure, sentAt, mn, previousRouter, keep);

    public Signal? PrefixUnused(ProcedureRef procedure, MnIdentifier mn, Prefix64 prefix, ModelTime since) => null;

    public IReadOnlyList<PrefixInUse> KeepAcrossMove(SessionTable sessions) => sessions.NeedingContinuity();
}
