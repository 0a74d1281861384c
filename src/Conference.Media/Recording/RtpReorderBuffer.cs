using Conference.Media.Rtp;

namespace Conference.Media.Recording;

/// <summary>
/// A small jitter buffer for one RTP source: packets come out in sequence order; a gap is declared lost when the
/// packet after it has waited <see cref="MaxWaitMs"/> or the window is full. Slots are allocated once; one owner.
/// </summary>
internal sealed class RtpReorderBuffer
{
    public const int Capacity = 128;
    private const int SlotSize = 1500;
    private readonly byte[] _slots = new byte[Capacity * SlotSize];
    private readonly int[] _lengths = new int[Capacity];
    private readonly long[] _arrival = new long[Capacity];
    private readonly long[] _held = new long[Capacity]; // extended sequence number held in the slot, -1 when empty
    private long _next = -1, _highest = -1;
    private int _count;

    public RtpReorderBuffer() => Array.Fill(_held, -1);

    public long MaxWaitMs { get; init; } = 100;
    public long Lost { get; private set; }
    public long Late { get; private set; }

    /// <summary>An ordered packet; <c>gapBefore</c> is true when packets before it were declared lost.</summary>
    public delegate void OrderedPacket(ReadOnlySpan<byte> packet, bool gapBefore);

    public void Reset()
    {
        Array.Fill(_held, -1);
        _next = _highest = -1;
        _count = 0;
    }

    public void Push(ReadOnlySpan<byte> packet, ushort sequence, long arrivalMs, OrderedPacket emit)
    {
        if (packet.Length > SlotSize) return;
        long extended = Extend(sequence);
        if (_next < 0) _next = extended;
        if (extended < _next || _held[(int)(extended & (Capacity - 1))] == extended)
        {
            Late++;
            return;
        }
        bool gap = false;
        while (extended >= _next + Capacity) gap |= SkipOne(emit);
        int slot = (int)(extended & (Capacity - 1));
        packet.CopyTo(_slots.AsSpan(slot * SlotSize));
        _lengths[slot] = packet.Length;
        _arrival[slot] = arrivalMs;
        _held[slot] = extended;
        _count++;
        Drain(emit, gap);
        Expire(arrivalMs, emit);
    }

    /// <summary>Declares lost whatever blocks a packet that has waited too long.</summary>
    public void Expire(long nowMs, OrderedPacket emit)
    {
        while (_count > 0 && OldestArrival() <= nowMs - MaxWaitMs)
        {
            bool gap = false;
            while (_held[(int)(_next & (Capacity - 1))] != _next) gap |= SkipOne(emit);
            Drain(emit, gap);
        }
    }

    /// <summary>Emits everything held, in order (end of recording or a source change).</summary>
    public void Flush(OrderedPacket emit)
    {
        while (_count > 0)
        {
            bool gap = false;
            while (_held[(int)(_next & (Capacity - 1))] != _next) gap |= SkipOne(emit);
            Drain(emit, gap);
        }
    }

    private long OldestArrival()
    {
        long oldest = long.MaxValue;
        for (int i = 0; i < Capacity; i++) if (_held[i] >= 0 && _arrival[i] < oldest) oldest = _arrival[i];
        return oldest;
    }

    /// <summary>Moves past <see cref="_next"/>: emitted if held, else counted lost. Returns true for a loss.</summary>
    private bool SkipOne(OrderedPacket emit)
    {
        int slot = (int)(_next & (Capacity - 1));
        if (_held[slot] == _next)
        {
            Drain(emit, false);
            return false;
        }
        _next++;
        Lost++;
        return true;
    }

    private void Drain(OrderedPacket emit, bool gap)
    {
        while (true)
        {
            int slot = (int)(_next & (Capacity - 1));
            if (_held[slot] != _next) return;
            _held[slot] = -1;
            _count--;
            _next++;
            emit(_slots.AsSpan(slot * SlotSize, _lengths[slot]), gap);
            gap = false;
        }
    }

    /// <summary>RFC 3550 A.1: the 16-bit sequence extended by the cycle nearest the highest seen.</summary>
    private long Extend(ushort sequence)
    {
        if (_highest < 0) return _highest = sequence;
        long candidate = (_highest & ~0xFFFFL) | sequence;
        if (candidate < _highest - 0x8000) candidate += 0x10000;
        else if (candidate > _highest + 0x8000) candidate -= 0x10000;
        if (candidate > _highest) _highest = candidate;
        return candidate;
    }
}
