using Akka.Configuration;
using DmmActors.Addressing;

namespace DmmActors.Configuration;

/// <summary>Typed access to the keys under dmm.scenario that turns every bad value into an InputError naming its key.</summary>
public sealed class ScenarioKeys(Config config, string source)
{
    /// <summary>The path every scenario key lives under.</summary>
    public const string Root = "dmm.scenario";

    public string String(string key) => Get(key, "a string", () => config.GetString(key));

    public string OneOf(string key, params string[] allowed)
    {
        var value = String(key);
        return allowed.Contains(value) ? value
            : throw Error(key, $"= '{value}' is not supported (supported: {string.Join(", ", allowed)})");
    }

    /// <summary>One of an enum's values, written as HOCON keys are: lower case, words joined by '-' (FirstAttachment: first-attachment).</summary>
    public T Enum<T>(string key) where T : struct, System.Enum
    {
        var values = System.Enum.GetValues<T>();
        var names = values.Select(v => string.Concat(v.ToString().Select((ch, i) => char.IsUpper(ch) && i > 0 ? $"-{char.ToLowerInvariant(ch)}" : $"{char.ToLowerInvariant(ch)}"))).ToArray();
        return values[Array.IndexOf(names, OneOf(key, names))];
    }

    public bool Bool(string key) => Get(key, "on or off", () => config.GetBoolean(key));

    public long Long(string key, long min, long max)
    {
        var value = Get(key, "an integer", () => config.GetLong(key));
        return value >= min && value <= max ? value : throw Error(key, $"= {value} is out of range ({min}..{max})");
    }

    public int Int(string key, int min, int max) => (int)Long(key, min, max);

    public double Fraction(string key, double min, double max)
    {
        var value = Get(key, "a number", () => config.GetDouble(key));
        return value >= min && value <= max ? value : throw Error(key, $"= {value} is out of range ({min}..{max})");
    }

    /// <summary>A duration in whole seconds, as a field that counts seconds holds it.</summary>
    public ModelTime WholeSeconds(string key, ModelTime min, ModelTime max)
    {
        var value = Duration(key, min, max);
        return value.Microseconds % 1_000_000 == 0 ? value : throw Error(key, $"= {SafeRaw(key)} is not a whole number of seconds");
    }

    public ModelTime Duration(string key, ModelTime min, ModelTime max)
    {
        var raw = String(key);
        var value = ModelTime.FromTimeSpan(Get(key, "a duration such as 2ms or 30s", () => config.GetTimeSpan(key, allowInfinite: false)));
        return value >= min && value <= max ? value : throw Error(key, $"= {raw} is out of range ({min}..{max})");
    }

    T Get<T>(string key, string expected, Func<T> read)
    {
        try { return read(); }
        catch (Exception e) when (e is not InputError)
        { throw Error(key, $"= '{SafeRaw(key)}' is not {expected}"); }
    }

    string SafeRaw(string key)
    {
        try { return config.GetString(key); } catch { return "?"; }
    }

    InputError Error(string key, string problem) => new($"{source}: {Root}.{key} {problem}");
}
