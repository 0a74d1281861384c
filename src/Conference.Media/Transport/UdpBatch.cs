using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Conference.Media.Transport;

/// <summary>
/// Native <c>mmsghdr</c>/<c>iovec</c>/<c>sockaddr</c> arrays and their payload slots for one recvmmsg or sendmmsg call,
/// allocated once and owned by one receive loop (never shared, never locked). Native memory: the kernel writes into it
/// while the GC moves nothing, and pages a slot never uses are never committed.
/// <para>
/// A send batch made with <c>segmentation: true</c> sends with UDP segmentation offload (udp(7) UDP_SEGMENT, Linux):
/// at a flush the queued datagrams are grouped by destination, stably (a destination's datagrams keep their order;
/// only different destinations' datagrams change places), and each run of equal-size datagrams to one destination
/// (the last of a run may be shorter) goes out as one message whose iovecs point at the run's slots, with a
/// UDP_SEGMENT control message giving the size: one pass through the kernel's UDP/IP send path (and over loopback one
/// delivery, unsegmented to a receiver with UDP_GRO) instead of one per datagram. The wire carries the same datagrams
/// in the same order. If the kernel refuses the offload at run time, the batch sends as before from then on.
/// </para>
/// <para>
/// A receive batch always offers each slot a control buffer, so a socket with UDP_GRO on gets the segment size of a
/// coalesced train (<see cref="SegmentSize"/>); without it the kernel writes nothing there.
/// </para>
/// </summary>
internal sealed unsafe class UdpBatch : IDisposable
{
    /// <summary>The most datagrams one offloaded send carries (the kernel's UDP_MAX_SEGMENTS is 64 or more).</summary>
    public const int MaxSegments = 64;

    /// <summary>The largest datagram coalesced: one that fits a 1500-byte MTU behind an IPv6 and a UDP header, so the
    /// kernel never refuses a run for a path MTU smaller than its segment size (larger datagrams go out alone).</summary>
    public const int MaxSegmentSize = 1500 - 40 - 8;

    /// <summary>The most payload bytes in one offloaded send (well under the 64 KiB of an IP packet).</summary>
    public const int MaxCoalescedBytes = 60 * 1024;

    private const int ReceiveControlSize = 64;

    private readonly LinuxUdp.MMsgHdr* _headers;
    private readonly LinuxUdp.IoVec* _iovecs;
    private readonly byte* _addresses;
    private readonly byte* _payloads;
    private readonly byte* _receiveControls;
    private readonly int _slotSize;
    private readonly int _stride;
    private int _count;

    // Segmentation offload (send batches made with segmentation: true): the messages of one flush and the scratch of the
    // grouping, all sized by Capacity. Null otherwise.
    private readonly LinuxUdp.MMsgHdr* _messages;
    private readonly LinuxUdp.IoVec* _messageIovecs;
    private readonly byte* _messageControls;
    private readonly int* _messageSegments;
    private readonly int* _next, _groupFirst, _groupLast, _tableGroup;
    private readonly uint* _tableStamp;
    private readonly int _tableMask;
    private uint _stamp;
    private bool _segmenting;

