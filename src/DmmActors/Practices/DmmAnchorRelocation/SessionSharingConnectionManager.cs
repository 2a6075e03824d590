using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Functions;
using DmmActors.Control;
using DmmActors.Protocol;
using DmmActors.Traffic;

namespace DmmActors.Practices.DmmAnchorRelocation;

/// <summary>
/// A node whose prefixes come from the router it attached on (RFC 8818 §3.1): after a move it
/// tells its new router the router it came from and the prefixes its sessions still need, and it
/// tells its router when an earlier prefix lost its last session, so the router can release it.
/// </summary>
public sealed class SessionSharingConnectionManager : IConnectionManager
{
    public static readonly SessionSharingConnectionManager Instance = new();

    public Signal? OnNewLink(ProcedureRef procedure, ModelTime sentAt, MnIdentifier mn, int previousRouter, IReadOnlyList<PrefixInUse> keep) =>
        PrefixesInUse.AfterMove(procedure, sentAt, mn, previousRouter, keep);

    /// <summary>Sent when the prefix's last session ended, on the link the node is still on.</summary>
    public Signal? PrefixUnused(ProcedureRef procedure, MnIdentifier mn, Prefix64 prefix, ModelTime since) =>
        new PrefixRelease(new ProcedureRef(mn, procedure.Number, ProcedureKind.Release), since, mn, prefix);

    public IReadOnlyList<PrefixInUse> KeepAcrossMove(SessionTable sessions) => sessions.NeedingContinuity();
}
