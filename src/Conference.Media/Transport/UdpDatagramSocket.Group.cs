using System.Net;
using System.Net.Sockets;

namespace Conference.Media.Transport;

/// <summary>
/// A socket served by a <see cref="UdpReceiveGroup"/> instead of a loop of its own: the group's thread takes turns
/// among its members. A turn is what one round of the batched loop does — posted work, a due tick, one recvmmsg and
/// the handler for each datagram — with this socket as the current loop; sends go out directly (no send batch).
/// </summary>
public sealed partial class UdpDatagramSocket
{
    private readonly UdpReceiveGroup? _group;
    private SocketAddress? _groupRemote;
    private bool _groupReferenced;
    private readonly TaskCompletionSource _groupLeft = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The descriptor the group polls (valid while the socket is a member).</summary>
    internal int GroupDescriptor => _fd;

    private void StartInGroup(UdpReceiveGroup group)
    {
        _loop = _groupLeft.Task;
        group.Join(this);
    }

    /// <summary>Group thread, when the socket joins: holds the descriptor open (not reused) while it is polled.</summary>
    internal bool EnterGroup()
    {
        if (_stop.IsCancellationRequested) return false;
        try
        {
            SafeSocketHandle handle = _socket.SafeHandle;
            handle.DangerousAddRef(ref _groupReferenced);
            _fd = (int)handle.DangerousGetHandle();
            _groupRemote = new SocketAddress(_socket.AddressFamily);
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Group thread: the socket is no longer polled; its loop task completes.</summary>
    internal void LeftGroup()
    {
        AbandonPostedWork();
        if (_groupReferenced)
        {
            _groupReferenced = false;
            _socket.SafeHandle.DangerousRelease();
        }
        _fd = -1;
        _groupLeft.TrySetResult();
    }

    /// <summary>Group thread: one turn. False when the descriptor is gone (the socket should leave).</summary>
    internal bool TakeGroupTurn(UdpBatch receive)
    {
        if (_stop.IsCancellationRequested) return true; // leaving: DisposeAsync asked the group
        t_current = this;
        try
        {
            RunPostedWork();
            RunDueTick();
            int received = receive.Receive(_fd, out int errno);
            if (received < 0) return errno is not (LinuxUdp.EBadF or LinuxUdp.ENotSock or LinuxUdp.EInval);
            HandleBatch(receive, received, _groupRemote!);
            return true;
        }
        finally
        {
            t_current = null;
        }
    }
}
