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

    public static bool TryGet(string name, out Practice practice)
    {
        practice = All.FirstOrDefault(p => p.Name == name)!;
        return practice is not null;
    }

    /// <summary>The names of the practices that exchange <paramref name="signal"/>, for a message that says which would do.</summary>
    public static string NamesSending(Protocol.SignalType signal) =>
        string.Join(", ", All.Where(p => p.Signals.Contains(signal)).Select(p => p.Name));
}
