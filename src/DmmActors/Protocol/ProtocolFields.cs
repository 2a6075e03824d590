using DmmActors.Serialization;

namespace DmmActors.Protocol;

/// <summary>How the signalling's own field types go into a payload.</summary>
public static class ProtocolFields
{
    /// <summary>A signalling message: its fields, then the arrival the channel stamped on it at the sending member.</summary>
    public static void RegisterSignal<T>(this SchemaRegistry schemas, string manifest, Action<BinaryWriter, T> write, Func<BinaryReader, T> read)
        where T : Signal =>
        schemas.Register<T>(manifest, (w, m) =>
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

    public static void Authentication(this BinaryWriter w, MessageAuthentication? a)
    {
        w.Write(a.HasValue);
        if (a is not { } value) return;
        w.Write(value.Spi);
        w.Write(value.Value.W0); w.Write(value.Value.W1); w.Write(value.Value.W2); w.Write(value.Value.W3);
    }

    public static MessageAuthentication? Authentication(this BinaryReader r) => r.ReadBoolean()
        ? new MessageAuthentication(r.ReadUInt32(), new Authenticator(r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64()))
        : null;

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
}
