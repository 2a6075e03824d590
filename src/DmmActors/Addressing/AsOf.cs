namespace DmmActors.Addressing;

/// <summary>
/// A value that changed at a moment of model time, and the value it replaced: what it was at any
/// moment since the change before. The actors learn of a change when its message reaches them,
/// not when it happened; a node that reads a value for an earlier moment (a packet sent before
/// the change reached it) reads it as it stood then.
/// </summary>
public readonly record struct AsOf<T>(T Value, ModelTime Since, T Before)
{
    /// <summary>A value that has held since <paramref name="since"/>, with <paramref name="before"/> before it.</summary>
    public static AsOf<T> From(T before, T value, ModelTime since) => new(value, since, before);

    /// <summary>The value from <paramref name="since"/> on, this one before it.</summary>
    public AsOf<T> Then(T value, ModelTime since) => new(value, since, Value);

    /// <summary>What it was at <paramref name="at"/>.</summary>
    public T At(ModelTime at) => at < Since ? Before : Value;
}
