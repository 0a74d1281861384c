namespace Conference.Media.Tests;

/// <summary>
/// Bytes a hot path allocates on this thread, robust to one-off runtime work (tiered JIT, a lazily created cache)
/// landing in a measured window on a loaded machine: the fewest over a few windows. Something that allocates per
/// packet allocates in every window, so it still shows.
/// </summary>
public static class AllocationProbe
{
    public static long Fewest(Action run, int windows = 3)
    {
        long fewest = long.MaxValue;
        for (int i = 0; i < windows && fewest != 0; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            run();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }
}
