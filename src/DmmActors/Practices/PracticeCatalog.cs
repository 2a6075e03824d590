namespace DmmActors.Practices;

/// <summary>
/// Every practice of the program, found by registration: each concrete <see cref="Practice"/>
/// of this assembly, in its catalogue order. A new practice is a new folder; nothing here changes.
/// </summary>
public static class PracticeCatalog
{
    public static IReadOnlyList<Practice> All { get; } = typeof(Practice).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(Practice)) && !t.IsAbstract)
        .Select(t => (Practice)Activator.CreateInstance(t)!)
        .OrderBy(p => p.CatalogueOrder).ThenBy(p => p.Name, StringComparer.Ordinal)
        .ToArray();

    static readonly Dictionary<string, Practice> ByName = All.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out Practice practice) => ByName.TryGetValue(name, out practice!);

    /// <summary>The practice a scenario names; the loader has refused a scenario that names none.</summary>
    public static Practice Named(string name) =>
        ByName.TryGetValue(name, out var practice) ? practice : throw new ArgumentException($"no practice is named '{name}'", nameof(name));

    /// <summary>The names of the practices that exchange <paramref name="signal"/>, for a message that says which would do.</summary>
    public static string NamesSending(Protocol.SignalType signal) =>
        string.Join(", ", All.Where(p => p.Signals.Contains(signal)).Select(p => p.Name));
}
