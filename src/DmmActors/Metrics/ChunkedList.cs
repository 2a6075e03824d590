namespace DmmActors.Metrics;

/// <summary>
/// A list that only grows, in chunks small enough to stay off the large object heap: growing
/// copies nothing and leaves nothing behind, where a List's doubling at millions of records
/// leaves its old arrays on the large object heap, each one bringing a full collection nearer.
/// </summary>
public sealed class ChunkedList<T>
{
    /// <summary>A chunk of records of up to 64 bytes stays below the large object heap's 85,000.</summary>
    const int ChunkLength = 1024;

    readonly List<T[]> chunks = new();

    public int Count { get; private set; }

    public void Add(T item)
    {
        var at = Count % ChunkLength;
        if (at == 0) chunks.Add(new T[ChunkLength]);
        chunks[^1][at] = item;
        Count++;
    }

    /// <summary>Copies the items, in the order they were added, into <paramref name="into"/> from <paramref name="offset"/> on.</summary>
    public void CopyTo(T[] into, int offset)
    {
        for (int c = 0, left = Count; left > 0; c++, left -= ChunkLength)
            chunks[c].AsSpan(0, Math.Min(left, ChunkLength)).CopyTo(into.AsSpan(offset + c * ChunkLength));
    }
}
