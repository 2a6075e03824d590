using DmmActors.Metrics;
using DmmActors.Serialization;

namespace DmmActors.Recording;

/// <summary>The procedure facts a mobile node records for replay and resume.</summary>
public sealed class ProcedureFactsSchema : IMessageSchema
{
    public void Register(SchemaRegistry schemas)
    {
        schemas.Register<ProcedureFacts>("ProcedureFacts.v1", (w, e) => w.List(e.Facts, f =>
        {
            w.Record(f.Procedure); w.Write(f.WalkState);
        }), r => new ProcedureFacts(r.List(() => new ProcedureFact(r.Record(), r.ReadUInt64()))));
    }
}
