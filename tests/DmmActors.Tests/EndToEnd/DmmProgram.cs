using System.Diagnostics;

namespace DmmActors.Tests.EndToEnd;

/// <summary>Runs the built `dmm` program as a user would, in its own process.</summary>
public static class DmmProgram
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    static ProcessStartInfo Info(string workingDirectory, string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dmm.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        return info;
    }

    /// <summary>A `dmm` process left running, such as a cluster node; killed on dispose.</summary>
    public sealed class Running : IDisposable
    {
        readonly Process process;
        readonly System.Collections.Concurrent.BlockingCollection<string> lines = new();

        public Running(string workingDirectory, string[] args, IReadOnlyDictionary<string, string>? environment = null)
        {
            var info = Info(workingDirectory, args);
            info.RedirectStandardInput = true;
            foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
            process = Process.Start(info)!;
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Add(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Add("stderr: " + e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        readonly List<string> seen = new();

        /// <summary>Every output line read so far.</summary>
        public string Output => string.Join("\n", seen);

        /// <summary>Waits for an output line containing <paramref name="text"/>.</summary>
        public string WaitFor(string text, TimeSpan timeout) => WaitFor(line => line.Contains(text), $"a line with '{text}'", timeout);

        public string WaitFor(Func<string, bool> wanted, string what, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                if (!lines.TryTake(out var line, TimeSpan.FromMilliseconds(200))) continue;
                seen.Add(line);
                if (wanted(line)) return line;
            }
            throw new TimeoutException($"no {what} in {timeout.TotalSeconds:0} s; saw:\n{Output}");
        }

        /// <summary>The last <paramref name="count"/> lines it printed so far, read or not: what a failed test shows of a cluster member.</summary>
        public string Tail(int count)
        {
            while (lines.TryTake(out var line)) seen.Add(line);
            return string.Join("\n", seen.TakeLast(count));
        }

        /// <summary>The process's resident memory now.</summary>
        public long ResidentBytes
        {
            get { process.Refresh(); return process.WorkingSet64; }
        }

        /// <summary>Writes a line to its standard input, as `dmm node`'s fault commands take them.</summary>
        public void Send(string line)
        {
            process.StandardInput.WriteLine(line);
            process.StandardInput.Flush();
        }

        /// <summary>SIGKILL: the process gets no chance to leave the cluster or flush anything.</summary>
        public void Kill()
        {
            process.Kill();
            process.WaitForExit(5000);
        }

        /// <summary>Waits for the process to end by itself, reading its output; returns its exit code.</summary>
        public int WaitForExit(TimeSpan timeout)
        {
            if (!process.WaitForExit(timeout)) throw new TimeoutException($"still running after {timeout.TotalSeconds:0} s; saw:\n{Output}");
            process.WaitForExit(); // drains the asynchronous output readers
            while (lines.TryTake(out var line)) seen.Add(line);
            return process.ExitCode;
        }

        public void Dispose()
        {
            try { process.Kill(entireProcessTree: true); process.WaitForExit(5000); } catch (InvalidOperationException) { }
            process.Dispose();
        }
    }

    public static Running Start(string workingDirectory, params string[] args) => new(workingDirectory, args);

    /// <summary>With <paramref name="environment"/> added to the process's environment.</summary>
    public static Running Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        new(workingDirectory, args, environment);

    public static Result Run(string workingDirectory, params string[] args) => Run(workingDirectory, TimeSpan.FromMinutes(3), args);

    public static Result Run(string workingDirectory, TimeSpan timeout, params string[] args) =>
        Run(workingDirectory, timeout, new Dictionary<string, string>(), args);

    /// <summary>With <paramref name="environment"/> added to the process's environment.</summary>
    public static Result Run(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = Info(workingDirectory, args);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dmm {string.Join(' ', args)} did not finish in {timeout.TotalMinutes:0} minutes");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
