using DmmActors.Serialization;

namespace DmmActors.Persistence;

/// <summary>The run ledger's entries.</summary>
public sealed class RunLedgerSchema : IMessageSchema
{
    public void Register(SchemaRegistry schemas)
    {
        schemas.RegisterOlder("RunStarted.v1", r => new RunStarted(r.ReadString(), r.ReadString(), r.ReadInt32(), r.ReadInt32(), r.ReadString(),
            DateTime.FromBinary(r.ReadInt64())));
        schemas.Register<RunStarted>("RunStarted.v2", (w, e) =>
        {
            w.Write(e.RunId); w.Write(e.Practice); w.Write(e.Anchors); w.Write(e.MobileNodes); w.Write(e.ScenarioText);
            w.Write(e.StartedUtc.ToBinary()); w.Write(e.Partitions);
        }, r => new RunStarted(r.ReadString(), r.ReadString(), r.ReadInt32(), r.ReadInt32(), r.ReadString(),
            DateTime.FromBinary(r.ReadInt64()), r.ReadInt32()));
        schemas.Register<RunCompleted>("RunCompleted.v1", (w, e) =>
        {
            w.Write(e.RunId); w.Write(e.BindingsChecksum); w.Write(e.Handovers);
        }, r => new RunCompleted(r.ReadString(), r.ReadString(), r.ReadInt64()));
        schemas.Register<StormProgress>("StormProgress.v1", (w, e) =>
        {
            w.Write(e.RunId); w.Write(e.Phase); w.Write(e.IntoPhaseMicroseconds); w.Write(e.IssuedInPhase);
        }, r => new StormProgress(r.ReadString(), r.ReadInt32(), r.ReadInt64(), r.ReadInt64()));
    }
}
