using System.Reflection;
using System.Runtime.Serialization;

namespace DmmActors.Serialization;

/// <summary>
/// Every type's writer and every manifest's reader, from the <see cref="IMessageSchema"/>s of an
/// assembly. A manifest names one schema of one type: an earlier schema stays readable under its
/// own manifest, so journals written before a change still replay.
/// </summary>
public sealed class SchemaRegistry
{
    readonly Dictionary<Type, (string Manifest, Action<BinaryWriter, object> Write)> writers = new();
    readonly Dictionary<string, Func<BinaryReader, object>> readers = new();

    /// <summary>The schemas of the emulator's own types.</summary>
    public static SchemaRegistry Emulator { get; } = Discover(typeof(SchemaRegistry).Assembly);

    static SchemaRegistry Discover(Assembly assembly)
    {
        var registry = new SchemaRegistry();
        foreach (var type in assembly.GetTypes()
                     .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IMessageSchema).IsAssignableFrom(t))
                     .OrderBy(t => t.FullName, StringComparer.Ordinal))
            ((IMessageSchema)Activator.CreateInstance(type)!).Register(registry);
        return registry;
    }

    public void Register<T>(string manifest, Action<BinaryWriter, T> write, Func<BinaryReader, T> read) where T : notnull
    {
        if (!writers.TryAdd(typeof(T), (manifest, (w, o) => write(w, (T)o))))
            throw new InvalidOperationException($"{typeof(T).FullName} has two schemas ({writers[typeof(T)].Manifest} and {manifest})");
        RegisterOlder(manifest, r => read(r));
    }

    /// <summary>An earlier schema of a type: still read, no longer written.</summary>
    public void RegisterOlder(string manifest, Func<BinaryReader, object> read)
    {
        if (!readers.TryAdd(manifest, read)) throw new InvalidOperationException($"manifest {manifest} is registered twice");
    }

    public IReadOnlyCollection<Type> Types => writers.Keys;

    public string Manifest(Type type) => Writer(type).Manifest;

    public (string Manifest, Action<BinaryWriter, object> Write) Writer(Type type) =>
        writers.TryGetValue(type, out var w) ? w : throw new SerializationException($"no message schema registers {type.FullName} (an IMessageSchema beside the type)");

    public Func<BinaryReader, object> Reader(string manifest) =>
        readers.TryGetValue(manifest, out var read)
            ? read
            : throw new SerializationException($"unknown manifest '{manifest}': this journal was written by a newer or different program");
}
