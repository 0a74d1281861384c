namespace Conference.Grains.Chat;

/// <summary>A token bucket on the grain's clock: <see cref="PerSecond"/> sustained, <see cref="Burst"/> at once.</summary>
public sealed class SendRate(TimeProvider time, double perSecond = SendRate.PerSecond, int burst = SendRate.Burst)
{
    public const double PerSecond = 10;
    public const int Burst = 20;

    private double _tokens = burst;
    private DateTimeOffset _last = time.GetUtcNow();

    public bool TryTake()
    {
        var now = time.GetUtcNow();
        _tokens = Math.Min(burst, _tokens + (now - _last).TotalSeconds * perSecond);
        _last = now;
        if (_tokens < 1) return false;
        _tokens -= 1;
        return true;
    }
}
