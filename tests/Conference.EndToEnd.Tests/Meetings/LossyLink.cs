using System.Runtime.InteropServices;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// Random loss and a fixed delay on a participant's link, where the kernel has no netem: a TUN device on each side
/// (one in the test's namespace, one in the participant's) and two threads relaying IP packets between them, each
/// dropping a packet with probability <see cref="DownlinkLoss"/> (toward the participant) or <see cref="UplinkLoss"/>
/// (from it) and holding the rest for <see cref="Delay"/> (each way). Routing sends
/// the participant's traffic through it (<see cref="ShapedNetwork.RouteThroughAsync"/>). Linux only, root.
/// </summary>
public sealed class LossyLink : IDisposable
{
    private const int OReadWrite = 2, ONonBlock = 0x800;
    private const ulong TunSetInterface = 0x400454ca;
    private const short IffTun = 0x0001, IffNoPi = 0x1000;
    private const int CloneNewNet = 0x40000000;
    private readonly int _near, _far;
    private readonly Thread[] _threads;
    private volatile bool _stopped;

    private LossyLink(int near, int far, string nearName, string farName, TimeSpan delay, double downlinkLoss, double uplinkLoss)
    {
        _near = near;
        _far = far;
        NearName = nearName;
        FarName = farName;
        Delay = delay;
        DownlinkLoss = downlinkLoss;
        UplinkLoss = uplinkLoss;
        _threads =
        [
            new Thread(() => Relay(_near, _far, downlinkLoss, new Random(1))) { IsBackground = true, Name = "lossy-link down" },
            new Thread(() => Relay(_far, _near, uplinkLoss, new Random(2))) { IsBackground = true, Name = "lossy-link up" },
        ];
        foreach (var thread in _threads) thread.Start();
    }

    public string NearName { get; }
    public string FarName { get; }
    public TimeSpan Delay { get; }
    public double DownlinkLoss { get; }
    public double UplinkLoss { get; }
    public long Relayed => Interlocked.Read(ref _relayed);
    public long Dropped => Interlocked.Read(ref _dropped);
    private long _relayed, _dropped;

    /// <summary>Creates <paramref name="nearName"/> here and <paramref name="farName"/> inside <paramref name="farNamespace"/> (a named netns).</summary>
    public static LossyLink Create(string nearName, string farName, string farNamespace, TimeSpan delay, double downlinkLoss, double uplinkLoss)
    {
        int near = OpenTun(nearName);
        int far = -1;
        Exception? failure = null;
        // setns switches only the calling thread; the device is created in the namespace the thread is in.
        var thread = new Thread(() =>
        {
            int home = open("/proc/thread-self/ns/net", 0);
            int target = open($"/run/netns/{farNamespace}", 0);
            try
            {
                if (home < 0 || target < 0 || setns(target, CloneNewNet) != 0)
                    throw new InvalidOperationException($"setns into {farNamespace}: errno {Marshal.GetLastWin32Error()}");
                far = OpenTun(farName);
                if (setns(home, CloneNewNet) != 0) throw new InvalidOperationException($"setns back: errno {Marshal.GetLastWin32Error()}");
            }
            catch (Exception e)
            {
                failure = e;
            }
            finally
            {
                if (home >= 0) close(home);
                if (target >= 0) close(target);
            }
        });
        thread.Start();
        thread.Join();
        if (far < 0 || failure is not null)
        {
            close(near);
            throw failure ?? new InvalidOperationException($"could not create {farName} in {farNamespace}");
        }
        return new LossyLink(near, far, nearName, farName, delay, downlinkLoss, uplinkLoss);
    }

    private static int OpenTun(string name)
    {
        int fd = open("/dev/net/tun", OReadWrite | ONonBlock);
        if (fd < 0) throw new InvalidOperationException($"open /dev/net/tun: errno {Marshal.GetLastWin32Error()}");
        var request = new byte[40];
        System.Text.Encoding.ASCII.GetBytes(name, request);
        BitConverter.TryWriteBytes(request.AsSpan(16), (short)(IffTun | IffNoPi));
        if (ioctl(fd, TunSetInterface, request) != 0)
        {
            int errno = Marshal.GetLastWin32Error();
            close(fd);
            throw new InvalidOperationException($"TUNSETIFF {name}: errno {errno}");
        }
        return fd;
    }

    private void Relay(int from, int to, double loss, Random random)
    {
        var queue = new Queue<(long Due, byte[] Packet, int Length)>();
        var buffer = new byte[65536];
        var poll = new PollFd[] { new() { Fd = from, Events = 1 } };
        long delayTicks = (long)(Delay.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        while (!_stopped)
        {
            long now = System.Diagnostics.Stopwatch.GetTimestamp();
            while (queue.Count > 0 && queue.Peek().Due <= now)
            {
                var (_, packet, length) = queue.Dequeue();
                write(to, packet, length);
                Interlocked.Increment(ref _relayed);
            }
            int wait = queue.Count == 0 ? 50
                : (int)Math.Clamp((queue.Peek().Due - now) * 1000 / System.Diagnostics.Stopwatch.Frequency, 0, 50);
            poll[0].Revents = 0;
            if (poll_(poll, 1, wait) <= 0) continue;
            while (true)
            {
                int read_ = (int)read(from, buffer, buffer.Length);
                if (read_ <= 0) break;
                if (random.NextDouble() < loss)
                {
                    Interlocked.Increment(ref _dropped);
                    continue;
                }
                queue.Enqueue((System.Diagnostics.Stopwatch.GetTimestamp() + delayTicks, buffer.AsSpan(0, read_).ToArray(), read_));
            }
        }
    }

    public void Dispose()
    {
        _stopped = true;
        foreach (var thread in _threads) thread.Join(TimeSpan.FromSeconds(2));
        close(_near);
        close(_far);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open(string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int ioctl(int fd, ulong request, byte[] argument);

    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int type);

    [DllImport("libc", SetLastError = true)]
    private static extern nint read(int fd, byte[] buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    private static extern nint write(int fd, byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static extern int poll_(PollFd[] fds, nuint count, int timeout);
}
