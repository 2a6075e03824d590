using DmmActors.Addressing;
using DmmActors.Configuration;
using DmmActors.Loading;
using DmmActors.Practices;
using Xunit;

namespace DmmActors.Tests.Scenarios;

public class ScenarioLoaderTests
{
    static InputError Fails(string hocon) => Assert.Throws<InputError>(() => ScenarioLoader.Parse(hocon, "test.conf"));

    [Fact]
    public void The_embedded_default_matches_the_issue()
    {
        var s = ScenarioLoader.LoadDefault();
        Assert.Equal("pmipv6-multi-lma", s.Practice.Name);
        Assert.Equal(20_000, s.MobileNodes);
        Assert.Equal(400, s.AccessRouters);
        Assert.Equal(8, s.Anchors);
        Assert.Equal(ModelTime.FromMilliseconds(0.5), s.ServiceTime);
    }

    [Fact]
    public void A_scenario_only_sets_what_it_changes()
    {
        var s = ScenarioLoader.Parse("dmm.scenario { practice = mipv6-bt, topology.anchors = 3 }", "test.conf");
        Assert.Equal("mipv6-bt", s.Practice.Name);
        Assert.Equal(3, s.Anchors);
        Assert.Equal(20_000, s.MobileNodes);
    }

    [Fact]
    public void The_resolved_text_parses_back_to_the_same_scenario()
    {
        var s = ScenarioLoader.Parse("dmm.scenario { practice = pmipv6, mobile-nodes = 123 }", "test.conf");
        var again = ScenarioLoader.Parse(s.ResolvedText, "resolved");
        Assert.Equal(s with { ResolvedText = "" }, again with { ResolvedText = "" });
    }

    [Fact]
    public void An_unknown_key_is_named_with_a_suggestion()
    {
        var e = Fails("dmm.scenario { mobility { handover-per-node = 3 } }");
        Assert.Contains("'dmm.scenario.mobility.handover-per-node'", e.Message);
        Assert.Contains("did you mean 'dmm.scenario.mobility.handovers-per-node'", e.Message);
    }

    [Fact]
    public void A_key_outside_the_root_is_an_error() =>
        Assert.Contains("outside 'dmm.scenario'", Fails("dmm.scenari { seed = 1 }").Message);

    [Fact]
    public void An_unknown_practice_lists_the_known_ones()
    {
        var e = Fails("dmm.scenario.practice = hmipv7");
        Assert.Contains("dmm.scenario.practice = 'hmipv7' is not a practice", e.Message);
        Assert.Contains("pmipv6-multi-lma", e.Message);
    }

