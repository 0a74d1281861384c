using System.Net;
using System.Net.Sockets;
using Conference.Media.Transport;

namespace Conference.Media.Tests.Peer;

public sealed class UdpDatagramSocketTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)] // recvmmsg where supported (UdpBatchingTests)
    public async Task Receive_loop_delivers_each_datagram_with_its_source_and_does_not_allocate_per_datagram(bool batched)
    {
        const int count = 5000;
        // Bytes the receiving thread allocated between two consecutive datagrams handled on it: the loop's own
        // cost per datagram (await, buffer, address). Measured per thread, so other tests' work does not count.
        var deltas = new long[count];
        int pairs = 0;
        long received = 0, lastBytes = 0;
        int lastThread = -1;
        SocketAddress? source = null;
        await using UdpDatagramSocket socket = UdpDatagramSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0), (datagram, from) =>
        {
            long bytes = GC.GetAllocatedBytesForCurrentThread();
            int thread = Environment.CurrentManagedThreadId;
            if (thread == lastThread && pairs < deltas.Length) deltas[pairs++] = bytes - lastBytes;
            if (source is null)
            {
                source = new SocketAddress(from.Family, from.Size);
                from.Buffer.CopyTo(source.Buffer);
            }
            if (datagram.Length == 100 && datagram[99] == 0x5A) Interlocked.Increment(ref received);
            lastThread = thread;
            lastBytes = GC.GetAllocatedBytesForCurrentThread();
        }, batched: batched);
        socket.Start();
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        SocketAddress target = socket.LocalEndPoint.Serialize();
        var payload = new byte[100];
        payload[99] = 0x5A;

        for (int sent = 0; sent < count; sent += 50)
        {
            for (int i = 0; i < 50; i++) sender.SendTo(payload, SocketFlags.None, target);
            // Pace by batches so the kernel buffer never overflows (UDP would drop, and the count would stall).
            await PeerTestRig.Eventually(() => Interlocked.Read(ref received) >= sent + 50, $"{sent + 50} datagrams");
        }

        Assert.Equal(count, Interlocked.Read(ref received));
        Assert.Equal(sender.LocalEndPoint, new IPEndPoint(IPAddress.Any, 0).Create(source!));
        Assert.True(pairs > count / 10, $"only {pairs} same-thread pairs observed");
        long[] measured = deltas[..pairs];
        Array.Sort(measured);
        Assert.Equal(0, measured[pairs / 2]); // the median datagram cost nothing; a per-datagram allocation would show in every one
    }

    [Fact]
    public async Task A_throwing_handler_is_counted_and_the_loop_keeps_running()
    {
        int calls = 0;
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using UdpDatagramSocket socket = UdpDatagramSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0), (_, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1) throw new InvalidOperationException("consumer bug");
            second.TrySetResult();
        });
        socket.Start();
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        sender.SendTo(new byte[] { 1 }, socket.LocalEndPoint);
        sender.SendTo(new byte[] { 2 }, socket.LocalEndPoint);

        await second.Task.WaitAsync(PeerTestRig.Wait);
        Assert.Equal(1, socket.HandlerFaults);
    }

    [Fact]
    public async Task Posted_work_runs_on_the_loop_in_order_between_datagrams_and_fails_once_the_socket_is_closed()
    {
        var order = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var faults = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        UdpDatagramSocket? socket = null;
        socket = UdpDatagramSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0),
            (datagram, _) => order.Enqueue($"datagram {datagram[0]} on loop {socket!.IsOnLoop}"), faults.Enqueue);
        socket.Start();
        Assert.False(socket.IsOnLoop);

        // An idle loop wakes for posted work (the doorbell), runs it in posting order, and reports a throwing item.
        socket.Post(() => order.Enqueue($"first on loop {socket.IsOnLoop}"));
        socket.Post(() => throw new InvalidOperationException("posted bug"));
        bool onLoop = await socket.InvokeAsync(() => { order.Enqueue("second"); return socket.IsOnLoop; });
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.SendTo(new byte[] { 7 }, socket.LocalEndPoint);
        await PeerTestRig.Eventually(() => order.Count == 3, "the datagram");
        var failing = socket.InvokeAsync<int>(() => throw new ArgumentException("caller's error"));

        Assert.True(onLoop);
        Assert.Equal(["first on loop True", "second", "datagram 7 on loop True"], order);
        await Assert.ThrowsAsync<ArgumentException>(() => failing); // the caller's, not a loop fault
        Assert.Equal("posted bug", Assert.Single(faults).Message);
        Assert.Equal(1, socket.HandlerFaults);

        await socket.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => socket.InvokeAsync(() => 1));
    }
}
