using System.Net.Sockets;

namespace Conference.Media.Transport;

/// <summary>
/// One thread receiving for many sockets (Linux, where <see cref="IsSupported"/>): it waits in one poll(2) on all of
/// them and gives each readable one a turn of one recvmmsg(2), handling up to <see cref="UdpDatagramSocket.BatchSize"/>
/// datagrams. For processes with hundreds of sockets of modest rate (a load generator's client peers): one thread
/// instead of one per socket, fewer system calls, and a thread busy with one socket's datagrams is not woken for each
/// datagram another socket gets. A member socket is the group thread's while it has its turn (its handler, posted work
/// and ticks run there, as on its own loop); its sends go out directly. Membership changes are taken between turns.
/// </summary>
public sealed unsafe class UdpReceiveGroup : IDisposable
{
    private const int WaitMs = 20;

    private readonly Lock _changes = new();
    private readonly List<UdpDatagramSocket> _joining = [], _leaving = [];
    private readonly List<UdpDatagramSocket> _members = []; // group thread only
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
        if (!IsSupported) throw new PlatformNotSupportedException("A receive group needs recvmmsg and poll (64-bit Linux).");
        _spinTicks = (long)(spin.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.UnsafeStart();
    }

    /// <summary>True where sockets can share a receive thread (64-bit Linux, as batching).</summary>
    public static bool IsSupported => UdpDatagramSocket.BatchingSupported;

    /// <summary>Sockets served now (read from any thread: a snapshot).</summary>
    public int Count => Volatile.Read(ref _count);

    private int _count;

    /// <summary>Socket turns taken (one recvmmsg each) and poll calls made, for datagrams per system call.</summary>
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
        LinuxUdp.PollFd[] fds = [];
        long lastData = 0;
        try
        {
            while (!_stop)
            {
                if (_changed) fds = ApplyChanges(fds);
                int ready;
                bool spinning = _spinTicks > 0 && System.Diagnostics.Stopwatch.GetTimestamp() - lastData < _spinTicks;
                fixed (LinuxUdp.PollFd* pollFds = fds)
                {
                    ready = LinuxUdp.Poll(pollFds, (nuint)_members.Count, spinning ? 0 : WaitMs);
                }
                Volatile.Write(ref _pollCalls, _pollCalls + 1);
                if (ready <= 0) continue;
                lastData = System.Diagnostics.Stopwatch.GetTimestamp();
                for (int i = 0; i < _members.Count; i++)
                {
                    if (fds[i].ReturnedEvents == 0) continue;
                    Volatile.Write(ref _turns, _turns + 1);
                    if (!_members[i].TakeGroupTurn(receive)) Leave(_members[i]); // its descriptor is gone
                }
            }
        }
        finally
        {
            receive.Dispose();
            lock (_changes)
            {
                _finished = true;
                foreach (UdpDatagramSocket socket in _joining) socket.LeftGroup();
                _joining.Clear();
            }
            foreach (UdpDatagramSocket socket in _members) socket.LeftGroup();
            _members.Clear();
        }
    }

    private LinuxUdp.PollFd[] ApplyChanges(LinuxUdp.PollFd[] fds)
    {
        lock (_changes)
        {
            foreach (UdpDatagramSocket socket in _leaving)
            {
                if (_members.Remove(socket) || _joining.Remove(socket)) socket.LeftGroup();
            }
            _leaving.Clear();
            foreach (UdpDatagramSocket socket in _joining)
            {
                if (socket.EnterGroup()) _members.Add(socket);
                else socket.LeftGroup();
            }
            _joining.Clear();
            _changed = false;
        }
        if (fds.Length != _members.Count) fds = new LinuxUdp.PollFd[_members.Count];
        for (int i = 0; i < _members.Count; i++) fds[i] = new LinuxUdp.PollFd { Fd = _members[i].GroupDescriptor, Events = LinuxUdp.PollIn };
        Volatile.Write(ref _count, _members.Count);
        return fds;
    }

    /// <summary>Stops the thread; sockets still in the group stop receiving (their loops complete).</summary>
    public void Dispose()
    {
        _stop = true;
        if (Thread.CurrentThread != _thread) _thread.Join();
    }
}
