using System.Buffers.Binary;

namespace Conference.Media.Sfu.Pacing;

/// <summary>
/// A FIFO ring of queued packets of one priority: fixed slots allocated once, each holding a copy in a buffer from the
/// pacer's <see cref="PacketBufferPool"/>. Loop only; no allocation per packet.
/// </summary>
internal sealed class PacedQueue(int capacity)
{
    internal struct Slot
    {
        public byte[]? Buffer;
        public int Length;
        public long EnqueuedUs;
    }

    private readonly Slot[] _slots = new Slot[capacity];
    private int _head;

    public int Count { get; private set; }
    public long Bytes { get; private set; }
    public int Capacity => _slots.Length;
    public bool IsFull => Count == _slots.Length;

    public ref Slot Head => ref _slots[_head];

    /// <summary>The i-th queued packet from the head.</summary>
    public ref Slot At(int i) => ref _slots[(_head + i) % _slots.Length];

    public void Enqueue(ReadOnlySpan<byte> packet, long nowUs, PacketBufferPool pool)
    {
        ref var slot = ref _slots[(_head + Count) % _slots.Length];
        slot.Buffer = pool.Rent();
        packet.CopyTo(slot.Buffer);
        slot.Length = packet.Length;
        slot.EnqueuedUs = nowUs;
        Count++;
        Bytes += packet.Length;
    }

    /// <summary>Removes the head; its buffer goes back to the pool once the caller is done with it (<see cref="PacketBufferPool.Return"/>).</summary>
    public byte[] Dequeue(out int length, out long enqueuedUs)
    {
        ref var slot = ref _slots[_head];
        byte[] buffer = slot.Buffer!;
        length = slot.Length;
        enqueuedUs = slot.EnqueuedUs;
        slot.Buffer = null;
        _head = (_head + 1) % _slots.Length;
        Count--;
        Bytes -= length;
        return buffer;
    }

    public static uint Ssrc(in Slot slot) => BinaryPrimitives.ReadUInt32BigEndian(slot.Buffer.AsSpan(8));

    public static ushort Sequence(in Slot slot) => BinaryPrimitives.ReadUInt16BigEndian(slot.Buffer.AsSpan(2));
}
