using DmmActors.Protocol;
using DmmActors.Protocol.Wire;
using DmmActors.Tests.EndToEnd;
using Xunit;

namespace DmmActors.Tests.Wire;

/// <summary>--pcap on `dmm storm` and `dmm compare`, as a user runs them.</summary>
[Collection("actors")]
public class PcapCommandTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("dmm-pcap-cmd-").FullName;
    readonly WireCodec codec = new(36, _ => 0);

    const string Small = """
        dmm.scenario {
          name = pcap-cmd, seed = 3, practice = pmipv6, mobile-nodes = 80
          topology { access-routers = 36, anchors = 4, correspondents = 4 }
          mobility.handovers-per-node = 1
        }
        dmm.storm.phases = [ { type = burst, fraction = 0.5, window = 1s } ]
        """;

    string Scenario()
    {
        var path = Path.Combine(dir, "small.conf");
        File.WriteAllText(path, Small);
        return path;
    }

    [Fact]
    public void A_storm_captures_what_the_filter_keeps_stamped_with_the_wall_clock()
    {
        var before = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10;
        var pcap = Path.Combine(dir, "storm.pcapng");
        var result = DmmProgram.Run(dir, "storm", Scenario(), "--out", "storm", "--pcap", pcap, "--pcap-clock", "wall",
            "--pcap-filter", "type=pbu,pba node=mn0,mn1,mn2,mn3,mn4,mn5,mn6,mn7,mn8,mn9");
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var after = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10;

        var frames = PcapngFile.Read(pcap);
        Assert.NotEmpty(frames);
        foreach (var frame in frames)
        {
            Assert.InRange(frame.TimestampMicros, before, after);
            var message = (ISignal)codec.Decode(frame.Bytes).Message;
            Assert.True(message is ProxyBindingUpdate or ProxyBindingAcknowledgement, message.GetType().Name);
            Assert.InRange(message.Procedure.MobileNode.Index, 0, 9);
        }
        Assert.Empty(Tshark.Run("-r", pcap, "-Y", Tshark.Flawed).Trim());
    }

    [Fact]
    public void A_comparison_writes_one_capture_per_practice()
    {
        var result = DmmProgram.Run(dir, "compare", Scenario(), "--out", "cmp", "--pcap", Path.Combine(dir, "cmp.pcapng"), "--pcap-filter", "type=ra");
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        foreach (var practice in DmmActors.Practices.PracticeCatalog.All)
        {
            var frames = PcapngFile.Read(Path.Combine(dir, $"cmp-{practice.Name}.pcapng"));
            Assert.NotEmpty(frames);
            Assert.All(frames, f => Assert.IsType<RouterAdvertisement>(codec.Decode(f.Bytes).Message));
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
