namespace Conference.Media.Sfu;

/// <summary>Tuning of <see cref="ActiveSpeakerDetector"/>; the defaults suit Opus at 20 ms packets.</summary>
public sealed record ActiveSpeakerOptions
{
    /// <summary>Levels are averaged over this sliding window, so one loud packet (a click) does not count as speech.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>A challenger must stay the loudest for this long before it takes over (hysteresis).</summary>
    public TimeSpan SwitchDelay { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>RFC 6464 level (−dBov) at or above which a track counts as silent; speech is typically 20–50, room noise 70+.</summary>
    public byte SilenceLevel { get; init; } = 70;

    /// <summary>How many dB louder (smoothed) than the current speaker a challenger must be.</summary>
    public double MarginDb { get; init; } = 2;
}
