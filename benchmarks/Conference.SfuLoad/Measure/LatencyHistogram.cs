using System.Diagnostics;

namespace Conference.SfuLoad.Measure;

/// <summary>Latencies in 50 µs buckets up to 2 s (one overflow bucket beyond); recorded by one thread, merged after the step.</summary>
public sealed class LatencyHistogram
{
    private const double BucketMs = 0.05;
    private const int Buckets = 40_000;
    private readonly long[] _counts = new long[Buckets + 1];

    public long Count { get; private set; }

    public void Record(long stopwatchTicks)
    {
        double ms = stopwatchTicks * 1000.0 / Stopwatch.Frequency;
        int bucket = ms <= 0 ? 0 : (int)Math.Min(Buckets, ms / BucketMs);
        _counts[bucket]++;
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        for (int i = 0; i < _counts.Length; i++) _counts[i] += other._counts[i];
        Count += other.Count;
    }

    /// <summary>The upper edge of the bucket holding the given quantile (0..1), in ms; NaN when empty.</summary>
    public double Quantile(double q)
    {
        if (Count == 0) return double.NaN;
        long rank = (long)Math.Ceiling(q * Count);
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return (i + 1) * BucketMs;
        }
        return double.PositiveInfinity;
    }
}
