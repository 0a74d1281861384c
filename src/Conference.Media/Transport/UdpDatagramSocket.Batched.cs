using System.Net;
using System.Net.Sockets;

namespace Conference.Media.Transport;

/// <summary>
/// The batched receive loop (Linux): one recvmmsg(2) takes up to <see cref="BatchSize"/> queued datagrams, and what the
/// handlers send meanwhile is copied into a send batch that one sendmmsg(2) flushes after the batch (or when it fills),
/// so a loaded loop makes a few system calls per batch instead of one per datagram in and one per copy out. The loop runs
/// on its own thread, which owns both batches (native arrays allocated once: no lock, no allocation per datagram). Sends
/// from other threads (DTLS, timers) and datagrams bigger than a send slot go out directly, as without batching.
/// </summary>
public sealed partial class UdpDatagramSocket
{
    /// <summary>Datagrams per recvmmsg call.</summary>
    public const int BatchSize = 32;

    /// <summary>Datagrams per sendmmsg call (a forwarded packet fans out to many subscribers).</summary>
    public const int SendBatchSize = 64;

    /// <summary>Datagrams per flush with segmentation offload: room for a receive batch's whole fan-out, so that a
    /// subscriber's packets from several publishers meet in one flush and can leave as one send.</summary>
    public const int SegmentedSendBatchSize = 512;

    /// <summary>The largest datagram the send batch copies (media and DTLS stay under a 1500-byte MTU).</summary>
    public const int SendSlotSize = 2048;

    /// <summary>How long an idle loop sleeps before it looks at its stop flag again (posted work and disposal wake it sooner).</summary>
    private const int IdleWaitMs = 250;

    private UdpBatch? _sendBatch;
    private int _fd = -1;
    private long _batchedSendFailures;
    private long _receiveBatches, _sendBatches;
    private long _segmentedSends, _segmentedDatagrams, _segmentationRefusals, _coalescedReceives;
    private readonly bool _segmentation;
    private readonly TaskCompletionSource _batchedLoopDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True where recvmmsg/sendmmsg batching is available (64-bit Linux).</summary>
    public static bool BatchingSupported => LinuxUdp.IsSupported;

    /// <summary>True when this socket's loop receives and sends in batches.</summary>
    public bool IsBatched { get; }

    /// <summary>Batched datagrams the kernel refused at flush (already counted as sent by whoever queued them).</summary>
    public long BatchedSendFailures => Interlocked.Read(ref _batchedSendFailures);

    /// <summary>True when this socket's batched loop sends with UDP segmentation offload (asked for, and batched).</summary>
    public bool IsSegmenting => _segmentation;

    /// <summary>True when the kernel delivers this socket's datagram trains coalesced (UDP_GRO) and the loop splits them.</summary>
    public bool ReceiveOffload { get; }

    /// <summary>
    /// UDP segmentation offload so far: sends that carried two or more datagrams, the datagrams they carried, and the
    /// times the kernel refused it (the socket then sends one datagram per message).
    /// </summary>
    public (long Sends, long Datagrams, long Refusals) Segmentation =>
        (Interlocked.Read(ref _segmentedSends), Interlocked.Read(ref _segmentedDatagrams), Interlocked.Read(ref _segmentationRefusals));

    /// <summary>Trains the kernel delivered coalesced (UDP_GRO) and the loop split into their datagrams.</summary>
    public long CoalescedReceives => Interlocked.Read(ref _coalescedReceives);

    /// <summary>recvmmsg calls that returned datagrams, and sendmmsg flushes (with the engine's datagram
    /// counters: datagrams per system call).</summary>
    internal (long ReceiveBatches, long SendBatches) BatchCalls => (Interlocked.Read(ref _receiveBatches), Interlocked.Read(ref _sendBatches));

    /// <summary>On the loop with batching: queue a copy for the next sendmmsg. False when it must go out directly.</summary>
    private bool TryQueueSend(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        if (t_current != this || _sendBatch is not { } batch) return false;
        if (batch.TryAdd(datagram, remote))
        {
            if (batch.Count == batch.Capacity) FlushSends();
            return true;
        }
        FlushSends(); // too big for a slot: what was queued before it goes first
        return false;
    }

    private void FlushSends()
    {
        if (_sendBatch is not { Count: > 0 } batch) return;
        int failed = batch.Flush(_fd);
        Volatile.Write(ref _sendBatches, _sendBatches + 1); // only the loop writes
        if (_segmentation)
        {
            Volatile.Write(ref _segmentedSends, batch.SegmentedSends);
            Volatile.Write(ref _segmentedDatagrams, batch.SegmentedDatagrams);
            Volatile.Write(ref _segmentationRefusals, batch.SegmentationRefusals);
        }
        if (failed > 0)
        {
            Interlocked.Add(ref _batchedSendFailures, failed);
            try
            {
                _sendsFailed?.Invoke(failed);
            }
            catch (Exception e)
            {
                Fault(e);
            }
        }
    }

