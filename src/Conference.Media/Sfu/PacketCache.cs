using System.Buffers;
using Conference.Media.Rtp;

namespace Conference.Media.Sfu;

/// <summary>
/// The last <see cref="Capacity"/> packets of one received stream (one SSRC), indexed by sequence number,
/// kept to answer NACKs (RFC 4585 §6.2.1). The slot is the sequence number modulo a power of two, so a
/// lookup is one index and a tag check; buffers are rented once from the shared pool and reused.
/// Not thread-safe: store, look up and dispose on the receive loop that owns the track (docs/media.md); a buffer
/// written after its return is what <see cref="PooledBufferCanary"/> catches.
/// </summary>
public sealed class PacketCache : IDisposable
{
    /// <summary>Largest packet kept; an Ethernet MTU is all SRTP will ever hand us over UDP.</summary>
    public const int MaxPacketLength = 1500;

    private readonly byte[][] _buffers;
    private readonly int[] _lengths;
    private readonly ushort[] _sequenceNumbers;
    private readonly uint[] _ssrcs;
    private readonly int _mask;
    private bool _disposed;

    public PacketCache(int capacity = 512)
    {
        // A power of two divides 2^16, so after wraparound a sequence number lands in the same slot it had.
        if (capacity < 1 || capacity > 32768 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), "a power of two between 1 and 32768");
        }
        Capacity = capacity;
        _mask = capacity - 1;
        _buffers = new byte[capacity][];
        for (int i = 0; i < capacity; i++) _buffers[i] = ArrayPool<byte>.Shared.Rent(MaxPacketLength);
        _lengths = new int[capacity];
        _sequenceNumbers = new ushort[capacity];
        _ssrcs = new uint[capacity];
    }

    public int Capacity { get; }

    /// <summary>Copies the packet (as received, before any per-subscriber rewrite). False when it is too large to keep.</summary>
    public bool Store(ReadOnlySpan<byte> packet, in RtpHeader header)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (packet.Length > MaxPacketLength) return false;
        int slot = header.SequenceNumber & _mask;
        packet.CopyTo(_buffers[slot]);
        _lengths[slot] = packet.Length;
        _sequenceNumbers[slot] = header.SequenceNumber;
        _ssrcs[slot] = header.Ssrc;
        return true;
    }

    /// <summary>The stored packet with that SSRC and sequence number; false when it was never stored or has been overwritten.</summary>
    public bool TryGet(uint ssrc, ushort sequenceNumber, out ReadOnlySpan<byte> packet)
    {
        int slot = sequenceNumber & _mask;
        if (_disposed || _lengths[slot] == 0 || _sequenceNumbers[slot] != sequenceNumber || _ssrcs[slot] != ssrc)
        {
            packet = default;
            return false;
        }
        packet = _buffers[slot].AsSpan(0, _lengths[slot]);
        return true;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        for (int i = 0; i < _buffers.Length; i++)
        {
            PooledBufferCanary.Return(_buffers[i]);
            _buffers[i] = [];
            _lengths[i] = 0;
        }
    }
}
