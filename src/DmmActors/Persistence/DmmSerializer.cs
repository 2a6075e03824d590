using DmmActors.Control;
using Akka.Actor;
using System.Runtime.Serialization;
using Akka.Serialization;
using DmmActors.Addressing;
using DmmActors.Bindings;
using DmmActors.Cluster;
using DmmActors.Metrics;
using DmmActors.Protocol;
using DmmActors.Run;

namespace DmmActors.Persistence;

/// <summary>
/// The binary serializer for every DmmActors message and event. Each manifest carries a
/// schema version ("BindingRegistered.v1"): a later schema gets a new manifest, and the old
/// one stays readable so existing journals still replay.
/// </summary>
public sealed class DmmSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>RFC 7429, the draft this emulator follows.</summary>
    public override int Identifier => Id;

    public const int Id = 7429;

    static readonly Dictionary<Type, (string Manifest, Action<BinaryWriter, object> Write)> Writers = new();
    static readonly Dictionary<string, Func<BinaryReader, object>> Readers = new();

    static void Register<T>(string manifest, Action<BinaryWriter, T> write, Func<BinaryReader, T> read) where T : notnull
    {
        Writers[typeof(T)] = (manifest, (w, o) => write(w, (T)o));
        Readers[manifest] = r => read(r);
    }

    /// <summary>A signalling message: its fields, then the arrival the channel stamped on it at the sending member.</summary>
    static void RegisterSignal<T>(string manifest, Action<BinaryWriter, T> write, Func<BinaryReader, T> read) where T : Signal =>
        Register<T>(manifest, (w, m) =>
        {
            write(w, m);
            w.Time(m.ArrivesAt);
            w.Authentication(m.Authentication);
        }, r =>
        {
            var m = read(r);
            m.Stamp(r.Time());
            m.Authenticated(r.Authentication());
            return m;
        });

    /// <summary>An earlier schema of a type: still read, no longer written.</summary>
    static void RegisterOlder(string manifest, Func<BinaryReader, object> read) => Readers[manifest] = read;

    public static IReadOnlyCollection<Type> SupportedTypes => Writers.Keys;

    static DmmSerializer()
    {
        Register<BindingRegistered>("BindingRegistered.v1", (w, e) => w.Registered(e), r => r.Registered());
        RegisterOlder("BindingDeregistered.v1", r => new BindingDeregistered(r.Mn(), r.Time(), r.ReadInt32(), r.ReadUInt16(), r.Time(), r.Time()));
        Register<BindingDeregistered>("BindingDeregistered.v2", (w, e) =>
        {
            w.Mn(e.MnId); w.Time(e.At); w.Write(e.CareOf); w.Write(e.SequenceNumber); w.Time(e.Timestamp); w.Time(e.DeleteAfter);
            w.Prefix(e.Prefix);
        }, r => new BindingDeregistered(r.Mn(), r.Time(), r.ReadInt32(), r.ReadUInt16(), r.Time(), r.Time(), r.Prefix()));
        Register<BindingContextReceived>("BindingContextReceived.v1", (w, e) =>
        {
            w.Mn(e.MnId); w.Time(e.At); w.Prefix(e.Prefix); w.Write(e.CareOf); w.Write(e.SequenceNumber); w.Time(e.Timestamp);
            w.Time(e.Lifetime); w.Time(e.RegisteredAt); w.Write(e.FromAnchor); w.Write(e.Sessions); w.List(e.Groups, w.Write);
        }, r => new BindingContextReceived(r.Mn(), r.Time(), r.Prefix(), r.ReadInt32(), r.ReadUInt16(), r.Time(), r.Time(), r.Time(),
            r.ReadInt32(), r.ReadInt32(), r.List(r.ReadInt32)));
        Register<BindingContextTransferred>("BindingContextTransferred.v1", (w, e) =>
        {
            w.Mn(e.MnId); w.Time(e.At); w.Prefix(e.Prefix); w.Write(e.ToAnchor);
        }, r => new BindingContextTransferred(r.Mn(), r.Time(), r.Prefix(), r.ReadInt32()));
        RegisterOlder("RunStarted.v1", r => new RunStarted(r.ReadString(), r.ReadString(), r.ReadInt32(), r.ReadInt32(), r.ReadString(),
            DateTime.FromBinary(r.ReadInt64())));
        Register<RunStarted>("RunStarted.v2", (w, e) =>
        {
            w.Write(e.RunId); w.Write(e.Practice); w.Write(e.Anchors); w.Write(e.MobileNodes); w.Write(e.ScenarioText);
            w.Write(e.StartedUtc.ToBinary()); w.Write(e.Partitions);
        }, r => new RunStarted(r.ReadString(), r.ReadString(), r.ReadInt32(), r.ReadInt32(), r.ReadString(),
            DateTime.FromBinary(r.ReadInt64()), r.ReadInt32()));
        Register<Recording.ProcedureFacts>("ProcedureFacts.v1", (w, e) => w.List(e.Facts, f =>
        {
            w.Record(f.Procedure); w.Write(f.WalkState);
        }), r => new Recording.ProcedureFacts(r.List(() => new Recording.ProcedureFact(r.Record(), r.ReadUInt64()))));
        Register<RunCompleted>("RunCompleted.v1", (w, e) =>
        {
            w.Write(e.RunId); w.Write(e.BindingsChecksum); w.Write(e.Handovers);
        }, r => new RunCompleted(r.ReadString(), r.ReadString(), r.ReadInt64()));

        Register<ProbeLost>("ProbeLost.v1", (w, m) => w.Write(m.Session), r => new ProbeLost(r.ReadInt32()));
        Register<GetBindingCache>("GetBindingCache.v1", (_, _) => { }, _ => GetBindingCache.Instance);
        Register<BindingCacheSnapshot>("BindingCacheSnapshot.v1", (w, m) =>
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
        Register<HostRun>("HostRun.v4", (w, m) =>
        {
            w.Write(m.RunId); w.Write(m.ScenarioText); w.Write(m.Storm); w.Write(m.JournalPartitions); w.Write(m.DriverPath);
        }, r => new HostRun(r.ReadString(), r.ReadString(), r.ReadBoolean(), r.ReadInt32(), r.ReadString()));
        Register<RunHosted>("RunHosted.v1", (w, m) =>
        {
            w.Write(m.RunId); w.Write(m.NodeAddress);
        }, r => new RunHosted(r.ReadString(), r.ReadString()));
        Register<GetNodeReport>("GetNodeReport.v1", (w, m) => w.Write(m.RunId), r => new GetNodeReport(r.ReadString()));
        Register<GetRunCounters>("GetRunCounters.v1", (w, m) => w.Write(m.RunId), r => new GetRunCounters(r.ReadString()));
        Register<RunCountersReport>("RunCountersReport.v1", (w, m) => w.List(m.Counters, w.Write), r => new RunCountersReport(r.List(r.ReadInt64)));
        Register<NodeReport>("NodeReport.v4", (w, m) =>
        {
            w.Write(m.RunId); w.Write(m.NodeAddress);
            w.List(m.Roles, w.Write);
            w.Recorded(m.Recorded);
            w.List(m.Anchors, w.Write);
            w.Write(m.Shards);
            w.List(m.StormSamples, s => { w.Write(s.Step); w.Write(s.Microseconds); w.Write(s.Count); });
        }, r => new NodeReport(r.ReadString(), r.ReadString(), r.List(r.ReadString), r.Recorded(), r.List(r.ReadInt32), r.ReadInt32(),
            r.List(() => new StormSample(r.ReadInt32(), r.ReadInt64(), r.ReadInt64()))));

        Register<StartMobility>("StartMobility.v1", (_, _) => { }, _ => StartMobility.Instance);
        // A resumed storm over a cluster puts its nodes and MAGs back on the members that host them.
        Register<RestoreNode>("RestoreNode.v2", (w, m) =>
        {
            w.Record(m.State.Last); w.Write(m.State.Binding is not null);
            if (m.State.Binding is { } b) w.Registered(b);
            w.Write(m.State.WalkState); w.Time(m.State.Now);
        }, r => new RestoreNode(new NodeResume(r.Record(), r.ReadBoolean() ? r.Registered() : null, r.ReadUInt64(), r.Time())));
        Register<RestoreBinding>("RestoreBinding.v1", (w, m) =>
        {
            w.Mn(m.MobileNode); w.Write(m.Lma); w.Procedure(m.Procedure); w.Registered(m.Binding);
        }, r => new RestoreBinding(r.Mn(), r.ReadInt32(), r.Procedure(), r.Registered()));
        Register<RestartNode>("RestartNode.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Write(m.Router); w.Time(m.At); w.Write(m.LostSince);
        }, r => new RestartNode(r.Procedure(), r.ReadInt32(), r.Time(), r.ReadInt64()));
        Register<MobilityFinished>("MobilityFinished.v1", (w, m) =>
        {
            w.Mn(m.MobileNode); w.Time(m.LastCompletion);
        }, r => new MobilityFinished(r.Mn(), r.Time()));
        Register<SessionProbe>("SessionProbe.v1", (w, m) =>
        {
            w.Write(m.Session); w.Mn(m.Destination); w.Prefix(m.DestinationPrefix); w.Time(m.At);
        }, r => new SessionProbe(r.ReadInt32(), r.Mn(), r.Prefix(), r.Time()));
        Register<RegistrationRejected>("RegistrationRejected.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Write((byte)m.Status);
        }, r => new RegistrationRejected(r.Procedure(), (BindingStatus)r.ReadByte()));
        Register<ExtendBindings>("ExtendBindings.v1", (w, m) => w.Time(m.Until), r => new ExtendBindings(r.Time()));
        Register<BindingsExtended>("BindingsExtended.v1", (_, _) => { }, _ => BindingsExtended.Instance);
        Register<TriggerHandover>("TriggerHandover.v1", (w, m) => w.Write(m.ScheduledTimestamp), r => new TriggerHandover(r.ReadInt64()));

        RegisterSignal<RouterSolicitation>("RouterSolicitation.v4", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.PreviousRouter); w.List(m.KeepPrefixes, w.PrefixInUse);
        }, r => new RouterSolicitation(r.Procedure(), r.Time(), r.Mn()) { PreviousRouter = r.ReadInt32(), KeepPrefixes = r.List(r.PrefixInUse) });
        RegisterSignal<RouterAdvertisement>("RouterAdvertisement.v5", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write(m.AccessRouter); w.Prefix(m.Prefix); w.List(m.Deprecated, w.Prefix);
            w.List(m.Maps, o => { w.Write(o.Map); w.Write(o.Distance); w.Write(o.Preference); w.Time(o.ValidLifetime); });
        }, r => new RouterAdvertisement(r.Procedure(), r.Time(), r.ReadInt32(), r.Prefix())
        {
            Deprecated = r.List(r.Prefix),
            Maps = r.List(() => new MapOption(r.ReadInt32(), r.ReadByte(), r.ReadByte(), r.Time())),
        });
        Register<LinkDown>("LinkDown.v1", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.At); w.Mn(m.MnId);
        }, r => new LinkDown(r.Procedure(), r.Time(), r.Mn()));
        RegisterSignal<ProxyBindingUpdate>("ProxyBindingUpdate.v6", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Prefix(m.HomeNetworkPrefix);
            w.Write((byte)m.HandoffIndicator); w.Write(m.SequenceNumber); w.Time(m.Timestamp); w.Write(m.LifetimeUnits);
            w.Write(m.ProxyCareOf); w.Write(m.Sessions); w.List(m.Groups, w.Write); w.Write((byte)m.AccessTechnologyType); 
        }, r => new ProxyBindingUpdate(r.Procedure(), r.Time(), r.Mn(), r.Prefix(), (HandoffIndicator)r.ReadByte(),
            r.ReadUInt16(), r.Time(), r.ReadUInt16(), r.ReadInt32())
        {
            Sessions = r.ReadInt32(), Groups = r.List(r.ReadInt32), AccessTechnologyType = (AccessTechnologyType)r.ReadByte(),
        });
        RegisterContextTransfer();
        RegisterMulticast();
        RegisterSignal<ProxyBindingAcknowledgement>("ProxyBindingAcknowledgement.v5", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write((byte)m.Status); w.Mn(m.MnId); w.Prefix(m.HomeNetworkPrefix);
            w.Write(m.SequenceNumber); w.Time(m.Timestamp); w.Write(m.LifetimeUnits); w.Write(m.Lma);
            w.Write((byte)m.HandoffIndicator); w.Write((byte)m.AccessTechnologyType);
        }, r => new ProxyBindingAcknowledgement(r.Procedure(), r.Time(), (BindingStatus)r.ReadByte(), r.Mn(), r.Prefix(),
            r.ReadUInt16(), r.Time(), r.ReadUInt16(), r.ReadInt32())
        {
            HandoffIndicator = (HandoffIndicator)r.ReadByte(), AccessTechnologyType = (AccessTechnologyType)r.ReadByte(),
        });
        RegisterSignal<BindingUpdate>("BindingUpdate.v4", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Prefix(m.HomePrefix); w.Write(m.SequenceNumber);
            w.Write(m.LifetimeUnits); w.Write(m.CareOfRouter); w.Write(m.MapRegistration);
        }, r => new BindingUpdate(r.Procedure(), r.Time(), r.Mn(), r.Prefix(), r.ReadUInt16(), r.ReadUInt16(), r.ReadInt32())
        { MapRegistration = r.ReadBoolean() });
        RegisterSignal<BindingAcknowledgement>("BindingAcknowledgement.v3", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write((byte)m.Status); w.Write(m.SequenceNumber);
            w.Write(m.LifetimeUnits); w.Write(m.HomeAgent);
        }, r => new BindingAcknowledgement(r.Procedure(), r.Time(), (BindingStatus)r.ReadByte(), r.ReadUInt16(),
            r.ReadUInt16(), r.ReadInt32()));
        Register<DataPacket>("DataPacket.v1", (w, m) =>
        {
            w.Write(m.Session); w.Mn(m.Destination); w.Prefix(m.DestinationPrefix); w.Write(m.Correspondent);
            w.Time(m.SentAt); w.Time(m.PathDelay); w.Write(m.PathHops); w.Write(m.Tunnels);
        }, r => new DataPacket(r.ReadInt32(), r.Mn(), r.Prefix(), r.ReadInt32(), r.Time(), r.Time(), r.ReadInt32(), r.ReadInt32()));
    }

    static void RegisterContextTransfer()
    {
        Register<SessionsEnded>("SessionsEnded.v1", (w, m) =>
        {
            w.Mn(m.MnId); w.Prefix(m.Prefix); w.Time(m.At);
        }, r => new SessionsEnded(r.Mn(), r.Prefix(), r.Time()));
        RegisterSignal<HandoverInitiate>("HandoverInitiate.v3", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.NewAccessRouter); w.List(m.KeepPrefixes, w.PrefixInUse);
        }, r => new HandoverInitiate(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32(), r.List(r.PrefixInUse)));
        RegisterSignal<HandoverAcknowledge>("HandoverAcknowledge.v3", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.PreviousAccessRouter); w.List(m.Contexts, w.Context);
            w.List(m.Groups, w.Write);
        }, r => new HandoverAcknowledge(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32(), r.List(r.Context), r.List(r.ReadInt32)));
        RegisterSignal<ContextTransferData>("ContextTransferData.v3", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Write(m.FromAnchor); w.Write(m.CareOf); w.Context(m.Context);
            w.List(m.Groups, w.Write);
        }, r => new ContextTransferData(r.Procedure(), r.Time(), r.Mn(), r.ReadInt32(), r.ReadInt32(), r.Context(), r.List(r.ReadInt32)));
        RegisterSignal<ContextTransferDataReply>("ContextTransferDataReply.v3", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write((byte)m.Status); w.Mn(m.MnId); w.Prefix(m.Prefix); w.Write(m.ToAnchor);
        }, r => new ContextTransferDataReply(r.Procedure(), r.Time(), (BindingStatus)r.ReadByte(), r.Mn(), r.Prefix(), r.ReadInt32()));
        RegisterSignal<AnchorRelocated>("AnchorRelocated.v3", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.Prefix(m.Prefix); w.Write(m.Anchor); w.Write(m.PreviousAnchor);
        }, r => new AnchorRelocated(r.Procedure(), r.Time(), r.Mn(), r.Prefix(), r.ReadInt32(), r.ReadInt32()));
        RegisterSignal<PrefixRoute>("PrefixRoute.v3", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Prefix(m.Prefix); w.Write(m.Anchor);
        }, r => new PrefixRoute(r.Procedure(), r.Time(), r.Prefix(), r.ReadInt32()));
        Register<RelocateAnchor>("RelocateAnchor.v1", (w, m) =>
        {
            w.Prefix(m.Prefix); w.Write(m.TargetAnchor);
        }, r => new RelocateAnchor(r.Prefix(), r.ReadInt32()));
        Register<AnchorAdvertisement>("AnchorAdvertisement.v2", (w, m) =>
        {
            w.Write(m.Anchor); w.Write(m.Load); w.Write(m.Capacity);
        }, r => new AnchorAdvertisement(r.ReadInt32(), r.ReadInt32(), r.ReadInt32()));
    }

    static void RegisterMulticast()
    {
        RegisterSignal<MldReport>("MldReport.v3", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Mn(m.MnId); w.List(m.Groups, w.Write);
        }, r => new MldReport(r.Procedure(), r.Time(), r.Mn(), r.List(r.ReadInt32)));
        RegisterSignal<MldProxyReport>("MldProxyReport.v3", (w, m) =>
        {
            w.Procedure(m.Procedure); w.Time(m.SentAt); w.Write(m.AccessRouter); w.Write(m.Tunnel); w.Write(m.Group); w.Write(m.Join);
        }, r => new MldProxyReport(r.Procedure(), r.Time(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadBoolean()));
        Register<MulticastPacket>("MulticastPacket.v1", (w, m) =>
        {
            w.Write(m.Group); w.Write(m.Sequence); w.Time(m.SentAt); w.Time(m.PathDelay); w.Write(m.ViaRouter); w.Write(m.ViaTunnel);
        }, r => new MulticastPacket(r.ReadInt32(), r.ReadInt32(), r.Time(), r.Time(), r.ReadInt32(), r.ReadInt32()));
        Register<Multicast.EmitMulticast>("EmitMulticast.v1", (w, m) =>
        {
            w.Write(m.Group); w.Time(m.Until);
        }, r => new Multicast.EmitMulticast(r.ReadInt32(), r.Time()));
        Register<Multicast.MulticastEmitted>("MulticastEmitted.v1", (w, m) =>
        {
            w.Write(m.Group); w.Write(m.Packets);
        }, r => new Multicast.MulticastEmitted(r.ReadInt32(), r.ReadInt32()));
        Register<Multicast.ReportUpstream>("ReportUpstream.v1", (_, _) => { }, _ => Multicast.ReportUpstream.Instance);
        Register<Multicast.UpstreamReported>("UpstreamReported.v1", (w, m) => w.Write(m.Reports), r => new Multicast.UpstreamReported(r.ReadInt32()));
        Register<Multicast.GetMulticastTally>("GetMulticastTally.v1", (_, _) => { }, _ => Multicast.GetMulticastTally.Instance);
        Register<Multicast.MulticastTally>("MulticastTally.v1", (w, m) =>
        {
            w.Write(m.AccessRouter); w.Write(m.Copies); w.Write(m.Distinct);
            w.List(m.Deliveries, d => { w.Mn(d.MnId); w.Write(d.Group); w.List(d.Sequences, w.Write); });
            w.List(m.JoinLatencies, w.Time);
        }, r => new Multicast.MulticastTally(r.ReadInt32(), r.ReadInt64(), r.ReadInt64(),
            r.List(() => new Multicast.Deliveries(r.Mn(), r.ReadInt32(), r.List(r.ReadInt32))), r.List(r.Time)));
    }

    public override string Manifest(object o) =>
        Writers.TryGetValue(o.GetType(), out var w) ? w.Manifest
            : throw new SerializationException($"DmmSerializer has no schema for {o.GetType().FullName}");

    public override byte[] ToBinary(object obj)
    {
        if (!Writers.TryGetValue(obj.GetType(), out var w))
            throw new SerializationException($"DmmSerializer has no schema for {obj.GetType().FullName}");
        using var stream = new MemoryStream(64);
        using (var writer = new BinaryWriter(stream)) w.Write(writer, obj);
        return stream.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest) => Read(bytes, manifest);

    /// <summary>A payload read back with no actor system: what `dmm replay` reads the journal's rows with.</summary>
    public static object Read(byte[] bytes, string manifest)
    {
        if (!Readers.TryGetValue(manifest, out var read))
            throw new SerializationException($"unknown manifest '{manifest}': this journal was written by a newer or different program");
        using var reader = new BinaryReader(new MemoryStream(bytes));
        try { return read(reader); }
        catch (EndOfStreamException) { throw new SerializationException($"truncated payload for {manifest}"); }
        // A damaged row can hold any bytes; whatever a reader trips on, the row does not decode.
        catch (Exception e) when (e is not SerializationException) { throw new SerializationException($"damaged payload for {manifest}: {e.Message}"); }
    }
}

