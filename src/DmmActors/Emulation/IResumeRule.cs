namespace DmmActors.Emulation;

/// <summary>
/// Whether a killed run can be carried on from its journal, as the practice that ran says:
/// what `dmm storm --resume` asks before it puts any node back.
/// </summary>
public interface IResumeRule
{
    /// <summary>Why a killed run cannot be carried on from its journal, or null where it can.</summary>
    string? Refusal { get; }

    /// <summary>
    /// Whether each node keeps a binding update list of its own (RFC 6275 §11.1), which a resumed
    /// node refreshes from when its last BU was sent, so its journal must hold those send times.
    /// </summary>
    bool NodesKeepBindingUpdateLists { get; }

    /// <summary>
    /// Whether a node whose move the stop cut short is put back at its router all the same, with the
    /// registration the journal holds for it (3GPP: the SGW's context, which names the eNB the move
    /// reached; the MME's context comes back through the router), so that the move it makes again,
    /// which that router hears of first, finds it, and is told too of the registrations its moves left
    /// at regional anchors (a source SGW's context), for it to have let go. Elsewhere its router holds nothing.
    /// </summary>
    bool RestoresCutShortNodesAtTheirRouter { get; }
}
