namespace Conference.Grains.Tests;

/// <summary>
/// The silos' TimeProvider: the system clock until a test pins it. The grain tests share one collection, so they
/// run one at a time and a pinned time never leaks into another test (each pins in a using block).
/// </summary>
public sealed class ManualClock : TimeProvider
{
    public static readonly ManualClock Instance = new();

    private DateTimeOffset? _now;

    public override DateTimeOffset GetUtcNow() => _now ?? System.GetUtcNow();

    public IDisposable Pin(DateTimeOffset now)
    {
        _now = now;
        return new Unpin(this);
    }

    public void Advance(TimeSpan by) => _now = GetUtcNow() + by;

    private sealed class Unpin(ManualClock clock) : IDisposable
    {
        public void Dispose() => clock._now = null;
    }
}
