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
}
