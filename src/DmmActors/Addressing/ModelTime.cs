using System.Globalization;

namespace DmmActors.Addressing;

/// <summary>
/// Emulated time, in microseconds. It is computed from link and processing delays and
/// travels on every signalling message, so metrics taken in model time do not depend on
/// how busy the host machine is (DESIGN.md, "Two clocks").
/// </summary>
public readonly record struct ModelTime(long Microseconds) : IComparable<ModelTime>
{
    public static readonly ModelTime Zero = new(0);

    public static ModelTime FromMilliseconds(double ms) => new((long)Math.Round(ms * 1000.0));
    public static ModelTime FromSeconds(double s) => new((long)Math.Round(s * 1_000_000.0));
    public static ModelTime FromTimeSpan(TimeSpan t) => new(t.Ticks / 10);

    public double Milliseconds => Microseconds / 1000.0;
    public double Seconds => Microseconds / 1_000_000.0;

    public static ModelTime operator +(ModelTime a, ModelTime b) => new(a.Microseconds + b.Microseconds);
    public static ModelTime operator -(ModelTime a, ModelTime b) => new(a.Microseconds - b.Microseconds);
    public static ModelTime operator *(ModelTime a, int k) => new(a.Microseconds * k);
    public static ModelTime Max(ModelTime a, ModelTime b) => a > b ? a : b;
    public static bool operator <(ModelTime a, ModelTime b) => a.Microseconds < b.Microseconds;
    public static bool operator >(ModelTime a, ModelTime b) => a.Microseconds > b.Microseconds;
    public static bool operator <=(ModelTime a, ModelTime b) => a.Microseconds <= b.Microseconds;
    public static bool operator >=(ModelTime a, ModelTime b) => a.Microseconds >= b.Microseconds;

    public int CompareTo(ModelTime other) => Microseconds.CompareTo(other.Microseconds);

    public override string ToString() => Milliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";
}
