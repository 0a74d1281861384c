using System.Runtime.InteropServices;

namespace Conference.Media.Transport;

/// <summary>
/// The Linux calls behind batched UDP (recvmmsg(2), sendmmsg(2), poll(2)) and the 64-bit layouts of their structures
/// (glibc and musl agree on them for little-endian 64-bit). Used only where <see cref="IsSupported"/>.
/// </summary>
internal static unsafe partial class LinuxUdp
{
    public const int MsgDontWait = 0x40;
    public const short PollIn = 0x1;
    public const int EIntr = 4;
    public const int EBadF = 9;
    public const int EAgain = 11;
    public const int EInval = 22;
    public const int ENotSock = 88;

    /// <summary>sizeof(struct sockaddr_storage): room for any address the kernel writes back.</summary>
    public const int AddressCapacity = 128;

    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && Environment.Is64BitProcess && BitConverter.IsLittleEndian
        && sizeof(MMsgHdr) == 64 && CallsResolve();

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMMsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMMsg(int fd, MMsgHdr* messages, uint count, int flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    /// <summary>Waits until <paramref name="fd"/> is readable or <paramref name="timeoutMs"/> passed.</summary>
    public static void WaitReadable(int fd, int timeoutMs)
    {
        var poll = new PollFd { Fd = fd, Events = PollIn };
        Poll(&poll, 1, timeoutMs);
    }

    private static bool CallsResolve()
    {
        try
        {
            // An invalid descriptor: resolves the symbols (or throws) without touching a socket.
            return SendMMsg(-1, null, 0, 0) < 0 && RecvMMsg(-1, null, 0, MsgDontWait, null) < 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
