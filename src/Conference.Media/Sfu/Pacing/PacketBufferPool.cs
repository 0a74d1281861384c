using System.Buffers;

namespace Conference.Media.Sfu.Pacing;

/// <summary>
/// Buffers for queued packets, owned by one loop: a free list that grows to the deepest queue seen (buffers rented from
/// <see cref="ArrayPool{T}.Shared"/> only then), so steady pacing neither allocates nor takes a lock per packet. Buffers
/// beyond <see cref="Kept"/> go back only once they have not been needed for <see cref="IdleMicroseconds"/>: a connection
/// whose queue fills past that depth at every burst keeps its buffers, instead of handing them to the shared pool after
/// each burst and renting them again at the next — with many connections the shared pool (a few dozen arrays per size
/// and core) ran dry and each re-rent allocated a new array (seen on the SFU's loop in a profile of sfu-load).
/// </summary>
internal sealed class PacketBufferPool
{
    /// <summary>A forwarded packet or an RTX copy (two bytes longer) fits.</summary>
    public const int BufferSize = PacketCache.MaxPacketLength + 16;

    /// <summary>Always kept: a low layer's keyframe queues about this many.</summary>
    public const int Kept = 32;

    /// <summary>Free buffers beyond <see cref="Kept"/> that no rent needed for this long are given back.</summary>
    public const long IdleMicroseconds = 2_000_000;

    private byte[][] _free = new byte[Kept][];
    private int _count;
    private int _lowWater; // fewest free since the last look: that many were not needed in the meantime
    private long _lookedAtUs = long.MinValue;

    public int FreeCount => _count;

    public byte[] Rent()
    {
        if (_count == 0)
        {
            _lowWater = 0;
            return ArrayPool<byte>.Shared.Rent(BufferSize);
        }
        byte[] buffer = _free[--_count];
        _free[_count] = null!;
        if (_count < _lowWater) _lowWater = _count;
        return buffer;
    }

    public void Return(byte[] buffer)
    {
        if (_count == _free.Length) Array.Resize(ref _free, _free.Length * 2); // only while a queue grows past its deepest
        _free[_count++] = buffer;
    }

    /// <summary>
    /// The queue is empty (the loop's tick at <paramref name="nowUs"/>): at most once per <see cref="IdleMicroseconds"/>,
    /// the buffers beyond <see cref="Kept"/> that stayed free since the previous look go back to the shared pool.
    /// </summary>
    public void Trim(long nowUs)
    {
        if (_lookedAtUs != long.MinValue && nowUs - _lookedAtUs < IdleMicroseconds) return;
        if (_lookedAtUs != long.MinValue) GiveBack(Math.Min(_lowWater, _count - Kept));
        _lookedAtUs = nowUs;
        _lowWater = _count;
    }

    /// <summary>The connection is gone: every buffer goes back.</summary>
    public void Clear() => GiveBack(_count);

    private void GiveBack(int surplus)
    {
        for (int i = 0; i < surplus; i++)
        {
            ArrayPool<byte>.Shared.Return(_free[--_count]);
            _free[_count] = null!;
        }
    }
}
