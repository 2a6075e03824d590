using System.Text.Json.Nodes;
using Xunit;

namespace DmmActors.Tests.EndToEnd;

/// <summary>
/// dmm.scenario.attacks through `dmm run`: each attack is refused or discarded whole, hijacks no
/// binding, and leaves the bindings exactly as the same run without it leaves them.
/// </summary>
[Collection("actors")]
public class AttackTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("dmm-attack-").FullName;

    /// <summary>What a practice needs set to show its own signalling: dsmipv6's nodes on IPv4 networks, half behind NATs.</summary>
    static string OwnKeys(string practice) => practice switch
    {
        "dsmipv6" => "traffic.ipv4-share = 0.5, topology.nat-share = 0.5",
        // By distance, one seed gives one run: the clean run's checksum is the attacked one's.
        "pmipv6-runtime-lma" => "anchors.assignment = distance",
        // The flat network's routers are MAGs only with PMIPv6 from the access router; without mobility support they send no PBU.
        "flat-wifi" => "flat-wifi.mobility = proxy-mobile-ipv6",
        _ => "",
    };

    static string Scenario(string practice, string attacks = "", string authentication = "on") => $$"""
        dmm.scenario {
          name = attack
          seed = 5
          practice = {{practice}}
          mobile-nodes = 200
          topology { access-routers = 25, anchors = 3, correspondents = 4 }
          mobility.handovers-per-node = 2
          security.authentication = {{authentication}}
          attacks { {{attacks}} }
          {{OwnKeys(practice)}}
        }
        """;

    (DmmProgram.Result Result, JsonNode Summary) Run(string name, string text)
    {
        var path = Path.Combine(dir, name + ".conf");
        File.WriteAllText(path, text);
        var result = DmmProgram.Run(dir, "run", path, "--out", name);
        var summary = Path.Combine(dir, name, "summary.json");
        Assert.True(File.Exists(summary), result.Stdout + result.Stderr);
        return (result, JsonNode.Parse(File.ReadAllText(summary))!);
    }

    static JsonNode Attack(JsonNode summary, string name) => summary["attacks"]!.AsArray().Single(a => (string)a!["attack"]! == name)!;

    [Theory]
    // A rogue MAG's PBUs carry an authentication under no association of the domain: 154 (RFC 5213 §4).
    [InlineData("pmipv6-multi-lma", "rogue-mag", "rogue-mag { messages = 300 }", "154")]
    // A captured PBU played back a second later is outside the 300 ms window: 156 (RFC 5213 §5.5).
    [InlineData("pmipv6-multi-lma", "replayed-pbu", "replayed-pbu { messages = 300, delay = 1s }", "156")]
    // Protocol state altered on the way (a session more, in the Vendor Specific option the HMAC covers): 154 (issue 24, item 8).
    [InlineData("pmipv6-multi-lma", "tampered-pbu", "tampered-pbu { messages = 300 }", "154")]
    // The same where the LMA first contacted relays new sessions to the one it assigns (RFC 6463 §5.3.2).
    [InlineData("pmipv6-runtime-lma", "rogue-mag", "rogue-mag { messages = 300 }", "154")]
    // The same against a flat Wi-Fi network's access routers with PMIPv6 from them (draft §4.2).
    [InlineData("flat-wifi", "rogue-mag", "rogue-mag { messages = 300 }", "154")]
    // A new session relayed in an LMA's name under a key of the forger's own: the LMA-to-LMA association fails it, 154 (RFC 6463 §3).
    [InlineData("pmipv6-runtime-lma", "forged-relay", "forged-relay { messages = 300 }", "154")]
    // Under a split control plane (RFC 8885): a rogue MAAR's PBUs, and PBUs sent on in an anchor's name (the CMD's among them) to program a route.
    [InlineData("dmm-cp-dp-split", "rogue-mag", "rogue-mag { messages = 300 }", "154")]
    [InlineData("dmm-cp-dp-split", "forged-relay", "forged-relay { messages = 300 }", "154")]
    // A CTD its claimed anchor did not sign is dropped without an answer (RFC 4067 §6).
    [InlineData("dmm-anchor-relocation", "forged-ctd", "forged-ctd { messages = 300 }", null)]
    // A BU under the flooder's association for another node's home address is silently discarded (RFC 6275 §9.5.1).
    [InlineData("mipv6-bt", "bu-flood", "bu-flood { messages = 2000, node = 7 }", null)]
    // The same against the home agents of mobile routers (RFC 3963 §6.1: the router's association with its home agent).
    [InlineData("nemo", "bu-flood", "bu-flood { messages = 2000, node = 7 }", null)]
    // And against a dual-stack node's home agent, its BUs from IPv4 care-of addresses in UDP (RFC 5555 §5: the MN–HA association as RFC 6275's).
    [InlineData("dsmipv6", "bu-flood", "bu-flood { messages = 2000, node = 7 }", null)]
    // And where the access routers tunnel and buffer for the nodes (RFC 5568): the home registration is mipv6-bt's.
    [InlineData("fmipv6", "bu-flood", "bu-flood { messages = 2000, node = 7 }", null)]
    public void An_attack_hijacks_no_binding_and_leaves_the_bindings_as_they_are_without_it(string practice, string attack, string plan,
        string? refusedWith)
    {
        var (baseline, clean) = Run("clean", Scenario(practice));
        Assert.True(baseline.ExitCode == 0, baseline.Stdout + baseline.Stderr);

        var (result, attacked) = Run("attacked", Scenario(practice, plan));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var tally = Attack(attacked, attack);
        var sent = (long)tally["sent"]!;
        Assert.True(sent >= 300, $"{attack} sent {sent}");
        Assert.Equal(0, (long)tally["hijacked"]!);
        if (refusedWith is null) Assert.Equal(sent, (long)tally["discarded"]!);
        else Assert.Equal(sent, (long)tally["refused_with"]![refusedWith]!);
        Assert.Equal(0, (long)attacked["failed_registrations"]!);
        Assert.Equal((string)clean["bindings_checksum"]!, (string)attacked["bindings_checksum"]!);
        Assert.Equal((long)clean["handovers"]!, (long)attacked["handovers"]!);
        Assert.Contains("## Attacks (REQ6)", File.ReadAllText(Path.Combine(dir, "attacked", "summary.md")));
        Assert.Contains("hijacked", result.Stdout);
    }

    [Fact]
    public void Without_authentication_a_rogue_MAG_hijacks_bindings_and_the_run_says_so()
    {
        var (result, summary) = Run("open", Scenario("pmipv6-multi-lma", "rogue-mag { messages = 300 }", authentication: "off"));

        Assert.Equal(1, result.ExitCode);
        Assert.True((long)Attack(summary, "rogue-mag")["hijacked"]! > 0);
        Assert.Contains("bindings hijacked by the attacks", result.Stdout);
    }

    /// <summary>
    /// A replay inside the timestamp window is the re-registration it copies: the binding names
    /// the MAG it named, so nothing is hijacked, the run exits 0 and the bindings are those of the
    /// run without it (issue 24, item 15).
    /// </summary>
    [Fact]
    public void A_replay_inside_the_timestamp_window_is_a_reregistration_and_no_hijack()
    {
        var (baseline, clean) = Run("clean-window", Scenario("pmipv6-multi-lma"));
        Assert.True(baseline.ExitCode == 0, baseline.Stdout + baseline.Stderr);
        var (result, attacked) = Run("replayed-window", Scenario("pmipv6-multi-lma", "replayed-pbu { messages = 20, delay = 100ms }"));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var tally = Attack(attacked, "replayed-pbu");
        Assert.Equal(0, (long)tally["hijacked"]!);
        Assert.True((long)tally["accepted_as_reregistration"]! > 0, tally.ToJsonString());
        Assert.Equal((long)tally["sent"]!, (long)tally["accepted_as_reregistration"]! + (long)tally["refused"]! + (long)tally["discarded"]!);
        Assert.Equal((string)clean["bindings_checksum"]!, (string)attacked["bindings_checksum"]!);
    }

    /// <summary>What the authentication stops in <c>tampered-pbu</c> is real: without it, the altered copies are taken.</summary>
    [Fact]
    public void Without_authentication_tampered_PBUs_are_accepted()
    {
        var (result, summary) = Run("open-tampered", Scenario("pmipv6-multi-lma", "tampered-pbu { messages = 50 }", authentication: "off"));

        Assert.Equal(1, result.ExitCode);
        Assert.True((long)Attack(summary, "tampered-pbu")["hijacked"]! > 0);
    }

    [Fact]
    public void An_attack_the_practice_has_no_signalling_for_is_refused_in_one_line()
    {
        var path = Path.Combine(dir, "flood.conf");
        File.WriteAllText(path, Scenario("pmipv6", "bu-flood { messages = 10 }"));

        // The practices that send BUs, as the catalogue has them: the MIPv6 ones, never a PMIPv6 one.
        var sending = DmmActors.Practices.PracticeCatalog.NamesSending(DmmActors.Protocol.SignalType.BindingUpdate);
        Assert.Contains("mipv6-bt", sending);
        Assert.Contains("hmipv6", sending);
        Assert.DoesNotContain("pmipv6", sending);
        Refusal.AssertRefusedInOneLine(DmmProgram.Run(dir, "run", path, "--out", "flood"),
            $"dmm.scenario.attacks.bu-flood needs a practice whose nodes send BUs ({sending})", Path.Combine(dir, "flood"));

        // A practice that sends PBUs only under one of its keys: refused where that key is off.
        var flat = Path.Combine(dir, "flat.conf");
        File.WriteAllText(flat, Scenario("flat-wifi", "rogue-mag { messages = 10 }").Replace("flat-wifi.mobility = proxy-mobile-ipv6", "flat-wifi.mobility = none"));
        Refusal.AssertRefusedInOneLine(DmmProgram.Run(dir, "run", flat, "--out", "flat"),
            "practice flat-wifi has none to forge with the keys this scenario sets", Path.Combine(dir, "flat"));
    }

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
