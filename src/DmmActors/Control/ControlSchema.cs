using DmmActors.Bindings;
using DmmActors.Metrics;
using DmmActors.Protocol;
using DmmActors.Serialization;

namespace DmmActors.Control;

/// <summary>The messages that drive, restore and read back the emulated nodes.</summary>
public sealed class ControlSchema : IMessageSchema
{
    static void WriteRestart(BinaryWriter w, RestartNode m)
    {
        w.Procedure(m.Procedure); w.Write(m.Router); w.Time(m.At); w.Write(m.LostSince); w.Write(m.LeftRouter);
    }

    static RestartNode ReadRestart(BinaryReader r) => new(r.Procedure(), r.ReadInt32(), r.Time(), r.ReadInt64()) { LeftRouter = r.ReadInt32() };

    public void Register(SchemaRegistry schemas)
    {
        schemas.Register<ProbeLost>("ProbeLost.v3", (w, m) =>
        {
            w.Write(m.Session); w.Write(m.Handover); w.Write((byte)m.Traffic);
        }, r => new ProbeLost(r.ReadInt32(), r.ReadInt32(), (DataTraffic)r.ReadByte()));
        schemas.RegisterOlder("ProbeLost.v2", r => new ProbeLost(r.ReadInt32(), r.ReadInt32()));
        schemas.Register<UplinkDelivered>("UplinkDelivered.v3", (w, m) => w.Write(m.TunnelBytes), r => new UplinkDelivered(r.ReadInt32()));
        schemas.Register<GetBindingCache>("GetBindingCache.v1", (_, _) => { }, _ => GetBindingCache.Instance);
        schemas.Register<BindingCacheSnapshot>("BindingCacheSnapshot.v1", (w, m) =>
        {
            w.Write(m.Anchor); w.Write(m.Entries.Count);
            foreach (var e in m.Entries)
            {
                w.Mn(e.MnId); w.Prefix(e.Prefix); w.Write(e.CareOf); w.Write(e.SequenceNumber); w.Time(e.Timestamp);
                w.Time(e.Lifetime); w.Time(e.RegisteredAt); w.Time(e.ExpiresAt); w.Write((byte)e.State);
            }
        }, r =>
        {
            var anchor = r.ReadInt32();
            var entries = new BindingCacheEntry[r.Count()];
            for (int i = 0; i < entries.Length; i++)
                entries[i] = new BindingCacheEntry(r.Mn(), r.Prefix(), r.ReadInt32(), r.ReadUInt16(), r.Time(), r.Time(), r.Time(), r.Time(),
                    (BindingState)r.ReadByte());
            return new BindingCacheSnapshot(anchor, entries);
        });
        schemas.Register<StartMobility>("StartMobility.v1", (_, _) => { }, _ => StartMobility.Instance);
        // A resumed storm over a cluster puts its nodes and MAGs back on the members that host them.
        schemas.Register<RestoreNode>("RestoreNode.v2", (w, m) =>
        {
            w.Record(m.State.Last); w.Write(m.State.Binding is not null);
            if (m.State.Binding is { } b) w.Registered(b);
            w.Write(m.State.WalkState); w.Time(m.State.Now);
        }, r => new RestoreNode(new NodeResume(r.Record(), r.ReadBoolean() ? r.Registered() : null, r.ReadUInt64(), r.Time())));
        schemas.Register<RestoreBinding>("RestoreBinding.v1", (w, m) =>
        {
            w.Mn(m.MobileNode); w.Write(m.Lma); w.Procedure(m.Procedure); w.Registered(m.Binding);
        }, r => new RestoreBinding(r.Mn(), r.ReadInt32(), r.Procedure(), r.Registered()));
        // A live message between members of one build: v2 adds the router a node was lost leaving.
        schemas.Register<RestartNode>("RestartNode.v2", WriteRestart, ReadRestart);
        schemas.Register<GetDepartures>("GetDepartures.v1", (w, m) => w.Write(m.Member), r => new GetDepartures(r.ReadString()));
        schemas.Register<Departures>("Departures.v2", (w, m) =>
        {
            w.Write(m.Of.Count);
            foreach (var d in m.Of) { w.Procedure(d.Procedure); w.Write(d.Router); w.Time(d.LinkDown); }
            w.List(m.OnLink, restart => WriteRestart(w, restart));
        }, r =>
        {
            var of = new NodeDeparture[r.Count()];
            for (int i = 0; i < of.Length; i++) of[i] = new NodeDeparture(r.Procedure(), r.ReadInt32(), r.Time());
            return new Departures(of, r.List(() => ReadRestart(r)));
        });
        schemas.Register<RestartDecided>("RestartDecided.v1", (w, m) => WriteRestart(w, m.Chosen), r => new RestartDecided(ReadRestart(r)));
        schemas.Register<MobilityFinished>("MobilityFinished.v1", (w, m) =>
        {
            w.Mn(m.MobileNode); w.Time(m.LastCompletion);
        }, r => new MobilityFinished(r.Mn(), r.Time()));
        schemas.Register<SessionProbe>("SessionProbe.v4", (w, m) =>
        {
            w.Write(m.Session); w.Mn(m.Destination); w.Prefix(m.DestinationPrefix); w.Time(m.At); w.Write(m.Count); w.Time(m.Interval); w.Write(m.Handover);
            w.Write((byte)m.Traffic); w.Write(m.Ipv4);
        }, r => new SessionProbe(r.ReadInt32(), r.Mn(), r.Prefix(), r.Time())
        {
            Count = r.ReadInt32(), Interval = r.Time(), Handover = r.ReadInt32(), Traffic = (DataTraffic)r.ReadByte(), Ipv4 = r.ReadBoolean(),
        });
        schemas.RegisterOlder("SessionProbe.v3", r => new SessionProbe(r.ReadInt32(), r.Mn(), r.Prefix(), r.Time())
        {
            Count = r.ReadInt32(), Interval = r.Time(), Handover = r.ReadInt32(), Traffic = (DataTraffic)r.ReadByte(),
        });
        schemas.RegisterOlder("SessionProbe.v2", r => new SessionProbe(r.ReadInt32(), r.Mn(), r.Prefix(), r.Time())
        {
            Count = r.ReadInt32(), Interval = r.Time(), Handover = r.ReadInt32(),
            Traffic = DataTraffic.HandoverFlow,
        });
        schemas.Register<RegistrationRejected>("RegistrationRejected.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Write((byte)m.Status);
        }, r => new RegistrationRejected(r.Procedure(), (BindingStatus)r.ReadByte()));
        schemas.Register<ExtendBindings>("ExtendBindings.v1", (w, m) => w.Time(m.Until), r => new ExtendBindings(r.Time()));
        schemas.Register<BindingsExtended>("BindingsExtended.v1", (_, _) => { }, _ => BindingsExtended.Instance);
        schemas.Register<TriggerHandover>("TriggerHandover.v2", (w, m) =>
        {
            w.Write(m.ScheduledTimestamp); w.Time(m.At);
        }, r => new TriggerHandover(r.ReadInt64(), r.Time()));
    }
}
