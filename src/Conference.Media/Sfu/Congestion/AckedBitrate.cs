namespace Conference.Media.Sfu.Congestion;

/// <summary>
/// What the subscriber actually received lately, from transport-wide feedback: received bytes over the last
/// <see cref="WindowMicroseconds"/> of its arrival clock. A preallocated ring of (arrival, size); allocation-free.
/// </summary>
public sealed class AckedBitrate
{
    public const long WindowMicroseconds = 500_000;
    private const int Capacity = 4096;
    private readonly long[] _arrival = new long[Capacity];
    private readonly int[] _size = new int[Capacity];
    private int _head, _count;
    private long _bytes, _newest = long.MinValue, _oldest = long.MinValue;

    public void Add(long arrivalUs, int size)
    {
        if (_count == Capacity) Evict();
        int index = (_head + _count) & (Capacity - 1);
        _arrival[index] = arrivalUs;
        _size[index] = size;
        _count++;
        _bytes += size;
        _newest = Math.Max(_newest, arrivalUs);
        if (_oldest == long.MinValue) _oldest = arrivalUs;
        while (_count > 0 && _arrival[_head] < _newest - WindowMicroseconds) Evict();
    }

    /// <summary>Bits per second over the window (over what was seen, at least 100 ms, before the window filled); 0 before any.</summary>
    public ulong Bitrate
    {
        get
        {
            if (_count == 0) return 0;
            long span = Math.Clamp(_newest - _oldest, 100_000, WindowMicroseconds);
            return (ulong)(_bytes * 8 * 1_000_000 / span);
        }
    }

    private void Evict()
    {
        _bytes -= _size[_head];
        _head = (_head + 1) & (Capacity - 1);
        _count--;
    }
}
