using Akka.Actor;
using DmmActors.Capture;
using DmmActors.Control;
using DmmActors.Emulation;

namespace DmmActors.Cluster;

/// <summary>
/// --pcap over a cluster: each member captures what its entities send (a message is captured
/// once, where it leaves), to a file of its own; once every member has reported, the driver
/// fetches the files piece by piece through the cluster and merges them in timestamp order
/// (model time unless --pcap-clock wall) into the one capture the user named.
/// </summary>
public static class ClusterCapture
{
    /// <summary>Well under the transport's 64 MiB frame (cluster.conf).</summary>
    const int ChunkBytes = 8 << 20;

    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static HostedCapture Hosted(CaptureSettings settings) => new(settings.Filter.Expression, settings.DataSample, settings.Clock);

    /// <summary>The member's own capture of a run: a file in its temporary folder, named by run and port.</summary>
    public static CaptureSettings OnMember(HostedCapture capture, string runId, Address self) =>
        new(Path.Combine(Path.GetTempPath(), $"dmm-{runId}-{self.Port}.pcapng"), CaptureFilter.Parse(capture.Filter), capture.DataSample, capture.Clock);

    /// <summary>On a member: closes its capture (once) and reads the piece asked for; the file goes with its last piece.</summary>
    public static async Task<CaptureChunk> ReadAsync(SignalCapture? capture, long offset)
    {
        if (capture is null) return new CaptureChunk([], true, 0, 0, 0, null);
        var report = await capture.CompleteAsync();
        byte[] bytes;
        bool last;
        await using (var file = new FileStream(report.Path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            file.Position = offset;
            bytes = new byte[(int)Math.Min(ChunkBytes, Math.Max(0, file.Length - offset))];
            await file.ReadExactlyAsync(bytes);
            last = offset + bytes.Length >= file.Length;
        }
        if (last) File.Delete(report.Path);
        return new CaptureChunk(bytes, last, report.Frames, report.DataFrames, report.Dropped, report.Failure);
    }

    /// <summary>On the driver: fetches each member's capture beside <paramref name="settings"/>'s file and merges them into it.</summary>
    public static async Task<CaptureReport> CollectAsync(ActorSystem system, RunContext run, IEnumerable<string> members, CaptureSettings settings)
    {
        var parts = new List<string>();
        var last = new List<CaptureChunk>();
        try
        {
            foreach (var member in members)
            {
                var part = $"{settings.Path}.member{parts.Count}";
                parts.Add(part);
                await using var file = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
                var host = system.ActorSelection($"{member}/user/{RunHost.Name}");
                for (long offset = 0; ;)
                {
                    CaptureChunk chunk;
                    try { chunk = await host.Ask<CaptureChunk>(new GetCapture(run.RunId, offset), Timeout); }
                    catch (AskTimeoutException) { throw new RunFailed($"cluster member {member} did not send its capture within {Timeout.TotalSeconds:0} s"); }
                    await file.WriteAsync(chunk.Bytes);
                    offset += chunk.Bytes.Length;
                    if (!chunk.Last) continue;
                    last.Add(chunk);
                    break;
                }
            }
            var scenario = run.Scenario;
            var (frames, bytes) = CaptureMerge.Merge(parts, settings.Path, settings.Comment(run.RunId, scenario.Name, scenario.PracticeName, scenario.Seed));
            return new CaptureReport(settings.Path, frames, last.Sum(c => c.Dropped), last.Sum(c => c.DataFrames), bytes,
                last.Select(c => c.Failure).FirstOrDefault(f => f is not null));
        }
        finally
        {
            foreach (var part in parts) File.Delete(part);
        }
    }
}
