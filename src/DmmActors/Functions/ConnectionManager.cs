using Akka.Actor;
using DmmActors.Addressing;
using DmmActors.Protocol;
using DmmActors.Traffic;

namespace DmmActors.Functions;

/// <summary>
/// What a mobile node's connection manager tells the network about its sessions when it moves
/// (draft §5.2: which sessions need address continuity is the node's knowledge, to share or not).
/// </summary>
public interface IConnectionManager
{
    /// <summary>What the node sends its new router with the RS of <paramref name="procedure"/>, to share what it knows of the move; null where it shares nothing.</summary>
    Signal? OnNewLink(ProcedureRef procedure, ModelTime sentAt, MnIdentifier mn, int previousRouter, IReadOnlyList<PrefixInUse> keep);

    /// <summary>
    /// No session uses <paramref name="prefix"/> since <paramref name="since"/>, while the node stayed
    /// on its link during <paramref name="procedure"/>: what the node sends its router, if anything.
    /// </summary>
    Signal? PrefixUnused(ProcedureRef procedure, MnIdentifier mn, Prefix64 prefix, ModelTime since);

    /// <summary>The prefixes the coming move must keep for the sessions that still use them.</summary>
    IReadOnlyList<PrefixInUse> KeepAcrossMove(SessionTable sessions);
}

/// <summary>A node that shares nothing: one prefix for all its sessions, kept by the network wherever it goes (PMIPv6, MIPv6).</summary>
public sealed class SilentConnectionManager : IConnectionManager
{
    public static readonly SilentConnectionManager Instance = new();

    public Signal? OnNewLink(ProcedureRef procedure, ModelTime sentAt, MnIdentifier mn, int previousRouter, IReadOnlyList<PrefixInUse> keep) => null;

    public Signal? PrefixUnused(ProcedureRef procedure, MnIdentifier mn, Prefix64 prefix, ModelTime since) => null;

    public IReadOnlyList<PrefixInUse> KeepAcrossMove(SessionTable sessions) => [];
}
