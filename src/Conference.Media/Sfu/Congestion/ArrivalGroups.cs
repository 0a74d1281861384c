namespace Conference.Media.Sfu.Congestion;

/// <summary>
/// Packet groups for the delay-based detector (draft-ietf-rmcat-gcc-02 §5.2): packets sent within a 5 ms burst form
/// one group, and a packet that arrives within 5 ms of the group's last one while its delay shrinks joins it too (the
/// network released a queued burst). Each completed group yields its send and arrival deltas against the previous one.
/// </summary>
public sealed class ArrivalGroups
{
    private const long BurstMicroseconds = 5_000;
    private const long MaxBurstSpanMicroseconds = 100_000;
    private Group _current, _previous;

    /// <summary>
    /// Adds a received packet (in send order); true when it closed a group, with that group's deltas (ms) and its
    /// arrival time (ms, the receiver's clock).
    /// </summary>
    public bool Add(long sendUs, long arrivalUs, out double sendDeltaMs, out double arrivalDeltaMs, out double arrivalTimeMs)
    {
        sendDeltaMs = arrivalDeltaMs = arrivalTimeMs = 0;
        if (!_current.Valid)
        {
            _current = Group.Start(sendUs, arrivalUs);
            return false;
        }
        if (sendUs < _current.FirstSendUs) return false; // reordered from an earlier group
        if (sendUs - _current.FirstSendUs <= BurstMicroseconds || BelongsToBurst(sendUs, arrivalUs))
        {
            _current.LastSendUs = Math.Max(_current.LastSendUs, sendUs);
            _current.LastArrivalUs = Math.Max(_current.LastArrivalUs, arrivalUs);
            return false;
        }
        bool completed = false;
        if (_previous.Valid)
        {
            sendDeltaMs = (_current.LastSendUs - _previous.LastSendUs) / 1000.0;
            arrivalDeltaMs = (_current.LastArrivalUs - _previous.LastArrivalUs) / 1000.0;
            arrivalTimeMs = _current.LastArrivalUs / 1000.0;
            // A receiver clock jump (or a reset) would read as an enormous queue: start over instead.
            completed = Math.Abs(arrivalDeltaMs - sendDeltaMs) < 3000 && arrivalDeltaMs >= 0;
        }
        _previous = _current;
        _current = Group.Start(sendUs, arrivalUs);
        return completed;
    }

    private bool BelongsToBurst(long sendUs, long arrivalUs)
    {
        long arrivalDelta = arrivalUs - _current.LastArrivalUs;
        long sendDelta = sendUs - _current.LastSendUs;
        return arrivalDelta >= 0 && arrivalDelta <= BurstMicroseconds && arrivalDelta - sendDelta < 0 &&
               arrivalUs - _current.FirstArrivalUs < MaxBurstSpanMicroseconds;
    }

    private struct Group
    {
        public bool Valid;
        public long FirstSendUs, LastSendUs, FirstArrivalUs, LastArrivalUs;

        public static Group Start(long sendUs, long arrivalUs) =>
            new() { Valid = true, FirstSendUs = sendUs, LastSendUs = sendUs, FirstArrivalUs = arrivalUs, LastArrivalUs = arrivalUs };
    }
}
