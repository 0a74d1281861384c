namespace Conference.SfuLoad;

/// <summary>What one load step measured. Packet counts are of the measured window (by send time).</summary>
public sealed record StepResult(
    LoadStep Step,
    TimeSpan Measured,
    long Sent,
    long Expected,
    long Received,
    long? SfuForwarded,
    long? UdpBufferDrops,
    double P50Ms,
    double P99Ms,
    double? ServerCpuSeconds,
    double GeneratorCpuSeconds,
    int TracksNegotiated,
    int TracksExpected,
    long KeyframeRequests,
    int ReOffersAnswered,
    long ForeignPackets,
    string? Problem,
    double? ServerMemoryMiB = null,
    long SequenceGaps = 0,
    long Reordered = 0,
    long LatencySamples = 0,
    double? SfuCpusBusySeconds = null)
{
    /// <summary>Busy cores of the CPU set the SFU is pinned to (--sfu-cpus), kernel interrupt work included.</summary>
    public double? SfuCpusBusyCores => SfuCpusBusySeconds / Measured.TotalSeconds;

    /// <summary>Video consumers per busy core of the SFU's CPU set (the conservative density).</summary>
    public double? VideoConsumersPerBusyCore => SfuCpusBusyCores is > 0 and var cores ? VideoConsumers / cores : null;

    /// <summary>Cores the SFU process used on average in the window (CPU-seconds per second).</summary>
    public double? ServerCores => ServerCpuSeconds / Measured.TotalSeconds;

    /// <summary>Subscribed video tracks (each with its audio track beside it): rooms × publishers × subscribers.</summary>
    public int VideoConsumers => Step.Rooms * Step.Publishers * Step.Subscribers;

    /// <summary>Video consumers per core the SFU used (the consumer density).</summary>
    public double? VideoConsumersPerCore => ServerCores is > 0 and var cores ? VideoConsumers / cores : null;

    public double ForwardedPerSecond => Received / Measured.TotalSeconds;

    /// <summary>What the SFU says it sent to subscribers per second in the window (incl. retransmissions), when it tells.</summary>
    public double? SfuForwardedPerSecond => SfuForwarded / Measured.TotalSeconds;

    public double LossPercent => Expected == 0 ? double.NaN : 100.0 * Math.Max(0, Expected - Received) / Expected;

    /// <summary>SFU CPU-seconds per million packets it forwarded (and subscribers received); null for an external server.</summary>
    public double? CpuSecondsPerMillion => ServerCpuSeconds is { } cpu && Received > 0 ? cpu / (Received / 1e6) : null;

    /// <summary>
    /// The cost of the packets this step added over <paramref name="previous"/>: ΔCPU / Δpackets between two steps with
    /// the same window, which cancels what the server burns anyway (silo timers, GC, the signaling of idle connections).
    /// </summary>
    public double? MarginalCpuSecondsPerMillion(StepResult? previous) =>
        ServerCpuSeconds is { } cpu && previous?.ServerCpuSeconds is { } before && Received > previous.Received
            && Measured == previous.Measured
            ? Math.Max(0, cpu - before) / ((Received - previous.Received) / 1e6)
            : null;

    /// <summary>Share of the whole machine (all cores) the SFU process used in the window.</summary>
    public double? ServerCpuPercent => ServerCpuSeconds is { } cpu ? 100 * cpu / Measured.TotalSeconds / Environment.ProcessorCount : null;

    public double GeneratorCpuPercent => 100 * GeneratorCpuSeconds / Measured.TotalSeconds / Environment.ProcessorCount;

    public bool NothingForwarded => Received == 0;
}
