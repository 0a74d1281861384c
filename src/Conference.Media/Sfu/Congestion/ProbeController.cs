namespace Conference.Media.Sfu.Congestion;

/// <summary>
/// Finds out whether a subscriber's link takes more than the estimate, which the rate controller alone cannot (it never
/// exceeds 1.5 × what arrives, and the SFU only sends what the estimate allows). A probe is a short cluster of padding
/// packets (the sink sends them on a video subscription's RTX SSRC, RFC 4588; receivers drop them) paced at a target
/// rate on top of the media for <see cref="ClusterMicroseconds"/>; the transport-wide feedback on the cluster gives its
/// send and receive rates, and the smaller of the two (less when the receive rate fell behind: the link saturated) is
/// what the link took. Probes go out only when a larger estimate would be used (the views ask for more), not during
/// over-use, not within 2 s of a decrease, at most one at a time; after a probe that fell short the next waits twice as
/// long (1 s … 8 s). Allocation-free; not thread-safe.
/// </summary>
public sealed class ProbeController
{
    public const long ClusterMicroseconds = 30_000;
    private const long MinIntervalUs = 1_000_000, MaxIntervalUs = 8_000_000, QuietAfterDecreaseUs = 2_000_000;
    private const long FeedbackTimeoutUs = 1_000_000;
    private const int MinPackets = 5;
    private long _intervalUs = MinIntervalUs;
    private long _nextAllowedUs = long.MinValue;
    private long _startUs, _sentEndUs;
    private long _clusterBytes, _sentBytes;
    private int _sentCount, _lastSentSize;
    private long _firstSendUs, _lastSendUs;
    private int _receivedCount, _lostCount, _firstReceivedSize;
    private long _receivedBytes, _firstArrivalUs, _lastArrivalUs;
    private int _nextId;

    /// <summary>The cluster being sent or waited for; 0 when idle.</summary>
    public int ActiveCluster { get; private set; }

    /// <summary>True while the cluster's padding is being sent.</summary>
    public bool IsSending { get; private set; }

    public double TargetBitrate { get; private set; }

    public long Started { get; private set; }
    public long Succeeded { get; private set; }

    /// <summary>Starts a cluster when the views want more than the estimate and the link looks calm; true when it did.</summary>
    public bool TryStart(double wanted, double estimate, double maxBitrate, BandwidthUsage usage, long lastDecreaseUs, long nowUs)
    {
        if (ActiveCluster != 0 || wanted <= estimate * 1.05 || estimate >= maxBitrate || usage == BandwidthUsage.Overusing) return false;
        if (_nextAllowedUs != long.MinValue && nowUs < _nextAllowedUs) return false;
        if (lastDecreaseUs != long.MinValue && nowUs - lastDecreaseUs < QuietAfterDecreaseUs) return false;
        // At most double per probe: a link that takes 2× proves it, and the next probe goes further.
        TargetBitrate = Math.Min(maxBitrate, Math.Clamp(wanted * 1.2, estimate * 1.2, estimate * 2));
        ActiveCluster = ++_nextId == 0 ? ++_nextId : _nextId;
        IsSending = true;
        _startUs = nowUs;
        _clusterBytes = (long)(TargetBitrate * ClusterMicroseconds / 8e6);
        _sentBytes = _sentCount = 0;
        _receivedCount = _lostCount = 0;
        _receivedBytes = 0;
        Started++;
        return true;
    }

    /// <summary>Padding bytes that should have gone out by now at the target rate, minus what did (0 once all is sent).</summary>
    public long BytesDue(long nowUs)
    {
        if (!IsSending) return 0;
        long elapsed = Math.Max(0, nowUs - _startUs);
        long due = Math.Min(_clusterBytes, (long)(TargetBitrate * (elapsed + 1_000) / 8e6)) - _sentBytes; // 1 ms ahead
        return Math.Max(0, due);
    }

    public void OnSent(int size, long nowUs)
    {
        if (!IsSending) return;
        if (_sentCount == 0) _firstSendUs = nowUs;
        _lastSendUs = nowUs;
        _sentCount++;
        _sentBytes += size;
        _lastSentSize = size;
        if (_sentBytes >= _clusterBytes || nowUs - _startUs > 4 * ClusterMicroseconds)
        {
            IsSending = false;
            _sentEndUs = nowUs;
        }
    }

    /// <summary>Nothing could be sent for the cluster (no RTX stream): give it up without a result.</summary>
    public void Abandon(long nowUs)
    {
        ActiveCluster = 0;
        IsSending = false;
        _nextAllowedUs = nowUs + MaxIntervalUs;
    }

    public void OnReceived(long arrivalUs, int size)
    {
        if (_receivedCount == 0 || arrivalUs < _firstArrivalUs)
        {
            _firstArrivalUs = arrivalUs;
            _firstReceivedSize = size;
        }
        if (_receivedCount == 0 || arrivalUs > _lastArrivalUs) _lastArrivalUs = arrivalUs;
        _receivedCount++;
        _receivedBytes += size;
    }

    public void OnLost() => _lostCount++;

    /// <summary>
    /// Once the cluster was sent and reported (or its feedback timed out): its result, the rate the link carried, in bit/s;
    /// NaN when too little of it came back to tell. The controller is idle again afterwards.
    /// </summary>
    public bool TryComplete(long nowUs, out double result)
    {
        result = double.NaN;
        if (ActiveCluster == 0 || IsSending) return false;
        bool reported = _receivedCount + _lostCount >= _sentCount;
        if (!reported && nowUs - _sentEndUs < FeedbackTimeoutUs) return false;

        if (_receivedCount >= MinPackets && _receivedCount >= 0.8 * _sentCount)
        {
            double sendSeconds = (_lastSendUs - _firstSendUs) / 1e6;
            double receiveSeconds = (_lastArrivalUs - _firstArrivalUs) / 1e6;
            if (sendSeconds > 0.001 && receiveSeconds > 0.001)
            {
                double sendRate = (_sentBytes - _lastSentSize) * 8 / sendSeconds;
                double receiveRate = (_receivedBytes - _firstReceivedSize) * 8 / receiveSeconds;
                result = receiveRate < 0.9 * sendRate ? 0.95 * receiveRate : Math.Min(sendRate, receiveRate);
            }
        }
        bool success = !double.IsNaN(result) && result >= 0.8 * TargetBitrate;
        if (success) Succeeded++;
        _intervalUs = success ? MinIntervalUs : Math.Min(MaxIntervalUs, _intervalUs * 2);
        _nextAllowedUs = nowUs + _intervalUs;
        ActiveCluster = 0;
        return true;
    }
}
