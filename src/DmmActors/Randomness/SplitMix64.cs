namespace DmmActors.Randomness;

/// <summary>
/// A small seeded generator (Steele, Lea, Flood 2014). Its output does not depend on the
/// .NET version, so a fixed seed gives the same run everywhere.
/// </summary>
public struct SplitMix64(ulong seed)
{
    ulong state = seed;

    /// <summary>Everything the generator is: a generator built from it draws what this one would draw next.</summary>
    public ulong State => state;

    const ulong Gamma = 0x9E3779B97F4A7C15UL;

    public ulong Next()
    {
        ulong z = state += Gamma;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>
    /// Where the generator stands after <paramref name="draws"/> more draws, without drawing them:
    /// its state only ever grows by the same odd constant, so the state <paramref name="draws"/> on
    /// is known at once (wrapping as the state does).
    /// </summary>
    public void Skip(ulong draws) => state = unchecked(state + draws * Gamma);

    public int NextInt(int exclusiveMax) => (int)(Next() % (ulong)exclusiveMax);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An exponentially distributed draw of this mean (inverse transform of one uniform draw).</summary>
    public double NextExponential(double mean) => -Math.Log(1.0 - NextDouble()) * mean;

    public static ulong Mix(ulong seed, int stream) => new SplitMix64(seed ^ ((ulong)stream * 0xD1B54A32D192ED03UL)).Next();
}
