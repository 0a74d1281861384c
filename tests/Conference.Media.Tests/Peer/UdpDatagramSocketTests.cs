using System.Net;
using System.Net.Sockets;
using Conference.Media.Transport;

namespace Conference.Media.Tests.Peer;

public sealed class UdpDatagramSocketTests
{
    [Fact]
    public async Task Receive_loop_delivers_each_datagram_with_its_source_and_does_not_allocate_per_datagram()
    {
        const int batches = 200, perBatch = 50;
        long received = 0;
        SocketAddress? lastSource = null;
        await using UdpDatagramSocket socket = UdpDatagramSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0), (datagram, from) =>
        {
            if (datagram.Length == 100 && datagram[99] == 0x5A) Interlocked.Increment(ref received);
            lastSource ??= new SocketAddress(from.Family, from.Size);
        });
        socket.Start();
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        SocketAddress target = socket.LocalEndPoint.Serialize();
        var payload = new byte[100];
        payload[99] = 0x5A;

        void SendBatchAndWait(int batch)
        {
            for (int i = 0; i < perBatch; i++) sender.SendTo(payload, SocketFlags.None, target);
            var spin = new SpinWait();
            var deadline = Environment.TickCount64 + 10_000;
            while (Interlocked.Read(ref received) < (long)(batch + 1) * perBatch && Environment.TickCount64 < deadline) spin.SpinOnce();
        }
        SendBatchAndWait(0); // warm-up: the loop's buffer, awaitable and JIT
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int batch = 1; batch < batches; batch++) SendBatchAndWait(batch);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal((long)batches * perBatch, Interlocked.Read(ref received));
        Assert.NotNull(lastSource);
        // ~10,000 datagrams: one small object each would be >= 240 KB. What remains is other threads' noise.
        Assert.True(allocated < 100_000, $"{allocated} bytes allocated while receiving {(batches - 1) * perBatch} datagrams");
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
}
