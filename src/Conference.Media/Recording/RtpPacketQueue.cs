namespace Conference.Media.Recording;

/// <summary>
/// A bounded single-producer/single-consumer ring of RTP packets: the media loop that receives a track enqueues
/// (never blocks, never allocates: slots are allocated once), the recording's writer thread dequeues. A full queue
/// drops the packet and counts it in <see cref="Overflows"/>.
/// </summary>
internal sealed class RtpPacketQueue(int capacity = 1024)
{
    private const int SlotSize = 1500;
    private readonly byte[] _slots = new byte[capacity * SlotSize];
    private readonly int[] _lengths = new int[capacity];
    private readonly long[] _arrival = new long[capacity];
    private long _head, _tail; // head: next to read (consumer), tail: next to write (producer)
    private long _overflows;

    public long Overflows => Interlocked.Read(ref _overflows);
    public int Count => (int)(Volatile.Read(ref _tail) - Volatile.Read(ref _head));

    public bool TryEnqueue(ReadOnlySpan<byte> packet, long arrivalMs)
    {
        long tail = _tail;
        if (packet.Length > SlotSize || tail - Volatile.Read(ref _head) >= capacity)
        {
            Interlocked.Increment(ref _overflows);
            return false;
        }
        int slot = (int)(tail % capacity);
        packet.CopyTo(_slots.AsSpan(slot * SlotSize));
        _lengths[slot] = packet.Length;
        _arrival[slot] = arrivalMs;
        Volatile.Write(ref _tail, tail + 1);
        return true;
    }

    /// <summary>Consumer: the oldest packet, valid until the next <see cref="Release"/>.</summary>
    public bool TryPeek(out ReadOnlySpan<byte> packet, out long arrivalMs)
    {
        long head = _head;
        if (head == Volatile.Read(ref _tail))
        {
            packet = default;
            arrivalMs = 0;
            return false;
        }
        int slot = (int)(head % capacity);
        packet = _slots.AsSpan(slot * SlotSize, _lengths[slot]);
        arrivalMs = _arrival[slot];
        return true;
    }

    public void Release() => Volatile.Write(ref _head, _head + 1);
}