static class WireFormat
{
    /// <summary>An item count, refused when the bytes left could not hold it: a damaged row must not allocate gigabytes.</summary>
    public static int Count(this BinaryReader r)
    {
        var count = r.ReadInt32();
        var left = r.BaseStream.Length - r.BaseStream.Position;
        return count >= 0 && count <= left ? count : throw new SerializationException($"a count of {count} with {left} bytes left");
    }

    public static void Time(this BinaryWriter w, ModelTime t) => w.Write(t.Microseconds);
    public static ModelTime Time(this BinaryReader r) => new(r.ReadInt64());

    public static void Authentication(this BinaryWriter w, Security.MessageAuthentication? a)
    {
        w.Write(a.HasValue);
        if (a is not { } value) return;
        w.Write(value.Spi);
        w.Write(value.Value.W0); w.Write(value.Value.W1); w.Write(value.Value.W2); w.Write(value.Value.W3);
    }

    public static Security.MessageAuthentication? Authentication(this BinaryReader r) => r.ReadBoolean()
        ? new Security.MessageAuthentication(r.ReadUInt32(), new Security.Authenticator(r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64()))
        : null;
    public static void Prefix(this BinaryWriter w, Prefix64 p) => w.Write(p.Bits);
    public static Prefix64 Prefix(this BinaryReader r) => new(r.ReadUInt64());
    public static void Mn(this BinaryWriter w, MnIdentifier mn) => w.Write(mn.Index);
    public static MnIdentifier Mn(this BinaryReader r) => new(r.ReadInt32());

