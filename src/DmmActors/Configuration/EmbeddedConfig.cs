namespace DmmActors.Configuration;

/// <summary>The HOCON files of cluster-config/, compiled into the program.</summary>
public static class EmbeddedConfig
{
    public static string Text(string name)
    {
        using var stream = typeof(EmbeddedConfig).Assembly.GetManifestResourceStream("dmm." + name)
                           ?? throw new InvalidOperationException($"embedded configuration {name} missing from the build");
        return new StreamReader(stream).ReadToEnd();
    }
}
