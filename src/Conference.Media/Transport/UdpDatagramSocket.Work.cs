using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Conference.Media.Transport;

/// <summary>
/// Work posted to the receive loop by other threads (grains, DTLS threads, timers), so that the loop stays the only
/// thread that touches its state: mediasoup's worker model, with a datagram to ourselves as the doorbell (the loop
/// sleeps in one receive call; this wakes it without a second wait primitive). Work runs in posting order, before the
/// next datagram is handled.
/// </summary>
public sealed partial class UdpDatagramSocket
{
    /// <summary>A one-byte datagram of this value wakes the loop; no RFC 7983 protocol starts with it.</summary>
    private const byte DoorbellByte = 0xFF;

    [ThreadStatic] private static UdpDatagramSocket? t_current;
    private readonly ConcurrentQueue<IPostedWork> _work = new();
    private readonly SocketAddress _doorbell;
    private int _doorbellRung;
    private volatile bool _workClosed;

    /// <summary>True on this socket's receive loop (in its handler or in posted work).</summary>
    public bool IsOnLoop => t_current == this;

    /// <summary>Runs <paramref name="work"/> on the loop, after what is queued; dropped if the socket is closed first.</summary>
    public void Post(Action work) => Enqueue(new PostedAction(work));

    /// <summary>
    /// Runs <paramref name="work"/> on the loop and completes with its result (continuations do not run on the loop).
    /// Runs inline when already on the loop. Faults with <see cref="ObjectDisposedException"/> once the socket is closed.
    /// </summary>
    public Task<T> InvokeAsync<T>(Func<T> work)
    {
        if (IsOnLoop)
        {
            try
            {
                return Task.FromResult(work());
            }
            catch (Exception e)
            {
                return Task.FromException<T>(e);
            }
        }
        var item = new PostedFunction<T>(work);
        Enqueue(item);
        return item.Task;
    }

    public Task InvokeAsync(Action work) => InvokeAsync(() =>
    {
        work();
        return true;
    });

    private void Enqueue(IPostedWork item)
    {
        if (_workClosed)
        {
            item.Abandon();
            return;
        }
        _work.Enqueue(item);
        if (_workClosed)
        {
            AbandonPostedWork(); // closed meanwhile: the loop's final drain may have missed it
            return;
        }
        if (Interlocked.Exchange(ref _doorbellRung, 1) == 0)
        {
            try
            {
                _socket.SendTo([DoorbellByte], SocketFlags.None, _doorbell);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                Volatile.Write(ref _doorbellRung, 0); // the next post rings again; a closed socket abandons the work
            }
        }
    }

    /// <summary>On the loop: everything posted so far (work posted by this work waits for the next turn).</summary>
    private void RunPostedWork()
    {
        if (_work.IsEmpty) return;
        Volatile.Write(ref _doorbellRung, 0); // posts from here on ring again
        int count = _work.Count;
        for (int i = 0; i < count && _work.TryDequeue(out IPostedWork? item); i++)
        {
            try
            {
                item.Run();
            }
            catch (Exception e)
            {
                Fault(e);
            }
        }
        if (!_work.IsEmpty) Volatile.Write(ref _doorbellRung, 0);
    }

    private void AbandonPostedWork()
    {
        _workClosed = true;
        while (_work.TryDequeue(out IPostedWork? item)) item.Abandon();
    }

    private static SocketAddress DoorbellAddress(IPEndPoint local)
    {
        IPAddress address = local.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : local.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : local.Address;
        return new IPEndPoint(address, local.Port).Serialize();
    }

    private interface IPostedWork
    {
        void Run();

        void Abandon();
    }

    private sealed class PostedAction(Action work) : IPostedWork
    {
        public void Run() => work();

        public void Abandon()
        {
        }
    }

    private sealed class PostedFunction<T>(Func<T> work) : IPostedWork
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => _done.Task;

        public void Run()
        {
            try
            {
                _done.TrySetResult(work());
            }
            catch (Exception e)
            {
                _done.TrySetException(e); // the caller sees it; not a loop fault
            }
        }

        public void Abandon() => _done.TrySetException(new ObjectDisposedException(nameof(UdpDatagramSocket), "The media loop has stopped."));
    }
}