    public static void Procedure(this BinaryWriter w, ProcedureRef p)
    {
        w.Mn(p.MobileNode); w.Write(p.Number); w.Write((byte)p.Kind);
    }

    public static ProcedureRef Procedure(this BinaryReader r) => new(r.Mn(), r.ReadInt32(), (ProcedureKind)r.ReadByte());

    public static void PrefixInUse(this BinaryWriter w, PrefixInUse p)
    {
        w.Prefix(p.Prefix); w.Write(p.Sessions);
    }

    public static PrefixInUse PrefixInUse(this BinaryReader r) => new(r.Prefix(), r.ReadInt32());

    public static void Context(this BinaryWriter w, MobilityContext c)
    {
        w.Prefix(c.Prefix); w.Write(c.Anchor); w.Write(c.SequenceNumber); w.Time(c.Timestamp); w.Time(c.Lifetime);
        w.Time(c.RegisteredAt); w.Write(c.Sessions);
    }

    public static MobilityContext Context(this BinaryReader r) =>
        new(r.Prefix(), r.ReadInt32(), r.ReadUInt16(), r.Time(), r.Time(), r.Time(), r.ReadInt32());

    public static void List<T>(this BinaryWriter w, IReadOnlyList<T> items, Action<T> write)
    {
        w.Write(items.Count);
        foreach (var item in items) write(item);
    }

