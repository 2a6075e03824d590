using System.Runtime.Serialization;
using DmmActors.Addressing;

namespace DmmActors.Serialization;

/// <summary>How the basic types go into a payload; each folder's schema writes its own types with these.</summary>
public static class BinaryFields
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

    public static void Prefix(this BinaryWriter w, Prefix64 p) => w.Write(p.Bits);
    public static Prefix64 Prefix(this BinaryReader r) => new(r.ReadUInt64());
    public static void Mn(this BinaryWriter w, MnIdentifier mn) => w.Write(mn.Index);
    public static MnIdentifier Mn(this BinaryReader r) => new(r.ReadInt32());
    public static void Endpoint(this BinaryWriter w, Endpoint e) { w.Write(e.Kind.Name); w.Write(e.Index); w.Write(e.Router); }
    public static Endpoint Endpoint(this BinaryReader r) => new(NodeKind.Named(r.ReadString()), r.ReadInt32(), r.ReadInt32());

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
}
