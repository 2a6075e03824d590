using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using DmmActors.Serialization;

namespace DmmActors.Persistence;

/// <summary>
/// The binary serializer for every DmmActors message and event, with the schemas each folder
/// registers (<see cref="IMessageSchema"/>). Each manifest carries a schema version
/// ("BindingRegistered.v1"): a later schema gets a new manifest, and the old one stays readable
/// so existing journals still replay.
/// </summary>
public sealed class DmmSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>RFC 7429, the draft this emulator follows.</summary>
    public override int Identifier => Id;

    public const int Id = 7429;

    static SchemaRegistry Schemas => SchemaRegistry.Emulator;

    public static IReadOnlyCollection<Type> SupportedTypes => Schemas.Types;

    public override string Manifest(object o) => Schemas.Manifest(o.GetType());

    public override byte[] ToBinary(object obj)
    {
        var (_, write) = Schemas.Writer(obj.GetType());
        using var stream = new MemoryStream(64);
        using (var writer = new BinaryWriter(stream)) write(writer, obj);
        return stream.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest) => Read(bytes, manifest);

    /// <summary>A payload read back with no actor system: what `dmm replay` reads the journal's rows with.</summary>
    public static object Read(byte[] bytes, string manifest)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        return Read(reader, manifest);
    }

    /// <summary>A payload read from <paramref name="reader"/>, positioned at its first byte, which may be a buffer used again row after row.</summary>
    public static object Read(BinaryReader reader, string manifest)
    {
        var read = Schemas.Reader(manifest);
        try { return read(reader); }
        catch (EndOfStreamException) { throw new SerializationException($"truncated payload for {manifest}"); }
        // A damaged row can hold any bytes; whatever a reader trips on, the row does not decode.
        catch (Exception e) when (e is not SerializationException) { throw new SerializationException($"damaged payload for {manifest}: {e.Message}"); }
    }
}
