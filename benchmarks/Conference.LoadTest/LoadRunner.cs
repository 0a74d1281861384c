using System.Diagnostics;

namespace Conference.LoadTest;

/// <summary>
/// Closed-loop load: C workers each send a request, wait for the whole response, and send the next. Requests that
/// start during the warm-up are not counted; workers stop starting requests when the measured window ends.
/// </summary>
public static class LoadRunner
{
    /// <summary>Latency slots per run (all workers): far above what two loopback cores can serve in the window.</summary>
    private const int MaxRecordedPerSecond = 100_000;
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);

    public static async Task<IReadOnlyList<ScenarioResult>> RunAll(IReadOnlyList<Target> targets, LoadOptions options, CancellationToken cancel)
    {
        var seeded = new List<SeededTarget>();
        try
        {
            foreach (var target in targets)
            {
                seeded.Add(await SeededTarget.Seed(target, options.Concurrency, options.Tasks, cancel));
                Console.WriteLine($"Seeded {target.Name} at {target.BaseAddress}: 1 project, {options.Tasks} tasks");
            }
            var results = new List<ScenarioResult>();
            foreach (var scenario in Scenario.All)
                foreach (var target in seeded.Where(t => scenario.IsRead || !t.Target.ReadsOnly))
                {
                    var result = await Run(target, scenario, options, cancel);
                    Console.WriteLine($"  {result.Target,-40} {result.Scenario,-32} {result.Throughput,10:N0} req/s  p50 {result.P50Ms:N2} ms  p99 {result.P99Ms:N2} ms  errors {result.Errors}");
                    results.Add(result);
                }
            return results;
        }
        finally
        {
            seeded.ForEach(s => s.Dispose());
        }
    }

    private static async Task<ScenarioResult> Run(SeededTarget target, Scenario scenario, LoadOptions options, CancellationToken cancel)
    {
        var now = Stopwatch.GetTimestamp();
        var measureFrom = now + Ticks(options.Warmup);
        var measureUntil = measureFrom + Ticks(options.Duration);
        using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        hardStop.CancelAfter(options.Warmup + options.Duration + Grace); // in-flight requests cannot outlive the run

        var capacity = (int)Math.Max(1024, Math.Ceiling(options.Duration.TotalSeconds * MaxRecordedPerSecond / options.Concurrency));
        var workers = Enumerable.Range(0, options.Concurrency)
            .Select(i => new Worker(target, scenario, new Random(1000 + i), new long[capacity]))
            .ToArray();
        await Task.WhenAll(workers.Select(w => Task.Run(() => w.Run(measureFrom, measureUntil, hardStop.Token))));
        cancel.ThrowIfCancellationRequested();
        return ScenarioResult.Merge(target.Target.Name, scenario.Name, options.Duration, workers);
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
