namespace Conference.Media.Sfu.Congestion;

/// <summary>
/// The delay-based over-use detector of GCC (draft-ietf-rmcat-gcc-02 §5.3–§5.4) in its trendline form: the one-way
/// delay variation between packet groups is accumulated and smoothed, the slope of the last <see cref="WindowSize"/>
/// smoothed points against arrival time is the queue's growth rate, and that slope (scaled by the sample count and a
/// gain) is compared with an adaptive threshold. Over the threshold for more than 10 ms (and still growing) is over-use,
/// below its negative is under-use. Allocation-free; not thread-safe.
/// </summary>
public sealed class DelayTrendDetector
{
    public const int WindowSize = 20;
    private const double Smoothing = 0.9;
    private const double Gain = 4.0;
    private const double OverusingTimeMs = 10;
    private const double ThresholdUp = 0.0087, ThresholdDown = 0.039; // §5.4 K_u, K_d
    private readonly double[] _x = new double[WindowSize];
    private readonly double[] _y = new double[WindowSize];
    private int _count, _next, _deltas, _overuseCount;
    private double _firstArrivalMs = double.NaN, _accumulated, _smoothed, _previousTrend, _timeOverusing = -1;
    private double _lastThresholdUpdateMs = double.NaN;

    public BandwidthUsage State { get; private set; }

    /// <summary>The adaptive threshold γ (ms), starting at 12.5, kept in [6, 600].</summary>
    public double Threshold { get; private set; } = 12.5;

    /// <summary>The last slope (ms of queue growth per ms).</summary>
    public double Trend => _previousTrend;

    /// <summary>One group's deltas against the previous group (ms) and the group's arrival time (ms, any origin).</summary>
    public BandwidthUsage Update(double sendDeltaMs, double arrivalDeltaMs, double arrivalTimeMs)
    {
        _deltas = Math.Min(_deltas + 1, 1000);
        _accumulated += arrivalDeltaMs - sendDeltaMs;
        _smoothed = Smoothing * _smoothed + (1 - Smoothing) * _accumulated;
        if (double.IsNaN(_firstArrivalMs)) _firstArrivalMs = arrivalTimeMs;
        _x[_next] = arrivalTimeMs - _firstArrivalMs;
        _y[_next] = _smoothed;
        _next = (_next + 1) % WindowSize;
        if (_count < WindowSize) _count++;

        double trend = _previousTrend;
        if (_count == WindowSize && TrySlope(out double slope)) trend = slope;
        Detect(trend, sendDeltaMs, arrivalTimeMs);
        return State;
    }

    private bool TrySlope(out double slope)
    {
        double meanX = 0, meanY = 0;
        for (int i = 0; i < _count; i++)
        {
            meanX += _x[i];
            meanY += _y[i];
        }
        meanX /= _count;
        meanY /= _count;
        double numerator = 0, denominator = 0;
        for (int i = 0; i < _count; i++)
        {
            numerator += (_x[i] - meanX) * (_y[i] - meanY);
            denominator += (_x[i] - meanX) * (_x[i] - meanX);
        }
        slope = denominator > 0 ? numerator / denominator : 0;
        return denominator > 0;
    }

    private void Detect(double trend, double sendDeltaMs, double nowMs)
    {
        double modified = Math.Min(_deltas, 60) * trend * Gain;
        if (modified > Threshold)
        {
            _timeOverusing = _timeOverusing < 0 ? sendDeltaMs / 2 : _timeOverusing + sendDeltaMs;
            _overuseCount++;
            // Over-use only when it lasts and the queue is still growing; otherwise the verdict stands.
            if (_timeOverusing > OverusingTimeMs && _overuseCount > 1 && trend >= _previousTrend)
            {
                _timeOverusing = 0;
                _overuseCount = 0;
                State = BandwidthUsage.Overusing;
            }
        }
        else if (modified < -Threshold)
        {
            _timeOverusing = -1;
            _overuseCount = 0;
            State = BandwidthUsage.Underusing;
        }
        else
        {
            _timeOverusing = -1;
            _overuseCount = 0;
            State = BandwidthUsage.Normal;
        }
        _previousTrend = trend;
        UpdateThreshold(modified, nowMs);
    }

    // §5.4: γ follows |m| slowly up and faster down, so competing TCP-like flows do not starve us and self-inflicted
    // spikes (a keyframe) do not count as congestion; samples far off the threshold do not move it.
    private void UpdateThreshold(double modified, double nowMs)
    {
        if (double.IsNaN(_lastThresholdUpdateMs)) _lastThresholdUpdateMs = nowMs;
        double magnitude = Math.Abs(modified);
        if (magnitude > Threshold + 15)
        {
            _lastThresholdUpdateMs = nowMs;
            return;
        }
        double k = magnitude < Threshold ? ThresholdDown : ThresholdUp;
        double elapsed = Math.Clamp(nowMs - _lastThresholdUpdateMs, 0, 100);
        Threshold = Math.Clamp(Threshold + k * (magnitude - Threshold) * elapsed, 6, 600);
        _lastThresholdUpdateMs = nowMs;
    }
}