    /// <param name="capacity">Datagrams per call.</param>
    /// <param name="slotSize">The largest datagram a slot holds.</param>
    /// <param name="segmentation">A send batch that coalesces runs per destination with UDP_SEGMENT (see the class).</param>
    public UdpBatch(int capacity, int slotSize, bool segmentation = false)
    {
        Capacity = capacity;
        _slotSize = slotSize;
        // Slots a whole number of pages apart would all map to the same cache sets: offset each by a few lines.
        _stride = (slotSize + 63 & ~63) + (slotSize >= 4096 ? 1600 : 0);
        _headers = (LinuxUdp.MMsgHdr*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(LinuxUdp.MMsgHdr)));
        _iovecs = (LinuxUdp.IoVec*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(LinuxUdp.IoVec)));
        _addresses = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * LinuxUdp.AddressCapacity));
        _payloads = (byte*)NativeMemory.Alloc((nuint)((long)capacity * _stride));
        _receiveControls = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * ReceiveControlSize));
        for (int i = 0; i < capacity; i++)
        {
            _iovecs[i].Base = _payloads + (long)i * _stride;
            _iovecs[i].Length = (nuint)slotSize;
            _headers[i].Header.Name = _addresses + i * LinuxUdp.AddressCapacity;
            _headers[i].Header.NameLength = LinuxUdp.AddressCapacity;
            _headers[i].Header.Iov = _iovecs + i;
            _headers[i].Header.IovLength = 1;
        }
        if (!segmentation) return;
        _segmenting = true;
        int table = 1;
        while (table < 2 * capacity) table <<= 1;
        _tableMask = table - 1;
        _messages = (LinuxUdp.MMsgHdr*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(LinuxUdp.MMsgHdr)));
        _messageIovecs = (LinuxUdp.IoVec*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(LinuxUdp.IoVec)));
        _messageControls = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * LinuxUdp.SegmentCmsgSpace));
        _messageSegments = (int*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(int)));
        _next = (int*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(int)));
        _groupFirst = (int*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(int)));
        _groupLast = (int*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(int)));
        _tableGroup = (int*)NativeMemory.AllocZeroed((nuint)(table * sizeof(int)));
        _tableStamp = (uint*)NativeMemory.AllocZeroed((nuint)(table * sizeof(uint)));
        for (int i = 0; i < capacity; i++)
        {
            var control = (LinuxUdp.CmsgHeader*)(_messageControls + i * LinuxUdp.SegmentCmsgSpace);
            control->Length = LinuxUdp.SegmentCmsgLength;
            control->Level = LinuxUdp.SolUdp;
            control->Type = LinuxUdp.UdpSegment;
        }
    }

    public int Capacity { get; }

    /// <summary>Datagrams queued to send (send batch) or received by the last <see cref="Receive"/>.</summary>
    public int Count => _count;

    /// <summary>True while flushes coalesce with UDP_SEGMENT (made with segmentation, not refused by the kernel yet).</summary>
    public bool Segmenting => _segmenting;

    /// <summary>Offloaded sends made (each carrying two or more datagrams), and the datagrams they carried.</summary>
    public long SegmentedSends { get; private set; }

    /// <summary>Datagrams that went out in offloaded sends.</summary>
    public long SegmentedDatagrams { get; private set; }

    /// <summary>Times the kernel refused an offloaded send (EIO, EINVAL, …): the batch then sent without offload.</summary>
    public long SegmentationRefusals { get; private set; }

    /// <summary>One recvmmsg without waiting: the number of datagrams now in the slots, or -1 with the errno.</summary>
    public int Receive(int fd, out int errno)
    {
        for (int i = 0; i < _count; i++)
        {
            _headers[i].Header.NameLength = LinuxUdp.AddressCapacity; // the kernel wrote the last sender's length here
            _iovecs[i].Length = (nuint)_slotSize;
            _headers[i].Header.ControlLength = ReceiveControlSize; // and the length of what it put here (the pointer stays)
        }
        if (_headers[0].Header.Control == null) // the first receive (a send batch never offers control buffers)
        {
            for (int i = 0; i < Capacity; i++)
            {
                _headers[i].Header.Control = _receiveControls + i * ReceiveControlSize;
                _headers[i].Header.ControlLength = ReceiveControlSize;
            }
        }
        int received = LinuxUdp.RecvMMsg(fd, _headers, (uint)Capacity, LinuxUdp.MsgDontWait, null);
        errno = received < 0 ? Marshal.GetLastPInvokeError() : 0;
        _count = Math.Max(received, 0);
        return received;
    }

    /// <summary>Received datagram <paramref name="index"/> (valid until the next <see cref="Receive"/>).</summary>
    public Span<byte> Datagram(int index) => new(_iovecs[index].Base, (int)_headers[index].Length);

    /// <summary>
    /// The segment size of received datagram <paramref name="index"/> when the kernel delivered a train of datagrams as one
    /// buffer (UDP_GRO on the socket): each <c>size</c> bytes are one datagram, the last may be shorter. 0 otherwise.
    /// </summary>
    public int SegmentSize(int index)
    {
        ref LinuxUdp.MsgHdr header = ref _headers[index].Header;
        var control = (byte*)header.Control;
        nuint length = header.ControlLength;
        nuint offset = 0;
        while (control != null && offset + LinuxUdp.CmsgHeaderSize <= length)
        {
            var message = (LinuxUdp.CmsgHeader*)(control + offset);
            if (message->Length < LinuxUdp.CmsgHeaderSize) break;
            if (message->Level == LinuxUdp.SolUdp && message->Type == LinuxUdp.UdpGro && message->Length >= LinuxUdp.CmsgHeaderSize + sizeof(int))
            {
                return Math.Max(Unsafe.ReadUnaligned<int>(control + offset + LinuxUdp.CmsgHeaderSize), 0);
            }
            offset += (message->Length + 7) & ~(nuint)7;
        }
        return 0;
    }

    /// <summary>Copies the sender of received datagram <paramref name="index"/> into <paramref name="remote"/>.</summary>
    public void CopySource(int index, SocketAddress remote)
    {
        int length = (int)Math.Min(_headers[index].Header.NameLength, (uint)remote.Buffer.Length);
        new ReadOnlySpan<byte>(_headers[index].Header.Name, length).CopyTo(remote.Buffer.Span);
        remote.Size = length;
    }

    /// <summary>Queues a copy of <paramref name="datagram"/> for <paramref name="remote"/>; false if it does not fit a slot.</summary>
    public bool TryAdd(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        if (datagram.Length > _slotSize || remote.Size > LinuxUdp.AddressCapacity || _count == Capacity) return false;
        int i = _count++;
        datagram.CopyTo(new Span<byte>(_iovecs[i].Base, datagram.Length));
        _iovecs[i].Length = (nuint)datagram.Length;
        remote.Buffer.Span[..remote.Size].CopyTo(new Span<byte>(_headers[i].Header.Name, remote.Size));
        _headers[i].Header.NameLength = (uint)remote.Size;
        return true;
    }

    /// <summary>Sends what is queued with as few sendmmsg calls as the kernel allows; returns the datagrams refused.</summary>
    public int Flush(int fd)
    {
        int failed;
        if (_segmenting && _count > 1)
        {
            int messages = Coalesce();
            failed = messages < _count ? SendCoalesced(fd, messages) : SendEach(fd, _headers, _count);
        }
        else
        {
            failed = SendEach(fd, _headers, _count);
        }
        _count = 0;
        return failed;
    }

    /// <summary>One datagram per message (the batch's own headers, or a reordered copy of them); returns those refused.</summary>
    private static int SendEach(int fd, LinuxUdp.MMsgHdr* messages, int count)
    {
        int failed = 0, next = 0;
        while (next < count)
        {
            int sent = LinuxUdp.SendMMsg(fd, messages + next, (uint)(count - next), 0);
            if (sent > 0)
            {
                next += sent;
                continue;
            }
            if (sent < 0 && Marshal.GetLastPInvokeError() == LinuxUdp.EIntr) continue;
            // The first datagram left was refused (no route, buffer full on a non-blocking socket): drop it, go on.
            failed++;
            next++;
        }
        return failed;
    }

    /// <summary>
    /// Builds the flush's messages: the queued datagrams grouped by destination in order of first appearance, each
    /// group's datagrams in queue order, cut into runs a UDP_SEGMENT send can carry. Returns the number of messages.
    /// </summary>
    private int Coalesce()
    {
        if (++_stamp == 0)
        {
            new Span<uint>(_tableStamp, _tableMask + 1).Clear();
            _stamp = 1;
        }
        int groups = 0;
        for (int i = 0; i < _count; i++)
        {
            _next[i] = -1;
            var name = (byte*)_headers[i].Header.Name;
            uint nameLength = _headers[i].Header.NameLength;
            int slot = (int)(Hash(name, nameLength) & (uint)_tableMask);
            while (true)
            {
                if (_tableStamp[slot] != _stamp)
                {
                    _tableStamp[slot] = _stamp;
                    _tableGroup[slot] = groups;
                    _groupFirst[groups] = i;
                    _groupLast[groups] = i;
                    groups++;
                    break;
                }
                int group = _tableGroup[slot];
                int first = _groupFirst[group];
                if (_headers[first].Header.NameLength == nameLength
                    && new ReadOnlySpan<byte>(_headers[first].Header.Name, (int)nameLength).SequenceEqual(new ReadOnlySpan<byte>(name, (int)nameLength)))
                {
                    _next[_groupLast[group]] = i;
                    _groupLast[group] = i;
                    break;
                }
                slot = (slot + 1) & _tableMask;
            }
        }

        int messages = 0, iov = 0;
        for (int group = 0; group < groups; group++)
        {
            int entry = _groupFirst[group];
            while (entry >= 0)
            {
                int start = iov, first = entry;
                int size = (int)_iovecs[entry].Length, total = size, segments = 1;
                _messageIovecs[iov++] = _iovecs[entry];
                entry = _next[entry];
                if (size is > 0 and <= MaxSegmentSize)
                {
                    while (entry >= 0 && segments < MaxSegments)
                    {
                        int length = (int)_iovecs[entry].Length;
                        if (length > size || length == 0 || total + length > MaxCoalescedBytes) break;
                        _messageIovecs[iov++] = _iovecs[entry];
                        segments++;
                        total += length;
                        entry = _next[entry];
                        if (length < size) break; // a shorter datagram can only end a run
                    }
                }
                ref LinuxUdp.MsgHdr message = ref _messages[messages].Header;
                message.Name = _headers[first].Header.Name;
                message.NameLength = _headers[first].Header.NameLength;
                message.Iov = _messageIovecs + start;
                message.IovLength = (nuint)segments;
                if (segments > 1)
                {
                    byte* control = _messageControls + messages * LinuxUdp.SegmentCmsgSpace;
                    Unsafe.WriteUnaligned(control + LinuxUdp.CmsgHeaderSize, (ushort)size);
                    message.Control = control;
                    message.ControlLength = LinuxUdp.SegmentCmsgSpace;
                }
                else
                {
                    message.Control = null;
                    message.ControlLength = 0;
                }
                _messageSegments[messages++] = segments;
            }
        }
        return messages;
    }

    /// <summary>Sends the coalesced messages; returns the datagrams refused.</summary>
    private int SendCoalesced(int fd, int count)
    {
        int failed = 0, next = 0;
        while (next < count)
        {
            int sent = LinuxUdp.SendMMsg(fd, _messages + next, (uint)(count - next), 0);
            if (sent > 0)
            {
                for (int k = next; k < next + sent; k++)
                {
                    if (_messageSegments[k] < 2) continue;
                    SegmentedSends++;
                    SegmentedDatagrams += _messageSegments[k];
                }
                next += sent;
                continue;
            }
            int errno = sent < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (errno == LinuxUdp.EIntr) continue;
            if (_messageSegments[next] > 1 && errno is LinuxUdp.EIo or LinuxUdp.EInval or LinuxUdp.EMsgSize or LinuxUdp.ENoProtoOpt or LinuxUdp.EOpNotSupp)
            {
                // The kernel will not segment for us here (no checksum offload, IPsec, an option it lacks): send the rest
                // one datagram per message, in the grouped order, and never ask again.
                _segmenting = false;
                SegmentationRefusals++;
                return failed + SendRestEach(fd, next, count);
            }
            failed += _messageSegments[next]; // refused for another reason (buffer full, no route): the whole run is lost
            next++;
        }
        return failed;
    }

    /// <summary>Messages <paramref name="from"/>..<paramref name="count"/> split back into one message per datagram.</summary>
    private int SendRestEach(int fd, int from, int count)
    {
        // In place, from the back: message k's datagrams land at index k or later (every message before it holds at least
        // one), so a message not yet split (index below k) is never overwritten, and message k is copied before its own.
        int datagrams = 0;
        for (int k = from; k < count; k++) datagrams += _messageSegments[k];
        int position = from + datagrams;
        for (int k = count - 1; k >= from; k--)
        {
            LinuxUdp.MsgHdr message = _messages[k].Header;
            for (int s = (int)message.IovLength - 1; s >= 0; s--)
            {
                ref LinuxUdp.MsgHdr single = ref _messages[--position].Header;
                single.Name = message.Name;
                single.NameLength = message.NameLength;
                single.Iov = message.Iov + s;
                single.IovLength = 1;
                single.Control = null;
                single.ControlLength = 0;
            }
        }
        return SendEach(fd, _messages + from, datagrams);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hash(byte* name, uint length)
    {
        ulong hash = length;
        uint offset = 0;
        for (; offset + 8 <= length; offset += 8) hash = (hash ^ Unsafe.ReadUnaligned<ulong>(name + offset)) * 0x9E3779B97F4A7C15UL;
        for (; offset < length; offset++) hash = (hash ^ name[offset]) * 0x100000001B3UL;
        return hash ^ (hash >> 29) ^ (hash >> 47);
    }

    public void Dispose()
    {
        NativeMemory.Free(_headers);
        NativeMemory.Free(_iovecs);
        NativeMemory.Free(_addresses);
        NativeMemory.Free(_payloads);
        NativeMemory.Free(_receiveControls);
        NativeMemory.Free(_messages);
        NativeMemory.Free(_messageIovecs);
        NativeMemory.Free(_messageControls);
        NativeMemory.Free(_messageSegments);
        NativeMemory.Free(_next);
        NativeMemory.Free(_groupFirst);
        NativeMemory.Free(_groupLast);
        NativeMemory.Free(_tableGroup);
        NativeMemory.Free(_tableStamp);
    }
}
