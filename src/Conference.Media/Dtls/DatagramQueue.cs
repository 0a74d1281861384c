using System.Buffers;
using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;

namespace Conference.Media.Dtls;

/// <summary>
/// BouncyCastle's blocking <see cref="DatagramTransport"/> over a push model: the owner (the
/// RFC 7983 demultiplexer) enqueues received records, and the handshake thread blocks in
/// <see cref="Receive(Span{byte}, int)"/> with BouncyCastle's retransmission deadline as the wait.
/// Returning -1 on timeout is what lets BouncyCastle resend its last flight (RFC 6347 §4.2.4).
/// Received copies live in pooled buffers, returned once the thread has taken them, and records go out without a copy
/// of ours: the send callback sees BouncyCastle's buffer for the duration of the call only.
/// </summary>
internal sealed class DatagramQueue(Action<ReadOnlyMemory<byte>> send, int capacity, int maxDatagramSize)
    : DatagramTransport
{
    // Big enough for any UDP payload a peer might send; BouncyCastle sizes its record buffer from this.
    private const int ReceiveLimit = 2048;

    private readonly BlockingCollection<QueuedDatagram> _received = new(new ConcurrentQueue<QueuedDatagram>(), capacity);

    /// <summary>The handshake's flight times (receives and sends on the handshake thread, until it completes).</summary>
    public DtlsHandshakeClock Clock { get; } = new();

    // A datagram WaitForDatagram took, handed to the next Receive (the thread's own; no other thread touches it).
    private QueuedDatagram? _held;

    /// <summary>True when no received datagram is waiting for the thread.</summary>
    public bool IsEmpty => _held is null && _received.Count == 0;

    /// <summary>
    /// Blocks until a datagram is there for the next <see cref="Receive(Span{byte}, int)"/> (true), or the wait is over
    /// (false). Throws once the queue is closed. Lets the owner wait without being inside BouncyCastle.
    /// </summary>
    public bool WaitForDatagram(int waitMillis)
    {
        if (_held is not null) return true;
        try
        {
            if (_received.TryTake(out QueuedDatagram datagram, Math.Max(0, waitMillis)))
            {
                _held = datagram;
                return true;
            }
        }
        catch (ObjectDisposedException)
        {
            throw Closed();
        }
        if (_received.IsCompleted) throw Closed();
        return false;
    }

    /// <summary>Queues a copy of a received datagram; drops it when the queue is full or closed (UDP semantics).</summary>
    public void Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty || datagram.Length > ReceiveLimit || _received.IsAddingCompleted) return;
        byte[] copy = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(copy);
        try
        {
            if (_received.TryAdd(new QueuedDatagram(copy, datagram.Length))) return;
        }
        catch (InvalidOperationException)
        {
            // Closed concurrently: drop.
        }
        ArrayPool<byte>.Shared.Return(copy);
    }

    public int GetReceiveLimit() => ReceiveLimit;

    public int GetSendLimit() => maxDatagramSize;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        QueuedDatagram datagram;
        try
        {
            if (_held is { } held)
            {
                datagram = held;
                _held = null;
            }
            else if (!_received.TryTake(out datagram, Math.Max(0, waitMillis)))
            {
                if (_received.IsCompleted) throw Closed();
                return -1;
            }
        }
        catch (ObjectDisposedException)
        {
            throw Closed();
        }
        Clock.Received();
        int length = Math.Min(datagram.Length, buffer.Length);
        datagram.Buffer.AsSpan(0, length).CopyTo(buffer);
        ArrayPool<byte>.Shared.Return(datagram.Buffer);
        return length;
    }

    /// <summary>
    /// Not a <see cref="TlsTimeoutException"/>: BouncyCastle's record layer takes that for "nothing yet" and asks again
    /// until its own wait is over, so a closed queue spun its thread through an exception per call for up to a second
    /// (the receive loop's wait) or the whole handshake timeout (30 s). An I/O error ends the handshake or the receive.
    /// </summary>
    private static IOException Closed() => new("DTLS transport closed");

    public void Send(byte[] buf, int off, int len)
    {
        if (_received.IsAddingCompleted) return;
        Clock.Sent();
        send(buf.AsMemory(off, len));
    }

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (_received.IsAddingCompleted) return;
        Clock.Sent();
        // The callback takes memory; only a span's owner could lend it without a copy, so this path (not the one
        // BouncyCastle's record layer uses) copies into a pooled buffer for the duration of the call.
        byte[] copy = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            buffer.CopyTo(copy);
            send(copy.AsMemory(0, buffer.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>Wakes a blocked receiver and refuses further datagrams.</summary>
    public void Close() => _received.CompleteAdding();

    private readonly record struct QueuedDatagram(byte[] Buffer, int Length);
}
