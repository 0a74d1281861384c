namespace Conference.SfuLoad;

/// <summary>What one load step measured. Packet counts are of the measured window (by send time).</summary>
public sealed record StepResult(
    LoadStep Step,
    TimeSpan Measured,
    long Sent,
    long Expected,
    long Received,
    double P50Ms,
    double P99Ms,
    double? ServerCpuSeconds,
    double GeneratorCpuSeconds,
    int TracksNegotiated,
    int TracksExpected,
    long KeyframeRequests,
    int ReOffersAnswered,
    long ForeignPackets,
    string? Problem)
{
    public double ForwardedPerSecond => Received / Measured.TotalSeconds;

    public double LossPercent => Expected == 0 ? double.NaN : 100.0 * Math.Max(0, Expected - Received) / Expected;

    /// <summary>SFU CPU-seconds per million packets it forwarded (and subscribers received); null for an external server.</summary>
    public double? CpuSecondsPerMillion => ServerCpuSeconds is { } cpu && Received > 0 ? cpu / (Received / 1e6) : null;

    /// <summary>The same, less what the idle server burns anyway (its CPU-seconds per second before any step).</summary>
    public double? CpuSecondsPerMillionAboveIdle(double? idlePerSecond) =>
        ServerCpuSeconds is { } cpu && idlePerSecond is { } idle && Received > 0
            ? Math.Max(0, cpu - idle * Measured.TotalSeconds) / (Received / 1e6)
            : null;

    /// <summary>Share of the whole machine (all cores) the SFU process used in the window.</summary>
    public double? ServerCpuPercent => ServerCpuSeconds is { } cpu ? 100 * cpu / Measured.TotalSeconds / Environment.ProcessorCount : null;

    public double GeneratorCpuPercent => 100 * GeneratorCpuSeconds / Measured.TotalSeconds / Environment.ProcessorCount;

    public bool NothingForwarded => Received == 0;
}
