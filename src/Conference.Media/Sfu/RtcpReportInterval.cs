namespace Conference.Media.Sfu;

/// <summary>
/// Says when the next regular report (RR to a publisher, SR to a subscriber) is due, polled from the receive
/// loop (<see cref="TryConsume"/> on each packet) so reports are built on the same thread that updates the
/// statistics — no timer thread racing the counters. Each interval is randomised over [0.5, 1.5] × nominal
/// (RFC 3550 §6.3.5) so the reports of many streams do not synchronise.
/// </summary>
public sealed class RtcpReportInterval
{
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly long _nominalTicks;
    private long _next;

    /// <param name="nominal">Typically 1 s for video, 5 s for audio (RFC 3550 §6.2 minimum; WebRTC reports more often, RFC 8888 §1).</param>
    /// <param name="random">For tests; a shared instance otherwise.</param>
    public RtcpReportInterval(TimeSpan nominal, TimeProvider? time = null, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(nominal, TimeSpan.Zero);
        _time = time ?? TimeProvider.System;
        _random = random ?? Random.Shared;
        _nominalTicks = (long)(nominal.TotalSeconds * _time.TimestampFrequency);
        // The first report goes out after half an interval at most: a new stream wants feedback early.
        _next = _time.GetTimestamp() + (long)(_nominalTicks * 0.5 * _random.NextDouble());
    }

    /// <summary>True (once) when a report is due; the next one is then scheduled.</summary>
    public bool TryConsume()
    {
        long now = _time.GetTimestamp();
        if (now < _next) return false;
        _next = now + (long)(_nominalTicks * (0.5 + _random.NextDouble()));
        return true;
    }
}
