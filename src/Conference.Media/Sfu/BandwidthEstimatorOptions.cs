namespace Conference.Media.Sfu;

/// <summary>Bounds and steps of <see cref="BandwidthEstimator"/>, in bits per second.</summary>
public sealed record BandwidthEstimatorOptions
{
    public ulong InitialBitrate { get; init; } = 1_000_000;
    public ulong MinBitrate { get; init; } = 100_000;
    public ulong MaxBitrate { get; init; } = 5_000_000;

    /// <summary>Above this loss fraction the estimate drops by half the loss (GCC, draft-ietf-rmcat-gcc-02 §6).</summary>
    public double HighLoss { get; init; } = 0.10;

    /// <summary>Below this loss fraction the estimate grows by <see cref="IncreaseFactor"/>.</summary>
    public double LowLoss { get; init; } = 0.02;

    public double IncreaseFactor { get; init; } = 1.08;

    /// <summary>At most one increase per interval: a subscriber's RR can carry a block per stream, and one RR is one observation.</summary>
    public TimeSpan IncreaseInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A REMB below this share of what we send means congestion (when the send rate is known).</summary>
    public double CongestedRembRatio { get; init; } = 0.9;

    /// <summary>Growth per interval after a REMB cut, up to 90 % of the estimate before it.</summary>
    public double RecoveryFactor { get; init; } = 1.5;
}
