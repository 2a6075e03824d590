using DmmActors.Serialization;

namespace DmmActors.Protocol;

/// <summary>The user-plane packets a correspondent sends, with the path they took.</summary>
public sealed class DataPacketSchema : IMessageSchema
{
    public void Register(SchemaRegistry schemas)
    {
        schemas.Register<DataPacket>("DataPacket.v6", (w, m) =>
        {
            w.Write(m.Session); w.Mn(m.Destination); w.Prefix(m.DestinationPrefix); w.Write(m.Correspondent);
            w.Time(m.SentAt); w.Time(m.PathDelay); w.Write(m.PathHops); w.Write(m.Tunnels); w.Write(m.RoutedToCareOf);
            w.Write(m.Handover); w.Write((byte)m.Traffic); w.Write(m.TunnelledFrom);
            w.Write(m.Ipv4); w.Write((byte)m.Encapsulation); w.Write(m.TunnelBytes); w.Time(m.BufferedFor);
            w.Write(m.FromNode); w.Prefix(m.FromPrefix); w.Write(m.FromRouter); w.Write(m.Rising); w.Write(m.AnchorsCrossed);
        }, r => V4(r) with
        {
            BufferedFor = r.Time(), FromNode = r.ReadInt32(), FromPrefix = r.Prefix(), FromRouter = r.ReadInt32(), Rising = r.ReadBoolean(), AnchorsCrossed = r.ReadInt32(),
        });
        schemas.RegisterOlder("DataPacket.v5", r => V4(r) with { BufferedFor = r.Time() });
        schemas.RegisterOlder("DataPacket.v4", r => V4(r));
        schemas.RegisterOlder("DataPacket.v3", r => new DataPacket(r.ReadInt32(), r.Mn(), r.Prefix(), r.ReadInt32(), r.Time(), r.Time(), r.ReadInt32(), r.ReadInt32())
        { RoutedToCareOf = r.ReadInt32(), Handover = r.ReadInt32(), Traffic = (DataTraffic)r.ReadByte(), TunnelledFrom = r.ReadInt32() });
        schemas.RegisterOlder("DataPacket.v2", r => new DataPacket(r.ReadInt32(), r.Mn(), r.Prefix(), r.ReadInt32(), r.Time(), r.Time(), r.ReadInt32(), r.ReadInt32())
        { RoutedToCareOf = r.ReadInt32() });
        schemas.RegisterOlder("DataPacket.v1", r => new DataPacket(r.ReadInt32(), r.Mn(), r.Prefix(), r.ReadInt32(), r.Time(), r.Time(), r.ReadInt32(), r.ReadInt32()));
    }

    static DataPacket V4(BinaryReader r) => new(r.ReadInt32(), r.Mn(), r.Prefix(), r.ReadInt32(), r.Time(), r.Time(), r.ReadInt32(), r.ReadInt32())
    {
        RoutedToCareOf = r.ReadInt32(), Handover = r.ReadInt32(), Traffic = (DataTraffic)r.ReadByte(), TunnelledFrom = r.ReadInt32(),
        Ipv4 = r.ReadBoolean(), Encapsulation = (Encapsulation)r.ReadByte(), TunnelBytes = r.ReadInt32(),
    };
}
