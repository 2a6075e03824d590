using DmmActors.Addressing;
using DmmActors.Capture;
using DmmActors.Configuration;
using DmmActors.Protocol;
using DmmActors.Protocol.Wire;
using DmmActors.Tests.EndToEnd;
using Xunit;

namespace DmmActors.Tests.Wire;

public class CaptureTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("dmm-capture-").FullName;
    static readonly WireCodec Codec = new(WireSamples.AccessRouters, WireSamples.HomeAgentOf);

    static RouterSolicitation Rs(int mn, int number, long sentAtMicros) =>
        new(new ProcedureRef(new MnIdentifier(mn), number, ProcedureKind.Handover), new ModelTime(sentAtMicros), new MnIdentifier(mn));

    [Fact]
    public void The_filter_keeps_the_types_and_nodes_named()
    {
        var filter = CaptureFilter.Parse("type=rs,pbu node=mn3,7");
        Assert.True(filter.Keeps(Rs(3, 1, 0)));
        Assert.True(filter.Keeps(Rs(7, 1, 0)));
        Assert.False(filter.Keeps(Rs(4, 1, 0)));
        var dereg = new ProxyBindingUpdate(Rs(3, 1, 0).Procedure, ModelTime.Zero, new MnIdentifier(3), Prefix64.None,
            HandoffIndicator.HandoffStateUnknown, 2, ModelTime.Zero, 0, 1);
        Assert.True(filter.Keeps(dereg), "a de-registration is a PBU on the wire");
        var ra = new RouterAdvertisement(Rs(3, 1, 0).Procedure, ModelTime.Zero, 1, Prefix64.AccessLink(1));
        Assert.False(filter.Keeps(ra));
        Assert.False(filter.KeepsData(new DataPacket(1, new MnIdentifier(3), Prefix64.None, 0, ModelTime.Zero, ModelTime.Zero, 0, 0)));
        Assert.True(CaptureFilter.Parse("type=data").KeepsData(new DataPacket(1, new MnIdentifier(3), Prefix64.None, 0, ModelTime.Zero, ModelTime.Zero, 0, 0)));
        // 3GPP's: GTPv2-C's six messages by one name, the DNS's query and answer, S1-AP.
        var epc = CaptureFilter.Parse("type=gtp-c,s1ap");
        var procedure = Rs(3, 1, 0).Procedure;
        Assert.True(epc.Keeps(new DeleteSessionResponse(procedure, ModelTime.Zero, 1, 1, GtpCause.RequestAccepted)));
        Assert.True(epc.Keeps(new S1apMessage(procedure, ModelTime.Zero, S1apProcedure.PathSwitchRequest, S1apPdu.InitiatingMessage, new MnIdentifier(3), 1)));
        Assert.False(epc.Keeps(new GatewayQuery(procedure, ModelTime.Zero, 1, 1, GatewayService.Sgw)));
        Assert.True(CaptureFilter.Parse("type=dns").Keeps(new GatewayQuery(procedure, ModelTime.Zero, 1, 1, GatewayService.Sgw)));
    }

    [Theory]
    [InlineData("type=pbx", "--pcap-filter type 'pbx' is unknown")]
    [InlineData("mode=fast", "--pcap-filter key 'mode' is unknown")]
    [InlineData("node=mnX", "--pcap-filter node 'mnX' is not a mobile node")]
    [InlineData("pbu", "--pcap-filter term 'pbu' is not key=value")]
    public void A_bad_filter_is_refused_naming_the_term(string expression, string expected)
    {
        var error = Assert.Throws<InputError>(() => CaptureFilter.Parse(expression));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void The_spool_writes_packets_in_timestamp_order_across_spilled_runs_with_ties_in_send_order()
    {
        var path = Path.Combine(dir, "sorted.pcapng");
        var random = new Random(5);
        var sent = Enumerable.Range(0, 3000).Select(i => (Bytes: Codec.Encode(Rs(i, i, 0), Endpoint.MobileNode(new MnIdentifier(i), 0), Endpoint.AccessRouter(0)),
            Timestamp: (long)random.Next(0, 500))).ToArray();
        using (var pcap = new PcapngWriter(File.Create(path), "test", "test", "spool"))
        {
            // A chunk holds about 100 of these packets, so the merge reads some 30 runs.
            var spool = new TimeOrderedSpool(path, chunkBytes: 8 * 1024);
            foreach (var (bytes, ts) in sent) spool.Add(bytes, ts);
            spool.Drain(pcap);
        }
        var frames = PcapngFile.Read(path);
        Assert.Equal(sent.Length, frames.Count);
        var expected = sent.Select((s, i) => (s.Timestamp, i)).OrderBy(x => x.Timestamp).ThenBy(x => x.i).ToArray();
        Assert.Equal(expected.Select(x => x.Timestamp), frames.Select(f => f.TimestampMicros));
        Assert.Equal(expected.Select(x => x.i), frames.Select(f => ((RouterSolicitation)Codec.Decode(f.Bytes).Message).MnId.Index));
        Assert.Empty(Directory.GetFiles(dir, "*.run*"));
    }

    [Fact]
    public void Captures_of_several_members_merge_in_timestamp_order_each_keeping_its_own_order_at_equal_times()
    {
        var random = new Random(7);
        var parts = new List<string>();
        var sent = new List<(long Timestamp, int Part, int Index)>();
        for (int part = 0; part < 3; part++)
        {
            var path = Path.Combine(dir, $"member{part}.pcapng");
            parts.Add(path);
            long ts = 0;
            using var pcap = new PcapngWriter(File.Create(path), "test", "test", $"member {part}");
            for (int i = 0; i < 400; i++)
            {
                ts += random.Next(0, 3); // equal timestamps within a member and across members
                pcap.Packet(Codec.Encode(Rs(part * 1000 + i, i, ts), Endpoint.MobileNode(new MnIdentifier(part * 1000 + i), 0), Endpoint.AccessRouter(0)), ts);
                sent.Add((ts, part, i));
            }
        }
        var merged = Path.Combine(dir, "merged.pcapng");
        var (frames, bytes) = CaptureMerge.Merge(parts, merged, "merged");
        var read = PcapngFile.Read(merged);
        Assert.Equal(1200, frames);
        Assert.Equal(new FileInfo(merged).Length, bytes);
        var expected = sent.OrderBy(s => s.Timestamp).ThenBy(s => s.Part).ThenBy(s => s.Index).ToArray();
        Assert.Equal(expected.Select(e => e.Timestamp), read.Select(f => f.TimestampMicros));
        Assert.Equal(expected.Select(e => e.Part * 1000 + e.Index), read.Select(f => ((RouterSolicitation)Codec.Decode(f.Bytes).Message).MnId.Index));
    }

    [Fact]
    public async Task A_full_queue_drops_and_counts_rather_than_holding_the_sender()
    {
        var settings = new CaptureSettings(Path.Combine(dir, "full.pcapng"), CaptureFilter.All, 0, CaptureClock.Wall) { QueueCapacity = 4 };
        var capture = settings.Open(Codec, "queue test");
        for (int i = 0; i < 100_000; i++) capture.Signal(Rs(i % 100, i, i), Endpoint.MobileNode(new MnIdentifier(i % 100), 0), Endpoint.AccessRouter(0), new ModelTime(i));
        var report = await capture.CompleteAsync();
        Assert.Equal(100_000, report.Frames + report.Dropped);
        Assert.True(report.Dropped > 0, "a queue of 4 keeps up with 100,000 messages offered at once");
        Assert.Equal(report.Frames, PcapngFile.Read(settings.Path).Count);
    }

    [Theory]
    [InlineData("--pcap-data-sample", "2", "option --pcap-data-sample = '2' must be a share of data packets in 0..1")]
    [InlineData("--pcap-clock", "sundial", "option --pcap-clock = 'sundial' must be model or wall")]
    [InlineData("--pcap-filter", "type=nonsense", "--pcap-filter type 'nonsense' is unknown")]
    public void Bad_capture_options_are_refused_in_one_line_before_anything_is_written(string option, string value, string expected)
    {
        var result = DmmProgram.Run(dir, "run", "--out", "out", "--pcap", "run.pcapng", option, value);
        Refusal.AssertRefusedInOneLine(result, expected, Path.Combine(dir, "out"));
        Assert.False(File.Exists(Path.Combine(dir, "run.pcapng")));
    }

    [Fact]
    public void A_capture_option_without_pcap_is_refused()
    {
        var result = DmmProgram.Run(dir, "storm", "--out", "out", "--pcap-filter", "type=pbu");
        Refusal.AssertRefusedInOneLine(result, "--pcap-filter only applies with --pcap FILE", Path.Combine(dir, "out"));
    }

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