    private void StartBatchedLoop()
    {
        var thread = new Thread(BatchedReceiveLoop) { IsBackground = true, Name = $"udp loop {LocalEndPoint}" };
        thread.UnsafeStart();
        _loop = _batchedLoopDone.Task;
    }

    private void BatchedReceiveLoop()
    {
        bool referenced = false;
        SafeSocketHandle handle = _socket.SafeHandle;
        var receive = new UdpBatch(BatchSize, MaxDatagramSize);
        _sendBatch = _segmentation ? new UdpBatch(SegmentedSendBatchSize, SendSlotSize, segmentation: true) : new UdpBatch(SendBatchSize, SendSlotSize);
        t_current = this; // this thread is the loop for its whole life
        try
        {
            handle.DangerousAddRef(ref referenced); // the descriptor stays ours (not closed, not reused) until the loop ends
            _fd = (int)handle.DangerousGetHandle();
            var remote = new SocketAddress(_socket.AddressFamily);
            CancellationToken stop = _stop.Token;
            bool drained = true;
            while (!stop.IsCancellationRequested)
            {
                RunPostedWork();
                RunDueTick();
                FlushSends();
                // A batch that came back short emptied the queue: sleep until more arrives (or a tick is due), rather than ask again.
                if (drained)
                {
                    int wait = WaitMilliseconds();
                    if (wait > 0) LinuxUdp.WaitReadable(_fd, wait);
                }
                if (stop.IsCancellationRequested) break;
                int received = receive.Receive(_fd, out int errno);
                if (received < 0)
                {
                    if (errno is LinuxUdp.EBadF or LinuxUdp.ENotSock or LinuxUdp.EInval) break;
                    drained = true; // EAGAIN, EINTR, or an ICMP error surfacing: UDP carries on
                    continue;
                }
                drained = received < receive.Capacity;
                HandleBatch(receive, received, remote);
                FlushSends();
            }
        }
        catch (Exception e)
        {
            Fault(e); // the loop itself failed (not a handler): reported, and the socket stops serving
        }
        finally
        {
            AbandonPostedWork();
            UdpBatch send = _sendBatch!;
            _sendBatch = null;
            send.Dispose();
            receive.Dispose();
            if (referenced) handle.DangerousRelease();
            t_current = null;
            _batchedLoopDone.TrySetResult();
        }
    }

    /// <summary>On the loop: the handler for each of the <paramref name="received"/> datagrams of the batch, doorbells skipped.</summary>
    private void HandleBatch(UdpBatch receive, int received, SocketAddress remote)
    {
        if (received > 0) Volatile.Write(ref _receiveBatches, _receiveBatches + 1);
        for (int i = 0; i < received; i++)
        {
            Span<byte> datagram = receive.Datagram(i);
            if (datagram.Length == 1 && datagram[0] == DoorbellByte) continue; // posted work: it runs at the top
            receive.CopySource(i, remote);
            int segment = ReceiveOffload ? receive.SegmentSize(i) : 0;
            if (segment > 0 && segment < datagram.Length)
            {
                // A train the kernel kept whole (UDP_GRO): every segment is one datagram as it was sent, in order.
                Volatile.Write(ref _coalescedReceives, _coalescedReceives + 1); // only the loop (or the group's thread) writes
                for (int offset = 0; offset < datagram.Length; offset += segment)
                {
                    Handle(datagram.Slice(offset, Math.Min(segment, datagram.Length - offset)), remote);
                }
                continue;
            }
            Handle(datagram, remote);
        }
    }

    private void Handle(Span<byte> datagram, SocketAddress remote)
    {
        try
        {
            _handler(datagram, remote);
        }
        catch (Exception e)
        {
            Fault(e);
        }
    }

    private static bool TryEnableReceiveOffload(Socket socket)
    {
        try
        {
            socket.SetRawSocketOption(LinuxUdp.SolUdp, LinuxUdp.UdpGro, [1, 0, 0, 0]);
            return true;
        }
        catch (SocketException)
        {
            return false; // a kernel without UDP_GRO (before 5.0): datagrams arrive one by one, as without asking
        }
    }

    /// <summary>Wakes a loop sleeping in poll so it sees its stop flag now.</summary>
    private void WakeForStop()
    {
        try
        {
            _socket.SendTo([DoorbellByte], SocketFlags.None, _doorbell);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // It wakes by itself within IdleWaitMs.
        }
    }
}
