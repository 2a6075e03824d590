using DmmActors.Serialization;

namespace DmmActors.Multicast;

/// <summary>The multicast data plane's control messages and tallies.</summary>
public sealed class MulticastSchema : IMessageSchema
{
    public void Register(SchemaRegistry schemas)
    {
        schemas.Register<EmitMulticast>("EmitMulticast.v1", (w, m) =>
        {
            w.Write(m.Group); w.Time(m.Until);
        }, r => new EmitMulticast(r.ReadInt32(), r.Time()));
        schemas.Register<MulticastEmitted>("MulticastEmitted.v1", (w, m) =>
        {
            w.Write(m.Group); w.Write(m.Packets);
        }, r => new MulticastEmitted(r.ReadInt32(), r.ReadInt32()));
        schemas.Register<QueryListeners>("QueryListeners.v1", (w, m) => w.Time(m.Until), r => new QueryListeners(r.Time()));
        schemas.Register<ListenersQueried>("ListenersQueried.v1", (w, m) => w.Write(m.Queries), r => new ListenersQueried(r.ReadInt32()));
        schemas.Register<ReportUpstream>("ReportUpstream.v1", (_, _) => { }, _ => ReportUpstream.Instance);
        schemas.Register<UpstreamReported>("UpstreamReported.v1", (w, m) => w.Write(m.Reports), r => new UpstreamReported(r.ReadInt32()));
        schemas.Register<GetMulticastTally>("GetMulticastTally.v1", (_, _) => { }, _ => GetMulticastTally.Instance);
        schemas.Register<MulticastTally>("MulticastTally.v2", (w, m) =>
        {
            w.Write(m.AccessRouter); w.Write(m.Copies); w.Write(m.Distinct); w.Write(m.Unheard);
            w.List(m.Deliveries, d => { w.Mn(d.MnId); w.Write(d.Group); w.List(d.Sequences, w.Write); });
            w.List(m.JoinLatencies, w.Time);
        }, r => new MulticastTally(r.ReadInt32(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(),
            r.List(() => new Deliveries(r.Mn(), r.ReadInt32(), r.List(r.ReadInt32))), r.List(r.Time)));
    }
}