    [Theory]
    [InlineData("dmm.scenario.mobile-nodes = 0", "dmm.scenario.mobile-nodes = 0 is out of range")]
    [InlineData("dmm.scenario.topology.anchors = 500", "dmm.scenario.topology.anchors = 500 is out of range")]
    [InlineData("dmm.scenario.mobile-nodes = lots", "dmm.scenario.mobile-nodes = 'lots' is not an integer")]
    [InlineData("dmm.scenario.topology.hop-delay = fast", "dmm.scenario.topology.hop-delay = 'fast' is not a duration")]
    [InlineData("dmm.scenario.bindings.lifetime = 300000s", "dmm.scenario.bindings.lifetime = 300000s is out of range")]
    [InlineData("dmm.scenario.topology.layout = torus", "dmm.scenario.topology.layout = 'torus' is not supported")]
    [InlineData("dmm.scenario.policy.anchor-assignment = nearest", "dmm.scenario.policy.anchor-assignment = 'nearest' is not supported (supported: first-attachment, identifier)")]
    [InlineData("dmm.scenario.neighbour-discovery.dad = none", "dmm.scenario.neighbour-discovery.dad = 'none' is not supported (supported: standard, optimistic)")]
    [InlineData("dmm.scenario.neighbour-discovery.dup-addr-detect-transmits = 11", "dmm.scenario.neighbour-discovery.dup-addr-detect-transmits = 11 is out of range")]
    [InlineData("dmm.scenario.topology.processing.distribution = gaussian", "dmm.scenario.topology.processing.distribution = 'gaussian' is not supported (supported: fixed, exponential)")]
    [InlineData("dmm.scenario.topology.processing.anchor-servers = -1", "dmm.scenario.topology.processing.anchor-servers = -1 is out of range")]
    [InlineData("dmm.scenario.topology.link-jitter = 11s", "dmm.scenario.topology.link-jitter = 11s is out of range")]
    [InlineData("dmm.scenario.processing-delay = 1ms", "unknown key 'dmm.scenario.processing-delay'")]
    [InlineData("dmm.scenario.multicast.robustness = 8", "dmm.scenario.multicast.robustness = 8 is out of range")]
    [InlineData("dmm.scenario.multicast.query-interval = 40000s", "dmm.scenario.multicast.query-interval = 40000s is out of range")]
    [InlineData("dmm.scenario.multicast.query-interval = 10s", "multicast.query-response-interval (10000ms) must be less than multicast.query-interval (10000ms) (RFC 3810 section 9.3)")]
    [InlineData("dmm.scenario { practice = flat-wifi, flat-wifi.mobility = teleport }", "dmm.scenario.flat-wifi.mobility = 'teleport' is not supported (supported: none, proxy-mobile-ipv6)")]
    [InlineData("dmm.scenario { practice = dmm-cp-dp-split, cp-dp-split.cmd-mode = locator }", "dmm.scenario.cp-dp-split.cmd-mode = 'locator' is not supported (supported: relay, proxy)")]
    [InlineData("dmm.scenario { practice = dmm-cp-dp-split, anchors.programming-delay = 2s }", "dmm.scenario.anchors.programming-delay = 2s is out of range (0ms..1000ms)")]
    [InlineData("dmm.scenario { practice = dmm-cp-dp-split, mobility.dwell = 300s }", "practice dmm-cp-dp-split renews a node's bindings at its moves, so dmm.scenario.bindings.lifetime × dmm.scenario.bindings.refresh-ratio (2880s) must be at least 20 mean dwells (dmm.scenario.mobility.dwell = 300s)")]
    public void A_bad_value_names_its_key(string hocon, string expected) =>
        Assert.Contains(expected, Fails(hocon).Message);

    [Theory]
    [InlineData("dmm.scenario { seed = 1 ", "test.conf:1:14: malformed HOCON: '{' is never closed")]
    [InlineData("dmm.scenario { seed = 1 }}", "test.conf:1:26: malformed HOCON: unexpected '}'")]
    [InlineData("dmm.scenario {\n seed = [1, }", "test.conf:2:13: malformed HOCON: '}' closes the '[' opened at 2:9")]
    [InlineData("dmm.scenario { name = \"x }", "test.conf:1:23: malformed HOCON: unterminated string")]
    [InlineData("dmm.scenario {\n  seed = 1\n  name = @@\n}", "test.conf:3:10: malformed HOCON: '@' is not allowed outside a quoted string")]
    [InlineData("dmm.scenario { practice = ${nope} }", "test.conf: malformed HOCON: Unresolved substitution: nope")]
    public void Malformed_hocon_is_placed_at_its_line_and_column(string hocon, string expected) =>
        Assert.StartsWith(expected, Fails(hocon).Message);

    [Fact]
    public void Brackets_inside_strings_and_comments_do_not_count() =>
        Assert.Equal("x{[", ScenarioLoader.Parse("# a { comment\ndmm.scenario { name = \"x{[\" } // ]", "test.conf").Name);

    /// <summary>Every scenario the repository ships, found from the test's folder upwards.</summary>
    public static IEnumerable<object[]> ShippedScenarios()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (Directory.Exists(Path.Combine(d.FullName, "cluster-config", "scenarios")))
                return Directory.GetFiles(Path.Combine(d.FullName, "cluster-config", "scenarios"), "*.conf").Order().Select(f => new object[] { f });
        throw new DirectoryNotFoundException("cluster-config/scenarios");
    }

    [Theory]
    [MemberData(nameof(ShippedScenarios))]
    public void Every_shipped_scenario_loads_as_dmm_run_reads_it_and_as_dmm_compare_does(string path)
    {
        ScenarioLoader.LoadFile(path);
        ScenarioLoader.LoadForComparison(path, []);
    }
}
