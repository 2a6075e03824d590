using System.Diagnostics;

namespace DmmActors.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for one test class: initdb and pg_ctl in a temp directory, on a
/// free loopback port, as the postgres user when the tests run as root. Stopped and deleted
/// on dispose.
/// </summary>
public sealed class ThrowawayPostgres : IDisposable
{
    readonly string dir;
    readonly string binaries;
    readonly bool asPostgresUser;

    public int Port { get; }
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=dmm;Database=postgres;Pooling=true";

    public ThrowawayPostgres()
    {
        binaries = FindBinaries();
        asPostgresUser = Environment.UserName == "root";
        dir = Directory.CreateTempSubdirectory("dmm-pg-").FullName;
        if (asPostgresUser) Run("chown", "-R", "postgres:postgres", dir);
        Port = LoopbackPort.Free();
        Pg("initdb", "-D", Data, "-A", "trust", "-U", "dmm", "--no-sync");
        Start();
    }

    /// <summary>Starts the server (again, after <see cref="Stop"/>), on the same port and data.</summary>
    public void Start() =>
        Pg("pg_ctl", "-D", Data, "-l", Path.Combine(dir, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start");

    /// <summary>
    /// The database going away: a fast shutdown ends every session, as a crashed or restarted
    /// server does for its clients; what was committed stays on disk for <see cref="Start"/>.
    /// </summary>
    public void Stop() => Pg("pg_ctl", "-D", Data, "-m", "fast", "-w", "-t", "60", "stop");

    string Data => Path.Combine(dir, "data");

    static string FindBinaries()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Max()
            : null;
        return bin ?? throw new InvalidOperationException("PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql; .ci/run installs them");
    }

    void Pg(string tool, params string[] args)
    {
        var exe = Path.Combine(binaries, tool);
        if (asPostgresUser) Run("runuser", ["-u", "postgres", "--", exe, .. args]);
        else Run(exe, args);
    }

    static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2))) { p.Kill(true); throw new TimeoutException($"{file} timed out"); }
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {stdout.Result}{stderr.Result}");
    }

    public void Dispose()
    {
        try { Pg("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop"); }
        catch (Exception) { /* already down */ }
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
