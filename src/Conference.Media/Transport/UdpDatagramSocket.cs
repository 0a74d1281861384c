using System.Net;
using System.Net.Sockets;

namespace Conference.Media.Transport;

/// <summary>
/// Called on the receive loop for each datagram. Both arguments are reused for the next datagram:
/// handle (or copy) them before returning. The datagram may be modified in place (SRTP unprotect does).
/// </summary>
public delegate void DatagramHandler(Span<byte> datagram, SocketAddress remote);

/// <summary>
/// One UDP socket with one receive loop. The loop reuses a single buffer and a single
/// <see cref="SocketAddress"/>, and <c>ReceiveFromAsync</c> with a <see cref="SocketAddress"/> reuses its
/// awaitable, so steady-state receiving does not allocate. Datagrams are handed over one at a time,
/// which makes the handler single-threaded per socket (SRTP receive state relies on that).
/// <para>
/// The loop is also the owner of whatever its handler touches: other threads change that state by posting work
/// (<see cref="Post"/>, <see cref="InvokeAsync{T}"/>), which runs on the loop between two datagrams, never during one
/// (see UdpDatagramSocket.Work.cs).
/// </para>
/// </summary>
public sealed partial class UdpDatagramSocket : IAsyncDisposable
{
    /// <summary>The largest UDP payload over IPv4 (65535 - 8 - 20).</summary>
    public const int MaxDatagramSize = 65507;

    private readonly Socket _socket;
    private readonly DatagramHandler _handler;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private readonly Action<Exception>? _faulted;
    private readonly Action<int>? _sendsFailed;
    private long _handlerFaults;
    private int _started;

    private UdpDatagramSocket(Socket socket, DatagramHandler handler, Action<Exception>? faulted, bool batched, Action<int>? sendsFailed,
        UdpReceiveGroup? group, bool segmentation, bool receiveOffload)
    {
        _socket = socket;
        _handler = handler;
        _faulted = faulted;
        _sendsFailed = sendsFailed;
        _group = group;
        IsBatched = batched && BatchingSupported && group is null;
        _segmentation = segmentation && IsBatched;
        // GRO only where datagrams come through recvmmsg with a control buffer to say where they split (never the
        // portable loop, which would hand a coalesced train over as one datagram).
        ReceiveOffload = receiveOffload && (IsBatched || group is not null && BatchingSupported) && TryEnableReceiveOffload(socket);
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _doorbell = DoorbellAddress(LocalEndPoint);
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Handler exceptions caught by the loop (a bug upstream; the loop keeps running).</summary>
    public long HandlerFaults => Interlocked.Read(ref _handlerFaults);

    /// <summary>Binds a socket; call <see cref="Start"/> once the handler's owner is ready.</summary>
    /// <param name="faulted">Told (on the loop) about each exception a handler or posted work threw: log it there.</param>
    /// <param name="batched">Receive and send with recvmmsg/sendmmsg where <see cref="BatchingSupported"/>
    /// (UdpDatagramSocket.Batched.cs); elsewhere, or when false, one datagram per system call.</param>
    /// <param name="sendsFailed">Told (on the loop) how many batched datagrams the kernel refused at a flush.</param>
    /// <param name="group">Receive on this group's thread instead of a loop of the socket's own (UdpDatagramSocket.Group.cs).</param>
    /// <param name="segmentation">A batched loop sends runs of datagrams to one destination with UDP segmentation offload
    /// (UDP_SEGMENT; UdpBatch), falling back to one datagram per message if the kernel refuses it.</param>
    /// <param name="receiveOffload">Where the socket receives with recvmmsg (batched, or in a group): ask the kernel for
    /// UDP_GRO, so a train of datagrams arrives as one buffer that the loop splits again before the handler.</param>
    public static UdpDatagramSocket Bind(IPEndPoint local, DatagramHandler handler, Action<Exception>? faulted = null,
        bool batched = false, Action<int>? sendsFailed = null, UdpReceiveGroup? group = null, bool segmentation = false,
        bool receiveOffload = false)
    {
        var socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Media bursts (a keyframe is dozens of packets) overflow the small default buffers, and an SFU socket
            // must ride out its receive loop waiting for a CPU: at saturation the kernel dropped publisher packets at
            // 1 MiB (docs/benchmarks.md, sfu-load). Linux caps this at net.core.rmem_max (docs/operations.md).
            socket.ReceiveBufferSize = 4 << 20;
            socket.SendBufferSize = 1 << 20;
            socket.Bind(local);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new UdpDatagramSocket(socket, handler, faulted, batched, sendsFailed, group, segmentation, receiveOffload);
    }

    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) return;
        if (_group is { } group) StartInGroup(group);
        else if (IsBatched) StartBatchedLoop();
        else _loop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>
    /// Sends one datagram; false when the socket refuses it (closed, no route, buffer full). On a batched loop's own
    /// thread the datagram is copied into the send batch and goes out with the batch (refusals then reach
    /// <see cref="BatchedSendFailures"/>).
    /// </summary>
    public bool SendTo(ReadOnlySpan<byte> datagram, SocketAddress remote) =>
        TryQueueSend(datagram, remote) || SendToNow(datagram, remote);

    /// <summary>
    /// Sends one datagram at once, after whatever this loop queued before it: for a datagram that sends from other
    /// threads must not overtake (the STUN response that lets a peer accept the DTLS flight our handshake thread is
    /// about to send; queued, it would leave with the batch, after that flight).
    /// </summary>
    public bool SendToNow(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        if (t_current == this) FlushSends();
        try
        {
            return _socket.SendTo(datagram, SocketFlags.None, remote) == datagram.Length;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = GC.AllocateUninitializedArray<byte>(MaxDatagramSize, pinned: true);
        var remote = new SocketAddress(_socket.AddressFamily);
        CancellationToken stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            t_current = this;
            RunPostedWork();
            RunDueTick();
            // Pool threads are shared: only the thread running the loop right now may call itself the loop.
            t_current = null;
            int received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, remote, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                AbandonPostedWork();
                return;
            }
            catch (SocketException)
            {
                // ICMP errors surface here on some platforms (ConnectionReset); UDP carries on.
                continue;
            }
            // The continuation may resume on another pool thread: the loop's identity travels with it.
            t_current = this;
            if (received == 1 && buffer[0] == DoorbellByte) continue; // posted work woke us: it runs at the top
            try
            {
                _handler(buffer.AsSpan(0, received), remote);
            }
            catch (Exception e)
            {
                // Parsers never throw on input; this is a bug in a consumer. Keep serving the other peers.
                Fault(e);
            }
        }
        AbandonPostedWork();
    }

    private void Fault(Exception e)
    {
        Interlocked.Increment(ref _handlerFaults);
        try
        {
            _faulted?.Invoke(e);
        }
        catch (Exception)
        {
            // The fault reporter itself failed; the count above still records the fault.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_tickTimer is { } timer) await timer.DisposeAsync().ConfigureAwait(false);
        if (_group is { } group && Volatile.Read(ref _started) != 0)
        {
            group.Leave(this);
            WakeForStop(); // the group's wait returns and takes the change
        }
        if (IsBatched && Volatile.Read(ref _started) != 0) WakeForStop();
        _socket.Dispose();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The loop only ends by cancellation or disposal.
        }
        _stop.Dispose();
    }
}
