namespace DmmActors.Addressing;

/// <summary>The length of a shortest path: its model delay and its hop count.</summary>
public readonly record struct PathLength(ModelTime Delay, int Hops)
{
    public static PathLength operator +(PathLength a, PathLength b) => new(a.Delay + b.Delay, a.Hops + b.Hops);
}
