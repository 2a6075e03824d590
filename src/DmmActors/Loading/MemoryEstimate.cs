using DmmActors.Configuration;

namespace DmmActors.Loading;

/// <summary>
/// What a run in one process will hold resident at its end, checked before anything is spawned:
/// a scenario larger than the machine would otherwise spawn until it swaps or the OOM killer
/// ends it, with nothing reported. The figures are what this machine measured (2 cores, the
/// default scenario grown to 200,000 nodes with 1, 4 and 8 handovers each: peak RSS 1,026,
/// 1,458 and 2,199 MiB; `loadtests scale`: 2,653 to 3,686 B per node after a 1M-node storm,
/// the largest under epc): a fixed part, a part per node, and the handover records a run
/// keeps for its reports. An estimate, deliberately on the high side of those.
/// </summary>
public sealed record MemoryEstimate(long NeededBytes, long AvailableBytes, int MobileNodes, long Handovers)
{
    public const long RuntimeBytes = 256L << 20;
    public const long BytesPerNode = 3_700;
    public const long BytesPerHandover = 850;

    public const string OverrideFlag = "--allow-oversubscribe";

    public static MemoryEstimate For(int mobileNodes, long handovers) => For(mobileNodes, handovers, Available());

    /// <summary>For a process elsewhere, a cluster member, whose available memory it reported.</summary>
    public static MemoryEstimate For(int mobileNodes, long handovers, long availableBytes) =>
        new(RuntimeBytes + mobileNodes * BytesPerNode + handovers * BytesPerHandover, availableBytes, mobileNodes, handovers);

    public bool Fits => NeededBytes <= AvailableBytes;

    /// <summary>
    /// Refuses, in one line with both figures, a run the machine cannot hold, unless
    /// <see cref="OverrideFlag"/> was given; <paramref name="where"/> names the process (a cluster member's share).
    /// </summary>
    public void RefuseUnlessFits(bool allowOversubscribe, string where = "this run needs", string process = "this process")
    {
        if (Fits || allowOversubscribe) return;
        throw new InputError($"{where} about {GiB(NeededBytes)} of memory ({MobileNodes:N0} mobile nodes × {BytesPerNode:N0} B + " +
                             $"{Handovers:N0} handovers × {BytesPerHandover:N0} B + {GiB(RuntimeBytes)}, as measured on this kind of machine) " +
                             $"but {process} may use {GiB(AvailableBytes)}; give fewer mobile nodes or handovers, more members, or {OverrideFlag} to start it anyway");
    }

    static string GiB(long bytes) => $"{bytes / (double)(1L << 30):0.##} GiB";

    /// <summary>
    /// The GC's own view: physical memory, or the container's cgroup limit, or a heap hard limit
    /// (DOTNET_GCHeapHardLimit) where one is set, whichever is lowest.
    /// </summary>
    public static long Available()
    {
        var total = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (total > 0) return total;
        GC.Collect(0);
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }
}
