using DmmActors.Protocol;
using DmmActors.Serialization;

namespace DmmActors.Metrics;

/// <summary>How what a recorder holds goes into a payload: procedure facts, and a member's report to the driver.</summary>
public static class RecordFields
{
    public static void Record(this BinaryWriter w, ProcedureRecord p)
    {
        w.Mn(p.MobileNode); w.Write(p.Number); w.Write((byte)p.Kind); w.Write(p.FromRouter); w.Write(p.ToRouter);
        w.Write(p.Anchor); w.Time(p.StartedAt); w.Time(p.CompletedAt);
    }

    public static ProcedureRecord Record(this BinaryReader r) =>
        new(r.Mn(), r.ReadInt32(), (ProcedureKind)r.ReadByte(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.Time(), r.Time());

    public static void Recorded(this BinaryWriter w, RecorderContents c)
    {
        w.List(c.SignallingCounts, w.Write);
        w.Write(c.UnauthorisedSignalling); w.Write(c.PacketsLost);
        w.List(c.FailedByStatus, f => { w.Write((byte)f.Status); w.Write(f.Count); });
        w.Write(c.Retransmissions);
        w.List(c.Procedures, w.Record);
        w.List(c.Paths, p =>
        {
            w.Mn(p.MobileNode); w.Write(p.Correspondent); w.Time(p.Delay); w.Write(p.Hops); w.Time(p.ShortestDelay);
            w.Write(p.ShortestHops); w.Write(p.Tunnels); w.Write(p.LongLived); w.Write((byte)p.Case); w.Write(p.Anchors); w.Write(p.Offloaded);
        });
        w.List(c.Counters, w.Write);
        w.List(c.Reattachments, a => { w.Mn(a.MobileNode); w.Write(a.Router); w.Write((byte)a.Cause); w.Write(a.Unreachable.Ticks); });
    }

    public static RecorderContents Recorded(this BinaryReader r) => new(
        r.List(r.ReadInt64), r.ReadInt64(), r.ReadInt64(), r.List(() => ((BindingStatus)r.ReadByte(), r.ReadInt64())), r.ReadInt64(),
        r.List(r.Record),
        r.List(() => new PathRecord(r.Mn(), r.ReadInt32(), r.Time(), r.ReadInt32(), r.Time(), r.ReadInt32(), r.ReadInt32(), r.ReadBoolean(),
            (PeerCase)r.ReadByte(), r.ReadInt32()) { Offloaded = r.ReadBoolean() }))
    {
        Counters = r.List(r.ReadInt64),
        Reattachments = r.List(() => new ReattachmentRecord(r.Mn(), r.ReadInt32(), (ReattachCause)r.ReadByte(), TimeSpan.FromTicks(r.ReadInt64()))),
    };
}
