using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Conference.Media.Transport;

/// <summary>
/// One thread receiving for many sockets (Linux, where <see cref="IsSupported"/>): it waits in one epoll_wait(2) for
/// any of them (level-triggered; the cost of a wake is that of the sockets ready, not of all members, as poll(2) over
/// a hundred descriptors was) and gives each readable one a turn of one recvmmsg(2), handling up to
/// <see cref="UdpDatagramSocket.BatchSize"/> datagrams. For processes with hundreds of sockets of modest rate (a load generator's client peers): one thread
/// instead of one per socket, fewer system calls, and a thread busy with one socket's datagrams is not woken for each
/// datagram another socket gets. A member socket is the group thread's while it has its turn (its handler, posted work
/// and ticks run there, as on its own loop); its sends go out directly. Membership changes are taken between turns.
/// </summary>
public sealed unsafe class UdpReceiveGroup : IDisposable
{
    private const int WaitMs = 20, MaxEvents = 128;

    private readonly Lock _changes = new();
    private readonly List<UdpDatagramSocket> _joining = [], _leaving = [];
    // Group thread only: the members by the descriptor each holds open while it is one (its data in the epoll set).
    private readonly Dictionary<int, UdpDatagramSocket> _members = [];
    private readonly int _epoll;
    private readonly Thread _thread;
    private volatile bool _changed, _stop;
    private bool _finished; // under _changes
    private long _turns, _pollCalls;

    private readonly long _spinTicks;

    /// <param name="name">The thread's name.</param>
    /// <param name="spin">After datagrams came in, keep polling without sleeping for this long before a blocking poll: a
    /// thread on a core of its own then is rarely asleep when a datagram arrives, so senders on this machine (over
    /// loopback) seldom pay for waking it. Default: sleep at once.</param>
    public UdpReceiveGroup(string name = "udp receive group", TimeSpan spin = default)
    {
        if (!IsSupported) throw new PlatformNotSupportedException("A receive group needs recvmmsg and epoll (64-bit Linux).");
        _spinTicks = (long)(spin.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        _epoll = LinuxUdp.EpollCreate1(LinuxUdp.EpollCloexec);
        if (_epoll < 0) throw new SocketException(Marshal.GetLastPInvokeError());
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.UnsafeStart();
    }

    /// <summary>True where sockets can share a receive thread (64-bit Linux, as batching).</summary>
    public static bool IsSupported => UdpDatagramSocket.BatchingSupported;

    /// <summary>Sockets served now (read from any thread: a snapshot).</summary>
    public int Count => Volatile.Read(ref _count);

    private int _count;

    /// <summary>Socket turns taken (one recvmmsg each) and waits made (epoll_wait), for datagrams per system call.</summary>
    public (long Turns, long Polls) Calls => (Interlocked.Read(ref _turns), Interlocked.Read(ref _pollCalls));

    internal void Join(UdpDatagramSocket socket)
    {
        lock (_changes)
        {
            if (_finished)
            {
                socket.LeftGroup(); // never polled: its loop ends at once
                return;
            }
            _joining.Add(socket);
            _changed = true;
        }
    }

    /// <summary>The socket leaves at the group's next turn boundary, which then completes its loop task.</summary>
    internal void Leave(UdpDatagramSocket socket)
    {
        lock (_changes)
        {
            _leaving.Add(socket);
            _changed = true;
        }
    }

    private void Run()
    {
        var receive = new UdpBatch(UdpDatagramSocket.BatchSize, UdpDatagramSocket.MaxDatagramSize);
        byte* events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * LinuxUdp.EpollEventSize));
        long lastData = 0;
        try
        {
            while (!_stop)
            {
                if (_changed) ApplyChanges();
                bool spinning = _spinTicks > 0 && System.Diagnostics.Stopwatch.GetTimestamp() - lastData < _spinTicks;
                int ready = LinuxUdp.EpollWait(_epoll, events, MaxEvents, spinning ? 0 : WaitMs);
                Volatile.Write(ref _pollCalls, _pollCalls + 1);
                if (ready <= 0) continue; // a timeout, or EINTR
                lastData = System.Diagnostics.Stopwatch.GetTimestamp();
                for (int i = 0; i < ready; i++)
                {
                    // Membership changes only between waits, so every descriptor reported is a member's.
                    if (!_members.TryGetValue((int)LinuxUdp.EpollData(events, i), out UdpDatagramSocket? member)) continue;
                    Volatile.Write(ref _turns, _turns + 1);
                    if (!member.TakeGroupTurn(receive)) Leave(member); // its descriptor is gone
                }
            }
        }
        finally
        {
            receive.Dispose();
            NativeMemory.Free(events);
            lock (_changes)
            {
                _finished = true;
                foreach (UdpDatagramSocket socket in _joining) socket.LeftGroup();
                _joining.Clear();
            }
            foreach (UdpDatagramSocket socket in _members.Values.ToArray()) Remove(socket);
            LinuxUdp.Close(_epoll);
        }
    }

    private void ApplyChanges()
    {
        lock (_changes)
        {
            foreach (UdpDatagramSocket socket in _leaving)
            {
                if (IsMember(socket)) Remove(socket);
                else if (_joining.Remove(socket)) socket.LeftGroup();
            }
            _leaving.Clear();
            foreach (UdpDatagramSocket socket in _joining)
            {
                if (IsMember(socket)) continue;
                if (!socket.EnterGroup()) socket.LeftGroup();
                else if (!LinuxUdp.EpollAdd(_epoll, socket.GroupDescriptor, (ulong)socket.GroupDescriptor)) socket.LeftGroup(); // counts as never joined
                else _members[socket.GroupDescriptor] = socket;
            }
            _joining.Clear();
            _changed = false;
        }
        Volatile.Write(ref _count, _members.Count);
    }

    /// <summary>Out of the epoll set before the descriptor is released (LeftGroup), so a reused number is never watched.</summary>
    private void Remove(UdpDatagramSocket socket)
    {
        _members.Remove(socket.GroupDescriptor);
        LinuxUdp.EpollRemove(_epoll, socket.GroupDescriptor); // fails harmlessly when the descriptor is already gone
        socket.LeftGroup();
    }

    private bool IsMember(UdpDatagramSocket socket) =>
        _members.TryGetValue(socket.GroupDescriptor, out UdpDatagramSocket? member) && ReferenceEquals(member, socket);

    /// <summary>Stops the thread; sockets still in the group stop receiving (their loops complete).</summary>
    public void Dispose()
    {
        _stop = true;
        if (Thread.CurrentThread != _thread) _thread.Join();
    }
}
