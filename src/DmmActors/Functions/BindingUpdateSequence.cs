using DmmActors.Protocol;

namespace DmmActors.Functions;

/// <summary>
/// The first sequence number of a MAG's new binding update list entry. The LMA orders a MAG's
/// updates by timestamp (RFC 5213 §5.5), so the entry may start anywhere; the MAG itself matches
/// each PBA to its PBU by the number. Taken from the procedure that made the entry, each a block
/// apart, it keeps an answer still on its way to an earlier entry of the node at the same router
/// (a de-registration's, say) from passing for the answer to this one's.
/// </summary>
public static class BindingUpdateSequence
{
    /// <summary>
    /// Numbers per procedure kind: a registration, its retransmissions and back-offs, a few refreshes
    /// and the de-registration fit before the next block. A long stay's refreshes run into the next
    /// blocks, and the numbers wrap after 512 procedures: a late answer would have to come that late.
    /// </summary>
    const int PerEntry = 16;

    public static ushort Initial(ProcedureRef procedure) => unchecked((ushort)((procedure.Number * 8 + (int)procedure.Kind) * PerEntry + 1));
}
