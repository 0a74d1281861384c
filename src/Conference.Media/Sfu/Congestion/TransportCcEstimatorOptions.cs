namespace Conference.Media.Sfu.Congestion;

/// <summary>Bounds of <see cref="TransportCcEstimator"/>, in bits per second.</summary>
public sealed record TransportCcEstimatorOptions
{
    public ulong InitialBitrate { get; init; } = 1_000_000;
    public ulong MinBitrate { get; init; } = 100_000;
    public ulong MaxBitrate { get; init; } = 6_000_000;

    /// <summary>Loss is judged over windows of at least this long and <see cref="LossWindowPackets"/> packets.</summary>
    public TimeSpan LossWindow { get; init; } = TimeSpan.FromMilliseconds(500);

    public int LossWindowPackets { get; init; } = 20;
}
