using System.Buffers;

namespace Conference.Media.Sfu.Pacing;

/// <summary>
/// Buffers for queued packets, owned by one loop: a free list that grows to the deepest queue seen (buffers rented from
/// <see cref="ArrayPool{T}.Shared"/> only then) and is trimmed back when the queue is empty, so steady pacing neither
/// allocates nor takes a lock per packet.
/// </summary>
internal sealed class PacketBufferPool
{
    /// <summary>A forwarded packet or an RTX copy (two bytes longer) fits.</summary>
    public const int BufferSize = PacketCache.MaxPacketLength + 16;
    private const int Kept = 32; // a low layer's keyframe queues about this many; deeper queues use ArrayPool above it
    private byte[][] _free = new byte[Kept][];
    private int _count;

    public int FreeCount => _count;

    public byte[] Rent() => _count > 0 ? _free[--_count]! : ArrayPool<byte>.Shared.Rent(BufferSize);

    public void Return(byte[] buffer)
    {
        if (_count == _free.Length) Array.Resize(ref _free, _free.Length * 2); // only while a queue grows past its deepest
        _free[_count++] = buffer;
    }

    /// <summary>Gives back all but a few (the queue drained after a burst).</summary>
    public void Trim(int keep = Kept)
    {
        while (_count > keep)
        {
            ArrayPool<byte>.Shared.Return(_free[--_count]);
            _free[_count] = null!;
        }
    }
}
