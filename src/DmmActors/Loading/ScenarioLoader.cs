using Akka.Configuration;
using Akka.Configuration.Hocon;
using DmmActors.Addressing;
using DmmActors.Configuration;
using DmmActors.Practices;
using DmmActors.Scenarios;

namespace DmmActors.Loading;

/// <summary>
/// Reads a scenario from HOCON, layered over the embedded default. Every problem names the
/// key: an unknown key (with a suggestion), a value of the wrong type, or one out of range.
/// </summary>
public static class ScenarioLoader
{
    public static string DefaultText { get; } = ReadDefault();

    public static Scenario LoadDefault() => Parse(DefaultText, "embedded default");

    public static Scenario LoadFile(string path) => Parse(ReadFile(path), path, IncludePolicy.ForFile(path));

    /// <summary>A scenario file (or the embedded default) with keys set over it, e.g. by a command-line switch.</summary>
    public static Scenario Load(string? path, IEnumerable<string> overrides, bool allowInclude = false) =>
        Load(path, overrides, allowInclude, underEveryPractice: false);

    static Scenario Load(string? path, IEnumerable<string> overrides, bool allowInclude, bool underEveryPractice) =>
        Parse(WithOverrides(path is null ? DefaultText : ReadFile(path), overrides), path ?? "embedded default", IncludePolicy.ForFile(path, allowInclude), underEveryPractice);

    /// <summary>
    /// A scenario that `dmm compare` runs under every practice: each run switches the other
    /// practices' own mechanisms off (<see cref="Practice.KeysOffUnderAnotherPractice"/>), so a key
    /// that only some practices take is not refused here; each run's scenario is checked in full.
    /// </summary>
    public static Scenario LoadForComparison(string? path, IEnumerable<string> overrides, bool allowInclude = false) =>
        Load(path, overrides, allowInclude, underEveryPractice: true);

    /// <summary>HOCON's later definition wins, so each override goes after the text.</summary>
    public static string WithOverrides(string text, IEnumerable<string> overrides) =>
        string.Join("\n", [text, .. overrides.Select(o => $"{ScenarioKeys.Root}.{o}")]);

    /// <summary>A scenario file's text, or a user error naming the file.</summary>
    public static string ReadFile(string path) => IncludePolicy.Read(path, "scenario file");

    /// <summary>A scenario from HOCON text; <paramref name="includes"/> says where its includes may read (by default nowhere).</summary>
    public static Scenario Parse(string text, string source, IncludePolicy? includes = null) => Parse(text, source, includes, underEveryPractice: false);

    /// <summary>
    /// Keys an earlier version wrote under another name, and their names now. A journal's
    /// recorded scenario is read with them renamed, so nothing already persisted becomes
    /// unreadable; a user's file that still uses one is refused with the new name.
    /// </summary>
    static readonly IReadOnlyDictionary<string, string> Renamed = new Dictionary<string, string>
    {
        [$"{ScenarioKeys.Root}.processing-delay"] = $"{ScenarioKeys.Root}.topology.processing.service-time",
    };

    /// <summary>The scenario a journal recorded when its run started, written by this version or an earlier one.</summary>
    public static Scenario ParseRecorded(string text, string source) => Parse(text, source, IncludePolicy.None, underEveryPractice: false, recorded: true);

