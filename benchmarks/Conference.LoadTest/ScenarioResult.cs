using System.Diagnostics;

namespace Conference.LoadTest;

/// <summary>One target under one scenario: counts over the measured window and latency percentiles.</summary>
public sealed record ScenarioResult(string Target, string Scenario, long Requests, long Errors, TimeSpan Window,
    double P50Ms, double P99Ms, long Unrecorded, string? FirstError)
{
    public double Throughput => Requests / Window.TotalSeconds;

    public static ScenarioResult Merge(string target, string scenario, TimeSpan window, IReadOnlyList<Worker> workers)
    {
        var all = new long[workers.Sum(w => w.Recorded)];
        var offset = 0;
        foreach (var worker in workers)
        {
            Array.Copy(worker.Latencies, 0, all, offset, worker.Recorded);
            offset += worker.Recorded;
        }
        Array.Sort(all);
        return new ScenarioResult(target, scenario, workers.Sum(w => w.Requests), workers.Sum(w => w.Errors), window,
            Percentile(all, 0.50), Percentile(all, 0.99), workers.Sum(w => w.Unrecorded),
            workers.Select(w => w.FirstError).FirstOrDefault(e => e is not null));
    }

    /// <summary>Nearest-rank percentile of sorted Stopwatch ticks, in milliseconds.</summary>
    private static double Percentile(long[] sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}
