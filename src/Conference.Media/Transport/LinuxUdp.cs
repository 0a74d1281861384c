using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Conference.Media.Transport;

/// <summary>
/// The Linux calls behind batched UDP (recvmmsg(2), sendmmsg(2), poll(2), epoll(7)) and the 64-bit layouts of their structures
/// (glibc and musl agree on them for little-endian 64-bit). Used only where <see cref="IsSupported"/>.
/// </summary>
internal static unsafe partial class LinuxUdp
{
    public const int MsgDontWait = 0x40;
    public const short PollIn = 0x1;
    public const int EIntr = 4;
    public const int EIo = 5;
    public const int EBadF = 9;
    public const int EAgain = 11;
    public const int EInval = 22;
    public const int ENotSock = 88;
    public const int EMsgSize = 90;
    public const int ENoProtoOpt = 92;
    public const int EOpNotSupp = 95;

    /// <summary>udp(7): the socket-option level of UDP, and its segmentation offload options.</summary>
    public const int SolUdp = 17;

    /// <summary>udp(7) UDP_SEGMENT: a send's payload is cut into datagrams of this many bytes (the last may be shorter),
    /// as setsockopt or per message as a cmsg of a 16-bit size.</summary>
    public const int UdpSegment = 103;

    /// <summary>udp(7) UDP_GRO: receive a train of equal-size datagrams of one flow as one buffer; a cmsg (int) gives the
    /// segment size.</summary>
    public const int UdpGro = 104;

    /// <summary>sizeof(struct cmsghdr) on 64-bit Linux (size_t len, int level, int type): CMSG_DATA starts here.</summary>
    public const int CmsgHeaderSize = 16;

    /// <summary>CMSG_SPACE(sizeof(uint16_t)) and CMSG_LEN(sizeof(uint16_t)) for a UDP_SEGMENT control message.</summary>
    public const int SegmentCmsgSpace = 24, SegmentCmsgLength = 18;

    [StructLayout(LayoutKind.Sequential)]
    public struct CmsgHeader
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    /// <summary>sizeof(struct sockaddr_storage): room for any address the kernel writes back.</summary>
    public const int AddressCapacity = 128;

    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && Environment.Is64BitProcess && BitConverter.IsLittleEndian
        && sizeof(MMsgHdr) == 64 && sizeof(CmsgHeader) == CmsgHeaderSize && CallsResolve();

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

    public const int EpollIn = 0x001, EpollCtlAdd = 1, EpollCtlDel = 2, EpollCloexec = 0x80000;

    /// <summary>
    /// sizeof(struct epoll_event): { uint32 events; uint64 data; } is packed on x86-64 (12 bytes) and naturally aligned
    /// elsewhere (16); <see cref="EpollDataOffset"/> is where its data starts.
    /// </summary>
    public static readonly int EpollEventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    public static int EpollDataOffset => EpollEventSize - 8;

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollCtl(int epoll, int operation, int fd, byte* eventBuffer);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epoll, byte* events, int maxEvents, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>Adds <paramref name="fd"/> to <paramref name="epoll"/> for reading (level-triggered), tagged with <paramref name="data"/>.</summary>
    public static bool EpollAdd(int epoll, int fd, ulong data)
    {
        byte* buffer = stackalloc byte[16];
        *(uint*)buffer = EpollIn;
        Unsafe.WriteUnaligned(buffer + EpollDataOffset, data);
        return EpollCtl(epoll, EpollCtlAdd, fd, buffer) == 0;
    }

    /// <summary>Removes <paramref name="fd"/> from <paramref name="epoll"/> (false when it was not in it, or is closed).</summary>
    public static bool EpollRemove(int epoll, int fd)
    {
        byte* buffer = stackalloc byte[16]; // kernels before 2.6.9 wanted one even for a removal
        return EpollCtl(epoll, EpollCtlDel, fd, buffer) == 0;
    }

    /// <summary>The data of the <paramref name="index"/>th event epoll_wait wrote to <paramref name="events"/>.</summary>
    public static ulong EpollData(byte* events, int index) => Unsafe.ReadUnaligned<ulong>(events + index * EpollEventSize + EpollDataOffset);

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
