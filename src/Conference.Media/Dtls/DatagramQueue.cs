using System.Buffers;
using System.Diagnostics;
using Org.BouncyCastle.Tls;

namespace Conference.Media.Dtls;

/// <summary>
/// BouncyCastle's blocking <see cref="DatagramTransport"/> over a push model: the owner (the
/// RFC 7983 demultiplexer) enqueues received records, and the handshake thread blocks in
/// <see cref="Receive(Span{byte}, int)"/> with BouncyCastle's retransmission deadline as the wait.
/// Returning -1 on timeout is what lets BouncyCastle resend its last flight (RFC 6347 §4.2.4).
/// Received copies live in pooled buffers, returned once the thread has taken them, and records go out without a copy
/// of ours: the send callback sees BouncyCastle's buffer for the duration of the call only.
/// The thread waits with Monitor.Wait, which blocks at once: a BlockingCollection's SemaphoreSlim spins (~35
/// sched_yield calls) at every wait, and with one DTLS thread per peer connection that waking once a second (the
/// receive loop's wait) cost an SFU or a load generator with a hundred connections thousands of context switches
/// a second for nothing.
/// </summary>
internal sealed class DatagramQueue(Action<ReadOnlyMemory<byte>> send, int capacity, int maxDatagramSize)
    : DatagramTransport
{
    // Big enough for any UDP payload a peer might send; BouncyCastle sizes its record buffer from this.
    private const int ReceiveLimit = 2048;

    private readonly Queue<QueuedDatagram> _received = new(); // under _gate
    private readonly object _gate = new();
    private bool _closed; // under _gate; written once
    private int _count; // _received.Count, readable without the gate

    /// <summary>The handshake's flight times (receives and sends on the handshake thread, until it completes).</summary>
    public DtlsHandshakeClock Clock { get; } = new();

    // A datagram WaitForDatagram took, handed to the next Receive (the thread's own; no other thread touches it).
    private QueuedDatagram? _held;

    /// <summary>True when no received datagram is waiting for the thread.</summary>
    public bool IsEmpty => _held is null && Volatile.Read(ref _count) == 0;

    /// <summary>
    /// Blocks until a datagram is there for the next <see cref="Receive(Span{byte}, int)"/> (true), or the wait is over
    /// (false). Throws once the queue is closed. Lets the owner wait without being inside BouncyCastle.
    /// </summary>
    public bool WaitForDatagram(int waitMillis)
    {
        if (_held is not null) return true;
        if (TryTake(out QueuedDatagram datagram, waitMillis))
        {
            _held = datagram;
            return true;
        }
        return false;
    }

    /// <summary>Queues a copy of a received datagram; drops it when the queue is full or closed (UDP semantics).</summary>
    public void Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty || datagram.Length > ReceiveLimit || Volatile.Read(ref _closed)) return;
        byte[] copy = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(copy);
        lock (_gate)
        {
            if (!_closed && _received.Count < capacity)
            {
                _received.Enqueue(new QueuedDatagram(copy, datagram.Length));
                Volatile.Write(ref _count, _received.Count);
                if (_received.Count == 1) Monitor.Pulse(_gate); // the one thread that waits, if it does
                return;
            }
        }
        ArrayPool<byte>.Shared.Return(copy); // full or closed: dropped (UDP semantics)
    }

    public int GetReceiveLimit() => ReceiveLimit;

    public int GetSendLimit() => maxDatagramSize;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        QueuedDatagram datagram;
        if (_held is { } held)
        {
            datagram = held;
            _held = null;
        }
        else if (!TryTake(out datagram, waitMillis))
        {
            return -1;
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
        if (Volatile.Read(ref _closed)) return;
        Clock.Sent();
        send(buf.AsMemory(off, len));
    }

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (Volatile.Read(ref _closed)) return;
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
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// The next datagram, waiting up to <paramref name="waitMillis"/> (0: not at all) for one; false when the wait is
    /// over. Throws once the queue is closed and empty (what is queued is still taken after a close).
    /// </summary>
    private bool TryTake(out QueuedDatagram datagram, int waitMillis)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)Math.Max(0, waitMillis) * Stopwatch.Frequency / 1000;
        lock (_gate)
        {
            while (_received.Count == 0)
            {
                if (_closed) throw Closed();
                long remaining = (deadline - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
                if (remaining <= 0)
                {
                    datagram = default;
                    return false;
                }
                Monitor.Wait(_gate, (int)Math.Min(remaining, int.MaxValue));
            }
            datagram = _received.Dequeue();
            Volatile.Write(ref _count, _received.Count);
            return true;
        }
    }

    private readonly record struct QueuedDatagram(byte[] Buffer, int Length);
}
