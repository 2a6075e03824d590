using DmmActors.Configuration;
using DmmActors.Persistence;

namespace DmmActors.Cli.Commands;

/// <summary>The --out folder of a run: made before it starts, and gone again if the run is refused once begun.</summary>
public static class OutputFolder
{
    /// <summary>
    /// Makes <paramref name="outDir"/>, opens the run's journal (the default SQLite file there
    /// unless the target names one) and runs <paramref name="run"/> on it. A refusal that can only
    /// come once the run has begun, such as a cluster member's share of it too large for its
    /// memory, leaves no folder behind that this made and nothing went into.
    /// </summary>
    public static async Task<T> RunAsync<T>(string outDir, RunTarget target, Func<JournalTarget, Task<T>> run)
    {
        var made = !Directory.Exists(outDir);
        try { Directory.CreateDirectory(outDir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new InputError($"--out {outDir}: cannot create the directory ({e.Message})"); }
        try { return await run(target.JournalOr(Path.Combine(outDir, "journal.db"))); }
        catch (InputError) when (made && !Directory.EnumerateFileSystemEntries(outDir).Any())
        {
            Directory.Delete(outDir);
            throw;
        }
    }
}
