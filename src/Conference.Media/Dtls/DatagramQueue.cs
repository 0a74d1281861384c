using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;

namespace Conference.Media.Dtls;

/// <summary>
/// BouncyCastle's blocking <see cref="DatagramTransport"/> over a push model: the owner (the
/// RFC 7983 demultiplexer) enqueues received records, and the handshake thread blocks in
/// <see cref="Receive(Span{byte}, int)"/> with BouncyCastle's retransmission deadline as the wait.
/// Returning -1 on timeout is what lets BouncyCastle resend its last flight (RFC 6347 §4.2.4).
/// </summary>
internal sealed class DatagramQueue(Action<ReadOnlyMemory<byte>> send, int capacity, int maxDatagramSize)
    : DatagramTransport
{
    // Big enough for any UDP payload a peer might send; BouncyCastle sizes its record buffer from this.
    private const int ReceiveLimit = 2048;

    private readonly BlockingCollection<byte[]> _received = new(new ConcurrentQueue<byte[]>(), capacity);

    /// <summary>Queues a copy of a received datagram; drops it when the queue is full or closed (UDP semantics).</summary>
    public void Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty || datagram.Length > ReceiveLimit || _received.IsAddingCompleted) return;
        try
        {
            _received.TryAdd(datagram.ToArray());
        }
        catch (InvalidOperationException)
        {
            // Closed concurrently: drop.
        }
    }

    public int GetReceiveLimit() => ReceiveLimit;

    public int GetSendLimit() => maxDatagramSize;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        byte[]? datagram;
        try
        {
            if (!_received.TryTake(out datagram, Math.Max(0, waitMillis)))
            {
                if (_received.IsCompleted) throw new TlsTimeoutException("DTLS transport closed");
                return -1;
            }
        }
        catch (ObjectDisposedException)
        {
            throw new TlsTimeoutException("DTLS transport closed");
        }
        int length = Math.Min(datagram.Length, buffer.Length);
        datagram.AsSpan(0, length).CopyTo(buffer);
        return length;
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (_received.IsAddingCompleted) return;
        send(buffer.ToArray());
    }

    /// <summary>Wakes a blocked receiver and refuses further datagrams.</summary>
    public void Close() => _received.CompleteAdding();
}
