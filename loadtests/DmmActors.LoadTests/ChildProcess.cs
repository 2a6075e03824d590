using System.Diagnostics;
using System.Text.Json;

namespace DmmActors.LoadTests;

/// <summary>One side of a benchmark in a process of its own, so that neither's memory or JIT counts in the other's figures.</summary>
public static class ChildProcess
{
    /// <summary>Runs this program with <paramref name="args"/> and reads the JSON object it prints last.</summary>
    public static Dictionary<string, double> Run(params string[] args)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        // Both sides run under this program's runtime configuration: the GC the dmm program ships with (DmmActors.LoadTests.csproj).
        // Started as `dotnet dmm-loadtests.dll`, the process is the dotnet host: name the program again.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            info.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var lines = new List<string>();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith('{')) lines.Add(line);
            else Console.WriteLine(line);
        }
        process.WaitForExit();
        if (process.ExitCode != 0 || lines.Count == 0)
            throw new InvalidOperationException($"child {string.Join(' ', args)} failed with exit code {process.ExitCode}");
        // Shown as soon as each side is done, so a run cut short still leaves its figures.
        Console.WriteLine($"{args[0]}: {lines[^1]}");
        return JsonSerializer.Deserialize<Dictionary<string, double>>(lines[^1])!;
    }
}
