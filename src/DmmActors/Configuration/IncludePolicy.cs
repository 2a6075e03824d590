namespace DmmActors.Configuration;

/// <summary>
/// Where a scenario's <c>include "file"</c> may read from: files in the scenario's own folder
/// and below it, or anywhere with <c>--allow-include</c>. A scenario read from no file (the
/// embedded default, one recorded in a journal) has no folder and includes nothing.
/// </summary>
public sealed record IncludePolicy(string? Scenario, bool AllowOutside)
{
    public string? Folder { get; } = Scenario is null ? null : Path.GetDirectoryName(Scenario);

    /// <summary>Nested includes beyond this are refused; a chain this long is a loop in all but name.</summary>
    public const int MaxDepth = 16;

    /// <summary>Scenario files are read whole; a larger one is not a scenario.</summary>
    public const long MaxFileBytes = 16 << 20;

    public static IncludePolicy None { get; } = new(null, false);

    public static IncludePolicy ForFile(string? path, bool allowOutside = false) =>
        path is null ? None : new IncludePolicy(Path.GetFullPath(path), allowOutside);

    /// <summary>
    /// The file an include names, relative to the folder of the file that includes it (HOCON's
    /// rule), or a user error saying why it may not be read.
    /// </summary>
    public string Resolve(string name, string? relativeTo, string includedFrom)
    {
        if (Folder is null)
            throw new InputError($"{includedFrom}: include \"{name}\": only a scenario file can include others (this text is not a file)");
        string full;
        try { full = Path.GetFullPath(Path.Combine(relativeTo ?? Folder, name)); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        { throw new InputError($"{includedFrom}: include \"{name}\": not a file name ({e.Message})"); }
        if (!Inside(Path.GetRelativePath(Folder, full)) && !AllowOutside)
            throw new InputError($"{includedFrom}: include \"{name}\": {full} is outside the scenario's folder {Folder}; " +
                                 "give --allow-include to read it");
        return full;
    }

    /// <summary>An included file as errors name it: relative to the scenario's folder where it lies in it.</summary>
    public string Display(string fullPath)
    {
        if (Folder is null) return fullPath;
        var relative = Path.GetRelativePath(Folder, fullPath);
        return Inside(relative) ? relative : fullPath;
    }

    static bool Inside(string relative) =>
        relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar) && !Path.IsPathRooted(relative);

    /// <summary>A scenario file's text, or a user error naming the file.</summary>
    public static string Read(string path, string what)
    {
        if (Directory.Exists(path)) throw new InputError($"{path}: is a directory, not a file");
        if (!File.Exists(path)) throw new InputError($"{path}: {what} not found");
        try
        {
            var length = new FileInfo(path).Length;
            if (length > MaxFileBytes)
                throw new InputError($"{path}: is {length / (1 << 20):N0} MiB; a {what} is at most {MaxFileBytes >> 20} MiB");
            var text = File.ReadAllText(path);
            if (text.Contains('\0')) throw new InputError($"{path}: is a binary file, not HOCON text");
            return text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new InputError($"{path}: cannot read {what}: {e.Message}"); }
    }
}