    static Scenario Parse(string text, string source, IncludePolicy? includes, bool underEveryPractice, bool recorded = false)
    {
        var user = HoconDocument.Parse(text, source, includes ?? IncludePolicy.None);
        // A recorded scenario's old names are read as the new; nothing else about it changes.
        if (recorded)
            foreach (var (old, now) in Renamed.Where(r => user.HasPath(r.Key) && !user.HasPath(r.Value)))
                user = ConfigurationFactory.ParseString($"{now} = {user.GetString(old)}").WithFallback(user);

        var defaults = ConfigurationFactory.ParseString(DefaultText);
        var known = LeafPaths(defaults.Root).ToHashSet();
        foreach (var path in LeafPaths(user.Root))
        {
            // A storm block may sit beside the scenario; `dmm storm` reads it (StormLoader).
            if (known.Contains(path) || path == "dmm.storm" || path.StartsWith("dmm.storm.") || recorded && Renamed.ContainsKey(path)) continue;
            var hint = Renamed.TryGetValue(path, out var now) ? $" (it is '{now}' now)" : Suggest(path, known);
            throw new InputError(path.StartsWith(ScenarioKeys.Root + ".")
                ? $"{source}: unknown key '{path}'{hint}"
                : $"{source}: key '{path}' is outside '{ScenarioKeys.Root}'{hint}");
        }

        var merged = user.WithFallback(defaults);
        var c = new ScenarioKeys(merged.GetConfig(ScenarioKeys.Root), source);
        var practiceName = c.String("practice");
        if (!PracticeCatalog.TryGet(practiceName, out var practice))
            throw new InputError($"{source}: {ScenarioKeys.Root}.practice = '{practiceName}' is not a practice " +
                                    $"(known: {string.Join(", ", PracticeCatalog.All.Select(p => p.Name))})");

        var accessRouters = c.Int("topology.access-routers", 2, 4_000_000);
        var scenario = new Scenario(
            Name: c.String("name"),
            Seed: (ulong)c.Long("seed", 0, long.MaxValue),
            PracticeName: practice.Name,
            MobileNodes: c.Int("mobile-nodes", 1, Prefix64.MaxSubnets - 1),
            Layout: c.OneOf("topology.layout", "grid"),
            AccessRouters: accessRouters,
            RequestedAnchors: c.Int("topology.anchors", 1, Math.Min(accessRouters, Prefix64.MaxAnchors)),
            Correspondents: c.Int("topology.correspondents", 1, 1_000_000),
            HopDelay: c.Duration("topology.hop-delay", ModelTime.Zero, ModelTime.FromSeconds(10)),
            AnchorLinkDelay: c.Duration("topology.anchor-link-delay", ModelTime.Zero, ModelTime.FromSeconds(10)),
            CorrespondentLinkDelay: c.Duration("topology.correspondent-link-delay", ModelTime.Zero, ModelTime.FromSeconds(10)),
            RadioDelay: c.Duration("topology.radio-delay", ModelTime.Zero, ModelTime.FromSeconds(10)),
            MobilityModel: c.OneOf("mobility.model", "random-walk"),
            HandoversPerNode: c.Int("mobility.handovers-per-node", 0, 10_000),
            Dwell: c.Duration("mobility.dwell", ModelTime.FromMilliseconds(1), ModelTime.FromSeconds(86_400)),
            L2HandoverDelay: c.Duration("mobility.l2-handover-delay", ModelTime.Zero, ModelTime.FromSeconds(60)),
            SessionsPerNode: c.Int("traffic.sessions-per-node", 0, 64),
            // RFC 6275 §6.1.7: 16-bit lifetime in 4-second units.
            BindingLifetime: c.Duration("bindings.lifetime", ModelTime.FromSeconds(4), ModelTime.FromSeconds(262_140)),
            MaxBindingLifetime: c.Duration("bindings.max-lifetime", ModelTime.FromSeconds(4), ModelTime.FromSeconds(262_140)),
            RefreshRatio: c.Fraction("bindings.refresh-ratio", 0.1, 0.95),
            ServiceTime: c.Duration("topology.processing.service-time", ModelTime.Zero, ModelTime.FromSeconds(10)),
            MaxInFlight: c.Int("emulator.max-in-flight", 1, 10_000_000))
        {
            // Kept whole, defaults included, so a journal's run can be rebuilt even if the
            // embedded default changes in a later version.
            ResolvedText = merged.ToString(includeFallback: true),
            Traffic = new TrafficSettings(
                c.Duration("traffic.session-duration", ModelTime.Zero, ModelTime.FromSeconds(86_400)),
                c.Fraction("traffic.continuity-share", 0, 1),
                c.Fraction("traffic.flow-rate", 0, 10_000),
                c.Fraction("traffic.mn-to-mn-share", 0, 1),
                c.Fraction("traffic.offload-share", 0, 1)),
            Security = new SecuritySettings(c.Bool("security.authentication"),
                c.Duration("security.timestamp-validity-window", ModelTime.FromMilliseconds(1), ModelTime.FromSeconds(3600))),
            Multicast = new MulticastSettings(
                c.Bool("multicast.enabled"),
                c.Enum<MulticastMode>("multicast.mode"),
                c.Int("multicast.groups", 1, 4096),
                c.Fraction("multicast.listener-share", 0, 1),
                c.Duration("multicast.packet-interval", ModelTime.FromMilliseconds(1), ModelTime.FromSeconds(3600)))
            {
                // RFC 3810 §5.1.3: what the Maximum Response Code can say, about 8387 s.
                QueryResponseInterval = c.Duration("multicast.query-response-interval", ModelTime.Zero, ModelTime.FromSeconds(8_387)),
                // RFC 3810 §5.1.9: what the QQIC can say; §5.1.8: the QRV's 3 bits, 0 meaning none.
                QueryInterval = c.Duration("multicast.query-interval", ModelTime.FromSeconds(1), Protocol.QueryIntervalCode.Largest),
                Robustness = c.Int("multicast.robustness", 1, 7),
                Leave = c.Enum<ListenerExpiry>("multicast.leave"),
            },
            AnchorAssignment = c.Enum<AnchorAssignment>("policy.anchor-assignment"),
            Processing = new ProcessingSettings(c.Enum<ServiceDistribution>("topology.processing.distribution"),
                c.Int("topology.processing.servers", 0, 1024), c.Int("topology.processing.anchor-servers", 0, 1024),
                c.Duration("topology.link-jitter", ModelTime.Zero, ModelTime.FromSeconds(10))),
            NeighbourDiscovery = new NeighbourDiscoverySettings(
                c.Duration("neighbour-discovery.max-ra-delay", ModelTime.Zero, ModelTime.FromSeconds(10)),
                c.Enum<DadMode>("neighbour-discovery.dad"),
                c.Duration("neighbour-discovery.retrans-timer", ModelTime.FromMilliseconds(1), ModelTime.FromSeconds(60)),
                c.Int("neighbour-discovery.dup-addr-detect-transmits", 0, 10)),
            Overload = new OverloadSettings(c.Int("overload.high-water", 0, 100_000_000), c.Int("overload.capacity", 0, 100_000_000)),
            Attacks = new AttackSettings([
                new(AttackKind.RogueMag, c.Int("attacks.rogue-mag.messages", 0, 10_000_000),
                    c.Duration("attacks.rogue-mag.interval", new ModelTime(1), ModelTime.FromSeconds(3600))),
                new(AttackKind.ReplayedPbu, c.Int("attacks.replayed-pbu.messages", 0, 10_000_000),
                    c.Duration("attacks.replayed-pbu.delay", ModelTime.Zero, ModelTime.FromSeconds(86_400))),
                new(AttackKind.ForgedCtd, c.Int("attacks.forged-ctd.messages", 0, 10_000_000),
                    c.Duration("attacks.forged-ctd.interval", new ModelTime(1), ModelTime.FromSeconds(3600))),
                new(AttackKind.TamperedPbu, c.Int("attacks.tampered-pbu.messages", 0, 10_000_000), ModelTime.Zero),
                new(AttackKind.ForgedRelay, c.Int("attacks.forged-relay.messages", 0, 10_000_000),
                    c.Duration("attacks.forged-relay.interval", new ModelTime(1), ModelTime.FromSeconds(3600))),
                new(AttackKind.BuFlood, c.Int("attacks.bu-flood.messages", 0, 10_000_000),
                    c.Duration("attacks.bu-flood.interval", new ModelTime(1), ModelTime.FromSeconds(3600)),
                    c.Int("attacks.bu-flood.node", 0, int.MaxValue)),
            ]),
        };

        scenario = scenario with { PracticeSettings = practice.ReadSettings(c, scenario) };
        if (accessRouters < 2)
            throw new InputError($"{source}: {ScenarioKeys.Root}.topology.access-routers must be at least 2 for nodes to move");
        // Each anchor needs a /36 pool of its own (Prefix64); a practice may put one on every access router.
        if (scenario.Anchors > Prefix64.MaxAnchors)
            throw new InputError($"{source}: practice {practice.Name} deploys {scenario.Anchors} anchors here, more than the {Prefix64.MaxAnchors} " +
                                 $"anchor pools ({ScenarioKeys.Root}.topology.access-routers = {accessRouters}; {practice.Name} puts an anchor on " +
                                 $"every access router)");
        // RFC 3810 §9.3: the Query Response Interval must be less than the Query Interval.
        if (scenario.Multicast.QueryResponseInterval >= scenario.Multicast.QueryInterval)
            throw new InputError($"{source}: {ScenarioKeys.Root}.multicast.query-response-interval ({scenario.Multicast.QueryResponseInterval}) " +
                                 $"must be less than multicast.query-interval ({scenario.Multicast.QueryInterval}) (RFC 3810 section 9.3)");
        practice.Validate(scenario, source);
        if (!underEveryPractice)
            foreach (var other in PracticeCatalog.All.Where(p => p != practice)) other.RefuseUnderAnotherPractice(scenario, c, source);
        Attacks.AttackApplicability.RefuseWhereInapplicable(scenario, practice.SignalsUnder(scenario.PracticeSettings), practice.Signals, source);
        return scenario;
    }

    static string ReadDefault() => EmbeddedConfig.Text("scenarios.default.conf");

    static IEnumerable<string> LeafPaths(HoconValue value, string prefix = "")
    {
        if (!value.IsObject())
        {
            yield return prefix;
            yield break;
        }
        foreach (var (key, child) in value.GetObject().Items)
        foreach (var leaf in LeafPaths(child, prefix.Length == 0 ? key : prefix + "." + key))
            yield return leaf;
    }

    static string Suggest(string path, IEnumerable<string> known) =>
        Suggestion.Closest(path, known) is { } best ? $" (did you mean '{best}'?)" : "";
}
