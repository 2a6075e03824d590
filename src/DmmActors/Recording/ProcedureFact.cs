using DmmActors.Metrics;
using DmmActors.Protocol;

namespace DmmActors.Recording;

/// <summary>
/// What a mobile node records as one of its procedures completes, for replay and resume to read
/// rather than re-derive (as INET records its statistics instead of re-running the model): the
/// procedure as it happened (start, the router it arrived at, its anchor, when the address was
/// usable) and its walk's state then, from which the walk goes on exactly.
/// </summary>
public readonly record struct ProcedureFact(ProcedureRecord Procedure, ulong WalkState);

/// <summary>Facts recorded together, durable as one journal event: a batch costs one row, not one per procedure.</summary>
public sealed record ProcedureFacts(IReadOnlyList<ProcedureFact> Facts) : IDmmMessage;
