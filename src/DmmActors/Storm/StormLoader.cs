using Akka.Configuration;
using Akka.Configuration.Hocon;
using DmmActors.Configuration;

namespace DmmActors.Storm;

/// <summary>Reads the dmm.storm block of a scenario file, over the embedded default storm.</summary>
public static class StormLoader
{
    public const string Root = "dmm.storm";

    public static string DefaultText { get; } = EmbeddedConfig.Text("storms.default.conf");

    static readonly Dictionary<string, string[]> KeysOf = new()
    {
        ["inject"] = ["type", "rate", "duration"],
        ["ramp"] = ["type", "from", "to", "duration"],
        ["constant"] = ["type", "in-flight", "duration"],
        ["burst"] = ["type", "fraction", "window"],
    };

    public static StormPlan Parse(string text, string source, int mobileNodes, IncludePolicy? includes = null)
    {
        var user = HoconDocument.Parse(text, source, includes ?? IncludePolicy.None);
        foreach (var path in new[] { "dmm", Root })
            if (user.HasPath(path) && !user.GetValue(path).IsObject())
                throw new InputError($"{source}: {path} must be an object such as {Root} {{ phases = [...] }}");
        var storm = user.WithFallback(ConfigurationFactory.ParseString(DefaultText)).GetConfig(Root);
        var known = new[] { "phases", "thresholds" };
        foreach (var key in storm.Root.GetObject().Items.Keys.Where(k => !known.Contains(k)))
            throw new InputError($"{source}: unknown key '{Root}.{key}' (keys: {string.Join(", ", known)})");

        var list = storm.GetValue("phases");
        IList<HoconValue> items;
        try { items = list?.GetArray() ?? throw new InvalidOperationException(); }
        catch (Exception e) when (e is not InputError) { throw new InputError($"{source}: {Root}.phases must be a list of phases"); }
        var phases = items.Select((value, i) => Phase(value, $"{source}: {Root}.phases[{i}]", mobileNodes)).ToArray();
        if (phases.Length == 0) throw new InputError($"{source}: {Root}.phases is empty; a storm needs at least one phase");
        return new StormPlan(phases, Thresholds(storm.GetConfig("thresholds"), $"{source}: {Root}.thresholds"));
    }

    static LoadPhase Phase(HoconValue value, string where, int mobileNodes)
    {
        if (!value.IsObject()) throw new InputError($"{where} must be an object such as {{ type = inject, rate = 1000, duration = 5s }}");
        var c = new Config(new HoconRoot(value));
        var type = c.GetString("type") ?? throw new InputError($"{where} has no type (types: {string.Join(", ", KeysOf.Keys)})");
        if (!KeysOf.TryGetValue(type, out var keys))
            throw new InputError($"{where}.type = '{type}' is not a load phase (types: {string.Join(", ", KeysOf.Keys)})");
        foreach (var key in value.GetObject().Items.Keys.Where(k => !keys.Contains(k)))
            throw new InputError($"{where}: '{key}' does not apply to a {type} phase (keys: {string.Join(", ", keys.Skip(1))})");
        return type switch
        {
            "inject" => new InjectPhase(Number(c, "rate", where, 0.001, 10_000_000), Duration(c, "duration", where)),
            "ramp" => new RampPhase(Number(c, "from", where, 0, 10_000_000), Number(c, "to", where, 0, 10_000_000), Duration(c, "duration", where)),
            "constant" => new ConstantPhase((int)Number(c, "in-flight", where, 1, mobileNodes), Duration(c, "duration", where)),
            _ => new BurstPhase(Number(c, "fraction", where, 0.000001, 1), Duration(c, "window", where)),
        };
    }

    static StormThresholds Thresholds(Config c, string where) => new(
        Off(c, "handover-p99") ? null : Duration(c, "handover-p99", where),
        Off(c, "lost-bindings") ? null : (long)Number(c, "lost-bindings", where, 0, long.MaxValue),
        Off(c, "failed-registrations") ? null : (long)Number(c, "failed-registrations", where, 0, long.MaxValue));

    static bool Off(Config c, string key) => c.GetString(key) is "off" or "false";

    static double Number(Config c, string key, string where, double min, double max)
    {
        if (!c.HasPath(key)) throw new InputError($"{where}.{key} is missing");
        double value;
        try { value = c.GetDouble(key); }
        catch (Exception) { throw new InputError($"{where}.{key} = '{c.GetString(key)}' is not a number"); }
        return value >= min && value <= max ? value : throw new InputError($"{where}.{key} = {value} is out of range ({min}..{max})");
    }

    static TimeSpan Duration(Config c, string key, string where)
    {
        if (!c.HasPath(key)) throw new InputError($"{where}.{key} is missing");
        return WallClockDuration.Parse(c.GetString(key), $"{where}.{key} =");
    }
}
