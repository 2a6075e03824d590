using System.Diagnostics;

namespace DmmActors.Tests.Infrastructure;

/// <summary>
/// A file no process may write until disposed. Permission bits do not stop root, which CI runs
/// as, so for root the file is made immutable (chattr +i) instead; either way a write fails with
/// EPERM or EACCES, as it would for a user whose journal sits on a read-only mount.
/// </summary>
public sealed class Unwritable : IDisposable
{
    readonly string path;
    readonly UnixFileMode? mode;

    public Unwritable(string path)
    {
        this.path = path;
        if (Environment.IsPrivilegedProcess) Chattr("+i");
        else
        {
            mode = File.GetUnixFileMode(path);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    void Chattr(string flag)
    {
        using var chattr = Process.Start(new ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true })!;
        var error = chattr.StandardError.ReadToEnd();
        chattr.WaitForExit();
        if (chattr.ExitCode != 0) throw new InvalidOperationException($"chattr {flag} {path} failed: {error}");
    }

    public void Dispose()
    {
        if (mode is { } m) File.SetUnixFileMode(path, m);
        else Chattr("-i");
    }
}
