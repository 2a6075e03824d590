using DmmActors.Metrics;
using DmmActors.Serialization;

namespace DmmActors.Cluster;

/// <summary>What the driver and the cluster members tell each other about a hosted run.</summary>
public sealed class ClusterSchema : IMessageSchema
{
    public void Register(SchemaRegistry schemas)
    {
        schemas.Register<HostRun>("HostRun.v5", (w, m) =>
        {
            w.Write(m.RunId); w.Write(m.ScenarioText); w.Write(m.Storm); w.Write(m.JournalPartitions); w.Write(m.DriverPath);
            w.Write(m.Capture is not null);
            if (m.Capture is { } c)
            {
                w.Write(c.Filter ?? ""); w.Write(c.DataSample); w.Write((byte)c.Clock);
            }
        }, r => new HostRun(r.ReadString(), r.ReadString(), r.ReadBoolean(), r.ReadInt32(), r.ReadString())
        {
            Capture = r.ReadBoolean() ? new HostedCapture(r.ReadString() is { Length: > 0 } f ? f : null, r.ReadDouble(), (Capture.CaptureClock)r.ReadByte()) : null,
        });
        schemas.Register<GetCapture>("GetCapture.v1", (w, m) =>
        {
            w.Write(m.RunId); w.Write(m.Offset);
        }, r => new GetCapture(r.ReadString(), r.ReadInt64()));
        schemas.Register<CaptureChunk>("CaptureChunk.v1", (w, m) =>
        {
            w.Write(m.Bytes.Length); w.Write(m.Bytes); w.Write(m.Last);
            w.Write(m.Frames); w.Write(m.DataFrames); w.Write(m.Dropped); w.Write(m.Failure ?? "");
        }, r => new CaptureChunk(r.ReadBytes(r.ReadInt32()), r.ReadBoolean(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(),
            r.ReadString() is { Length: > 0 } failure ? failure : null));
        schemas.Register<RunHosted>("RunHosted.v1", (w, m) =>
        {
            w.Write(m.RunId); w.Write(m.NodeAddress);
        }, r => new RunHosted(r.ReadString(), r.ReadString()));
        schemas.Register<GetMemberMemory>("GetMemberMemory.v1", (_, _) => { }, _ => GetMemberMemory.Instance);
        schemas.Register<MemberMemory>("MemberMemory.v1", (w, m) =>
        {
            w.Write(m.NodeAddress); w.Write(m.AvailableBytes);
        }, r => new MemberMemory(r.ReadString(), r.ReadInt64()));
        schemas.Register<GetNodeReport>("GetNodeReport.v1", (w, m) => w.Write(m.RunId), r => new GetNodeReport(r.ReadString()));
        schemas.Register<GetRunCounters>("GetRunCounters.v1", (w, m) => w.Write(m.RunId), r => new GetRunCounters(r.ReadString()));
        schemas.Register<RunCountersReport>("RunCountersReport.v1", (w, m) => w.List(m.Counters, w.Write), r => new RunCountersReport(r.List(r.ReadInt64)));
        schemas.Register<NodeReport>("NodeReport.v6", (w, m) =>
        {
            w.Write(m.RunId); w.Write(m.NodeAddress);
            w.List(m.Roles, w.Write);
            w.Recorded(m.Recorded);
            w.List(m.Anchors, w.Write);
            w.Write(m.Shards);
            w.List(m.StormSamples, s => { w.Write(s.Step); w.Write(s.Microseconds); w.Write(s.Count); });
            w.List(m.Queues, q =>
            {
                w.Write(q.Kind); w.Write(q.Index); w.Write(q.Servers); w.Write(q.Messages); w.Write(q.BusyMicroseconds);
                w.Write(q.WaitedMicroseconds); w.Write(q.MaxWaitMicroseconds); w.Write(q.FirstArrival); w.Write(q.LastDeparture);
                w.List(q.WaitHistogram, w.Write); w.Write(q.PeakBusyPerSecond);
            });
        }, r => new NodeReport(r.ReadString(), r.ReadString(), r.List(r.ReadString), r.Recorded(), r.List(r.ReadInt32), r.ReadInt32(),
            r.List(() => new StormSample(r.ReadInt32(), r.ReadInt64(), r.ReadInt64())))
        {
            Queues = r.List(() => new Topology.QueueRecord(r.ReadString(), r.ReadInt32(), r.ReadInt32(), r.ReadInt64(), r.ReadInt64(),
                r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.List(r.ReadInt64)) { PeakBusyPerSecond = r.ReadInt64() }),
        });
    }
}
