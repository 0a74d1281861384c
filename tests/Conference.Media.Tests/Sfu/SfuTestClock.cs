namespace Conference.Media.Tests.Sfu;

/// <summary>A clock that moves only when the test says so; timestamps are in 100 ns ticks.</summary>
internal sealed class SfuTestClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public override long GetTimestamp() => _now.UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by) => _now += by;

    public void AdvanceMs(double ms) => _now += TimeSpan.FromMilliseconds(ms);
}
