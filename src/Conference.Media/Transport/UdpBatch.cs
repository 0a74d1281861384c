using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Conference.Media.Transport;

/// <summary>
/// Native <c>mmsghdr</c>/<c>iovec</c>/<c>sockaddr</c> arrays and their payload slots for one recvmmsg or sendmmsg call,
/// allocated once and owned by one receive loop (never shared, never locked). Native memory: the kernel writes into it
/// while the GC moves nothing, and pages a slot never uses are never committed.
/// </summary>
internal sealed unsafe class UdpBatch : IDisposable
{
    private readonly LinuxUdp.MMsgHdr* _headers;
    private readonly LinuxUdp.IoVec* _iovecs;
    private readonly byte* _addresses;
    private readonly byte* _payloads;
    private readonly int _slotSize;
    private readonly int _stride;
    private int _count;

    /// <param name="capacity">Datagrams per call.</param>
    /// <param name="slotSize">The largest datagram a slot holds.</param>
    public UdpBatch(int capacity, int slotSize)
    {
        Capacity = capacity;
        _slotSize = slotSize;
        // Slots a whole number of pages apart would all map to the same cache sets: offset each by a few lines.
        _stride = (slotSize + 63 & ~63) + (slotSize >= 4096 ? 1600 : 0);
        _headers = (LinuxUdp.MMsgHdr*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(LinuxUdp.MMsgHdr)));
        _iovecs = (LinuxUdp.IoVec*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(LinuxUdp.IoVec)));
        _addresses = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * LinuxUdp.AddressCapacity));
        _payloads = (byte*)NativeMemory.Alloc((nuint)((long)capacity * _stride));
        for (int i = 0; i < capacity; i++)
        {
            _iovecs[i].Base = _payloads + (long)i * _stride;
            _iovecs[i].Length = (nuint)slotSize;
            _headers[i].Header.Name = _addresses + i * LinuxUdp.AddressCapacity;
            _headers[i].Header.NameLength = LinuxUdp.AddressCapacity;
            _headers[i].Header.Iov = _iovecs + i;
            _headers[i].Header.IovLength = 1;
        }
    }

    public int Capacity { get; }

    /// <summary>Datagrams queued to send (send batch) or received by the last <see cref="Receive"/>.</summary>
    public int Count => _count;

    /// <summary>One recvmmsg without waiting: the number of datagrams now in the slots, or -1 with the errno.</summary>
    public int Receive(int fd, out int errno)
    {
        for (int i = 0; i < _count; i++)
        {
            _headers[i].Header.NameLength = LinuxUdp.AddressCapacity; // the kernel wrote the last sender's length here
            _iovecs[i].Length = (nuint)_slotSize;
        }
        int received = LinuxUdp.RecvMMsg(fd, _headers, (uint)Capacity, LinuxUdp.MsgDontWait, null);
        errno = received < 0 ? Marshal.GetLastPInvokeError() : 0;
        _count = Math.Max(received, 0);
        return received;
    }

    /// <summary>Received datagram <paramref name="index"/> (valid until the next <see cref="Receive"/>).</summary>
    public Span<byte> Datagram(int index) => new(_iovecs[index].Base, (int)_headers[index].Length);

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
        int failed = 0, next = 0;
        while (next < _count)
        {
            int sent = LinuxUdp.SendMMsg(fd, _headers + next, (uint)(_count - next), 0);
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
        _count = 0;
        return failed;
    }

    public void Dispose()
    {
        NativeMemory.Free(_headers);
        NativeMemory.Free(_iovecs);
        NativeMemory.Free(_addresses);
        NativeMemory.Free(_payloads);
    }
}
