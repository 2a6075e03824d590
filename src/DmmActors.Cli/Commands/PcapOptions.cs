using System.Globalization;
using DmmActors.Capture;
using DmmActors.Cli.CommandLine;
using DmmActors.Configuration;
using DmmActors.Reports;

namespace DmmActors.Cli.Commands;

/// <summary>
/// --pcap FILE and the options that shape the capture: --pcap-filter "type=pbu,pba node=mn3",
/// --pcap-data-sample F (the share of data packets kept, default 0.01), --pcap-clock model|wall.
/// </summary>
public static class PcapOptions
{
    static readonly string[] Shaping = ["--pcap-filter", "--pcap-data-sample", "--pcap-clock"];

    public const double DefaultDataSample = 0.01;

    /// <summary>The capture asked for, or null; every option is checked before anything is written.</summary>
    public static CaptureSettings? From(Arguments args, CaptureClock defaultClock = CaptureClock.Model)
    {
        var path = args.Option("--pcap");
        if (path is null)
        {
            var stray = Shaping.FirstOrDefault(o => args.Option(o) is not null);
            if (stray is not null) throw new InputError($"{stray} only applies with --pcap FILE");
            return null;
        }
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new InputError($"--pcap {full}: is a directory, not a file");
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder)) throw new InputError($"--pcap {full}: the folder {folder} does not exist");
        var sample = DefaultDataSample;
        if (args.Option("--pcap-data-sample") is { } raw &&
            (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out sample) || sample is < 0 or > 1 || double.IsNaN(sample)))
            throw new InputError($"option --pcap-data-sample = '{raw}' must be a share of data packets in 0..1");
        var clock = args.Option("--pcap-clock") switch
        {
            null => defaultClock,
            "model" => CaptureClock.Model,
            "wall" => CaptureClock.Wall,
            var other => throw new InputError($"option --pcap-clock = '{other}' must be model or wall"),
        };
        return new CaptureSettings(full, CaptureFilter.Parse(args.Option("--pcap-filter")), sample, clock);
    }

    /// <summary>For one of several runs (dmm compare): FILE.pcapng becomes FILE-&lt;variant&gt;.pcapng.</summary>
    public static CaptureSettings ForVariant(CaptureSettings settings, string variant)
    {
        var extension = Path.GetExtension(settings.Path);
        var stem = settings.Path[..^extension.Length];
        return settings with { Path = $"{stem}-{variant}{(extension.Length == 0 ? ".pcapng" : extension)}" };
    }

    public static void Print(RunSummary summary)
    {
        if (summary.Capture is not { } c) return;
        Console.WriteLine($"pcap: {c.Frames:N0} frames ({c.DataFrames:N0} data) written to {c.Path}, {c.Bytes / 1e6:N1} MB" +
                          (c.Dropped > 0 ? $"; {c.Dropped:N0} dropped, the writer fell behind" : ""));
        if (c.Failure is not null) Console.WriteLine($"pcap: a message could not be encoded: {c.Failure}");
    }
}