    public static T[] List<T>(this BinaryReader r, Func<T> read)
    {
        var items = new T[r.Count()];
        for (int i = 0; i < items.Length; i++) items[i] = read();
        return items;
    }

    public static void Registered(this BinaryWriter w, BindingRegistered e)
    {
        w.Mn(e.MnId); w.Time(e.At); w.Write((byte)e.Kind); w.Prefix(e.Prefix); w.Write(e.CareOf);
        w.Write(e.SequenceNumber); w.Time(e.Timestamp); w.Time(e.Lifetime);
    }

    public static BindingRegistered Registered(this BinaryReader r) =>
        new(r.Mn(), r.Time(), (RegistrationKind)r.ReadByte(), r.Prefix(), r.ReadInt32(), r.ReadUInt16(), r.Time(), r.Time());

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
        w.Write(c.UnauthorisedSignalling); w.Write(c.PacketsLost); w.Write(c.FailedRegistrations); w.Write(c.Retransmissions);
        w.List(c.Procedures, w.Record);
        w.List(c.Paths, p =>
        {
            w.Mn(p.MobileNode); w.Write(p.Correspondent); w.Time(p.Delay); w.Write(p.Hops); w.Time(p.ShortestDelay);
            w.Write(p.ShortestHops); w.Write(p.Tunnels); w.Write(p.LongLived);
        });
        w.List(c.Counters, w.Write);
        w.List(c.Reattachments, a => { w.Mn(a.MobileNode); w.Write(a.Router); w.Write((byte)a.Cause); w.Write(a.Unreachable.Ticks); });
    }

    public static RecorderContents Recorded(this BinaryReader r) => new(
        r.List(r.ReadInt64), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(),
        r.List(r.Record),
        r.List(() => new PathRecord(r.Mn(), r.ReadInt32(), r.Time(), r.ReadInt32(), r.Time(), r.ReadInt32(), r.ReadInt32(), r.ReadBoolean())))
    {
        Counters = r.List(r.ReadInt64),
        Reattachments = r.List(() => new ReattachmentRecord(r.Mn(), r.ReadInt32(), (ReattachCause)r.ReadByte(), TimeSpan.FromTicks(r.ReadInt64()))),
    };
}
