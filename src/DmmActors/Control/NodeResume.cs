using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Metrics;
using DmmActors.Protocol;

namespace DmmActors.Control;

/// <summary>
/// Where one mobile node stood when its run stopped: after its last recorded procedure, its walk
/// in the state it recorded then, its latest registration at that procedure's anchor, and the
/// model time it carries on from (<see cref="Now"/>).
/// </summary>
/// <param name="Now">
/// The end of its last recorded procedure or, if later, its latest event in the anchors' journal:
/// a node's facts may trail the journal by many moves (a journal partition held up, a crash
/// before the last batch was written). The node then makes those moves again, its walk being the
/// same, but after everything the anchors hold of it, so no anchor takes them for stale (RFC 5213 §5.5).
/// </param>
public sealed record NodeResume(ProcedureRecord Last, BindingRegistered? Binding, ulong WalkState, ModelTime Now)
{
    /// <summary>
    /// The registration that names the node's router: <see cref="Binding"/>, or where that names a
    /// regional anchor's care-of address (3GPP's PGW names the SGW), that anchor's latest one for the
    /// node (the SGW's names the eNB). Known where the journal was read; <see cref="Binding"/> elsewhere.
    /// </summary>
    public BindingRegistered? RouterBinding { get; init; }

    BindingRegistered? AtRouter => RouterBinding ?? Binding;

    /// <summary>
    /// The binding the node's MAG held, unless the MAG had since de-registered it or the node had
    /// registered elsewhere after its last recorded procedure: then its MAG holds nothing.
    /// </summary>
    public BindingRegistered? BindingAtItsRouter => AtRouter is { } b && b.CareOf == Last.ToRouter ? b : null;

    /// <summary>The registration that names the router where the journal last put the node, its move cut short or not.</summary>
    public BindingRegistered? BindingAtJournalsRouter => AtRouter;

    /// <summary>
    /// Registrations at regional anchors that the chain from <see cref="Binding"/> does not go through:
    /// what a move left behind whose release the stop lost (3GPP: the source SGW's context after a
    /// relocation, its Delete Session Request not yet journalled).
    /// </summary>
    public IReadOnlyList<BindingRegistered> LeftAtRegionalAnchors { get; init; } = [];

    /// <summary>
    /// The stop cut the node's next move short: its old router's de-registration, or its next
    /// registration, is in the journal and the fact that would close the move is not. Left where
    /// its last fact put it, it would stay there unbound (or bound elsewhere) until the storm
    /// happened to pick it, so it makes that move again first, before the storm goes on.
    /// </summary>
    public bool MoveCutShort => BindingAtItsRouter is null;
}

/// <summary>Puts a mobile node back where its journal says it was (sent by the storm generator, which it reports to).</summary>
public sealed record RestoreNode(NodeResume State) : IDmmMessage;

/// <summary>
/// Puts a node's binding update list entry back into its MAG, as the node's last registration
/// left it. The MAG reaches the node through its own directory, which on a cluster member is
/// that member's way to the node's shard.
/// </summary>
public sealed record RestoreBinding(MnIdentifier MobileNode, int Lma, ProcedureRef Procedure, BindingRegistered Binding) : IDmmMessage;
