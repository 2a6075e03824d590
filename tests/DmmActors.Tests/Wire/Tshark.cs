using System.Diagnostics;

namespace DmmActors.Tests.Wire;

/// <summary>Wireshark's command-line dissector, run on a capture; .ci/run installs it (Debian package tshark).</summary>
public static class Tshark
{
    /// <summary>
    /// The display filter of frames Wireshark finds malformed or warns about. A Home Agent Switch
    /// (MH type 12) is left out: Wireshark's dissect_mip6_has returns the message's length without
    /// the mobility header's own six octets, so it reads the mobility options from inside the last
    /// home agent address and flags any switch that has options (RFC 5142 §5.1 puts them after the
    /// addresses, as the emulator writes them). Its fields are checked as sent all the same. So are
    /// RFC 6705's LRI and LRA (MH types 17, 18): Wireshark 4.0's dissect_pmip6_lri and lra read the
    /// fixed part from the mobility header's first octet rather than its seventh (an LRI's
    /// "Sequence" shows the payload proto and header length, 0x3b..), and the options from there.
    /// </summary>
    public const string Flawed = "(_ws.malformed || _ws.expert.severity >= 0x00600000) && !(mip6.mhtype == 12 || mip6.mhtype == 17 || mip6.mhtype == 18)";

    public static string Run(params string[] args)
    {
        var info = new ProcessStartInfo("tshark") { RedirectStandardOutput = true, RedirectStandardError = true };
        // Wireshark dissects nothing on RFC 5555's UDP port 4191; what rides there is an IP packet, IPv6 or IPv4.
        foreach (var a in (string[])["-d", "udp.port==4191,ip", .. args]) info.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(info)!; }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("tshark is not installed: the wire tests check captures with Wireshark's dissector (apt-get install tshark; .ci/run does it)");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2))) { process.Kill(); throw new TimeoutException($"tshark {string.Join(' ', args)}"); }
            if (process.ExitCode != 0) throw new InvalidOperationException($"tshark {string.Join(' ', args)} exited {process.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
    }

    /// <summary>One row per frame: the values of <paramref name="fields"/>, each a list (a field may occur more than once in a frame).</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string[]>> Fields(string pcap, params string[] fields) => Fields(pcap, [], fields);

    /// <summary>The same, with preferences (<paramref name="options"/>: -o pairs, such as the keys of the run's IPsec SAs).</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string[]>> Fields(string pcap, IEnumerable<string> options, params string[] fields)
    {
        var args = new List<string> { "-r", pcap, "-T", "fields", "-E", "separator=\t", "-E", "aggregator=|", "-E", "occurrence=a", "-e", "frame.number" };
        args.AddRange(options);
        foreach (var f in fields) { args.Add("-e"); args.Add(f); }
        var rows = new List<IReadOnlyDictionary<string, string[]>>();
        foreach (var line in Run([.. args]).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var cells = line.Split('\t');
            var row = new Dictionary<string, string[]>();
            for (int i = 0; i < fields.Length; i++)
                row[fields[i]] = i + 1 < cells.Length && cells[i + 1].Length > 0 ? cells[i + 1].Split('|') : [];
            rows.Add(row);
        }
        return rows;
    }
}
