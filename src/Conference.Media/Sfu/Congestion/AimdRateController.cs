namespace Conference.Media.Sfu.Congestion;

/// <summary>
/// The delay-based rate controller of GCC (draft-ietf-rmcat-gcc-02 §5.5): a state machine driven by the over-use
/// detector. Over-use decreases to β = 0.85 × the received rate (at most halving per step); normal increases, multiplicatively (8 %/s) while far from
/// the link capacity last seen at a decrease, additively (about half a packet per response time) near it; under-use
/// holds (queues are draining). It never grows beyond 1.5 × the received rate, so an idle link does not inflate it:
/// only a probe (<see cref="SetEstimate"/>) moves it past that. Allocation-free; not thread-safe.
/// </summary>
public sealed class AimdRateController(double initialBitrate, double minBitrate, double maxBitrate)
{
    private const double Beta = 0.85;
    private const long MinDecreaseIntervalUs = 200_000;
    private const double ResponseTimeSeconds = 0.2; // ≈ RTT + 100 ms on the links we serve
    private const double PacketBits = 1200 * 8;
    private RateState _state = RateState.Hold;
    private long _lastUpdateUs = long.MinValue, _lastDecreaseUs = long.MinValue;
    private double _capacity = double.NaN, _capacityVariance = 0.01; // normalised: σ ≈ 10 % of the capacity

    public enum RateState
    {
        Hold,
        Increase,
        Decrease,
    }

    public double Bitrate { get; private set; } = initialBitrate;

    public RateState State => _state;

    /// <summary>When the last decrease happened (µs, the sender's clock); long.MinValue before any.</summary>
    public long LastDecreaseUs => _lastDecreaseUs;

    public long Decreases { get; private set; }

    /// <summary>One detector verdict with the current received rate (bit/s, 0 when unknown).</summary>
    public double Update(BandwidthUsage usage, double ackedBitrate, long nowUs)
    {
        _state = (usage, _state) switch
        {
            (BandwidthUsage.Overusing, _) => RateState.Decrease,
            (BandwidthUsage.Underusing, _) => RateState.Hold,
            (BandwidthUsage.Normal, RateState.Hold) => RateState.Increase,
            (BandwidthUsage.Normal, RateState.Decrease) => RateState.Hold,
            _ => _state,
        };
        double elapsed = _lastUpdateUs == long.MinValue ? 0 : Math.Clamp((nowUs - _lastUpdateUs) / 1e6, 0, 1);
        _lastUpdateUs = nowUs;

        switch (_state)
        {
            case RateState.Increase:
                if (ackedBitrate > 0 && Bitrate >= 1.5 * ackedBitrate + 10_000) break; // application-limited
                bool nearCapacity = !double.IsNaN(_capacity) &&
                                    Math.Abs(ackedBitrate - _capacity) <= 3 * Math.Sqrt(_capacityVariance) * _capacity;
                double next = nearCapacity
                    ? Bitrate + Math.Max(1000, 0.5 * PacketBits / ResponseTimeSeconds * elapsed)
                    : Bitrate * Math.Pow(1.08, elapsed);
                if (ackedBitrate > 0) next = Math.Min(next, 1.5 * ackedBitrate + 10_000);
                Bitrate = Math.Max(Bitrate, next);
                if (!double.IsNaN(_capacity) && ackedBitrate > _capacity + 3 * Math.Sqrt(_capacityVariance) * _capacity)
                {
                    _capacity = double.NaN; // the path changed: forget what it could take
                }
                break;
            case RateState.Decrease:
                if (_lastDecreaseUs != long.MinValue && nowUs - _lastDecreaseUs < MinDecreaseIntervalUs) break;
                // β × what arrived, but at most half per step: a receiver that used a fraction of the estimate (on low
                // layers) and saw a delay spike it did not cause (its CPU, cross traffic) is not thrown to the floor at once;
                // real congestion keeps signalling and halves again 200 ms later.
                double decreased = ackedBitrate > 0 ? Math.Max(Beta * ackedBitrate, 0.5 * Bitrate) : Beta * Bitrate;
                if (decreased < Bitrate)
                {
                    Bitrate = decreased;
                    Decreases++;
                }
                if (ackedBitrate > 0) UpdateCapacity(ackedBitrate);
                _lastDecreaseUs = nowUs;
                _state = RateState.Hold;
                break;
        }
        Bitrate = Math.Clamp(Bitrate, minBitrate, maxBitrate);
        return Bitrate;
    }

    /// <summary>A probe measured more than the estimate: take it (the link proved it carries that much).</summary>
    public void SetEstimate(double bitrate)
    {
        Bitrate = Math.Clamp(bitrate, minBitrate, maxBitrate);
        _capacity = double.NaN;
    }

    // §5.5: the average received rate at decreases and its normalised variance, to tell "near the link capacity".
    private void UpdateCapacity(double acked)
    {
        if (double.IsNaN(_capacity))
        {
            _capacity = acked;
            return;
        }
        if (Math.Abs(acked - _capacity) > 3 * Math.Sqrt(_capacityVariance) * _capacity) _capacity = acked;
        else _capacity = 0.95 * _capacity + 0.05 * acked;
        double error = (_capacity - acked) / _capacity;
        _capacityVariance = Math.Clamp(0.95 * _capacityVariance + 0.05 * error * error, 0.0025, 0.09);
    }
}
