using System.Text;

namespace DmmActors.LoadTests;

/// <summary>Every benchmark ends the same way: its table on the console and in a Markdown file in the current directory.</summary>
public static class BenchmarkReport
{
    public static void Publish(StringBuilder md, string fileName)
    {
        Console.WriteLine();
        Console.Write(md);
        var report = Path.GetFullPath(fileName);
        File.WriteAllText(report, md.ToString());
        Console.WriteLine($"wrote {report}");
    }
}
