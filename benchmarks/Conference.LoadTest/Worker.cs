using System.Diagnostics;

namespace Conference.LoadTest;

/// <summary>One closed-loop client. Latencies go to a preallocated array so the hot loop does not allocate for them.</summary>
public sealed class Worker(SeededTarget target, Scenario scenario, Random random, long[] latencies)
{
    public long[] Latencies { get; } = latencies;
    public int Recorded { get; private set; }
    public long Requests { get; private set; }
    public long Errors { get; private set; }
    public long Unrecorded { get; private set; }
    public string? FirstError { get; private set; }

    public async Task Run(long measureFrom, long measureUntil, CancellationToken hardStop)
    {
        while (!hardStop.IsCancellationRequested)
        {
            var start = Stopwatch.GetTimestamp();
            if (start >= measureUntil) return;
            string? error = null;
            try
            {
                // SendAsync buffers the whole body (ResponseContentRead), so latency includes reading it.
                using var response = await target.Client.SendAsync(scenario.NewRequest(target, random), hardStop);
                if (!response.IsSuccessStatusCode) error = $"HTTP {(int)response.StatusCode}";
            }
            catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                error = ex.Message; // includes the client's 10 s timeout
            }
            var elapsed = Stopwatch.GetTimestamp() - start;
            if (start < measureFrom) continue; // warm-up

            Requests++;
            if (error is not null)
            {
                Errors++;
                FirstError ??= error;
            }
            if (Recorded < Latencies.Length) Latencies[Recorded++] = elapsed;
            else Unrecorded++;
        }
    }
}
