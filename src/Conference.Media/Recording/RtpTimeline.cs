namespace Conference.Media.Recording;

/// <summary>
/// Maps RTP timestamps to milliseconds from the start of the file. Within one source the 32-bit timestamp is
/// unwrapped (RFC 3550 §5.1: it wraps and starts at a random value), so a muted gap where the sender's clock kept
/// running stays a gap. A new source (SSRC change) or an implausible jump rebases on the arrival clock instead.
/// </summary>
internal sealed class RtpTimeline(int clockRate)
{
    private const long MaxBackwardMs = 1000, MaxAheadOfArrivalMs = 10_000;
    private long _firstArrivalMs = -1;
    private uint _lastTimestamp;
    private long _extended, _baseExtended, _baseMs;
    private bool _hasSource;

    public int Rebases { get; private set; }

    /// <summary>A new source starts: its first timestamp maps to its arrival time (after <paramref name="notBeforeMs"/>).</summary>
    public void NewSource() => _hasSource = false;

    public long ToMilliseconds(uint timestamp, long arrivalMs, long notBeforeMs)
    {
        if (_firstArrivalMs < 0) _firstArrivalMs = arrivalMs;
        long arrivalOffset = arrivalMs - _firstArrivalMs;
        if (!_hasSource)
        {
            Rebase(timestamp, Math.Max(arrivalOffset, notBeforeMs));
            return _baseMs;
        }
        _extended += (int)(timestamp - _lastTimestamp); // signed 32-bit difference: forward or back across a wrap
        _lastTimestamp = timestamp;
        long ms = _baseMs + (_extended - _baseExtended) * 1000 / clockRate;
        if (ms < notBeforeMs - MaxBackwardMs || ms > arrivalOffset + MaxAheadOfArrivalMs)
        {
            Rebases++;
            Rebase(timestamp, Math.Max(arrivalOffset, notBeforeMs));
            return _baseMs;
        }
        return ms;
    }

    private void Rebase(uint timestamp, long ms)
    {
        _hasSource = true;
        _lastTimestamp = timestamp;
        _extended = _baseExtended = 0;
        _baseMs = ms;
    }
}
