using System.Net;
using System.Net.Sockets;
using Conference.Media.Transport;

namespace Conference.Media.Tests.Peer;

/// <summary>The recvmmsg/sendmmsg loop (UdpDatagramSocket.Batched.cs) and the one-call-per-datagram fallback, side by side.</summary>
public sealed class UdpBatchingTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Datagrams_queued_while_the_loop_is_busy_come_in_and_go_out_each_with_its_own_address(bool batched)
    {
        const int perSender = 20;
        UdpDatagramSocket? echoing = null;
        await using UdpDatagramSocket socket = UdpDatagramSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0), Echo, batched: batched);
        echoing = socket;
        if (OperatingSystem.IsLinux() && Environment.Is64BitProcess) Assert.True(UdpDatagramSocket.BatchingSupported, "recvmmsg/sendmmsg did not resolve");
        Assert.Equal(batched && UdpDatagramSocket.BatchingSupported, socket.IsBatched);
        socket.Start();
        using var first = Sender();
        using var second = Sender();
        using var gate = new ManualResetEventSlim();
        // Hold the loop in posted work while both senders queue their datagrams: it then finds them all at once.
        await socket.InvokeAsync(() => { });
        socket.Post(() => gate.Wait(PeerTestRig.Wait));
        await Task.Delay(50);
        (long receiveBefore, long sendBefore) = socket.BatchCalls;
        for (int i = 0; i < perSender; i++)
        {
            first.SendTo(Payload(1, i, 100), socket.LocalEndPoint);
            second.SendTo(Payload(2, i, i % 5 == 4 ? UdpDatagramSocket.SendSlotSize + 500 : 100), socket.LocalEndPoint);
        }
        gate.Set();

        // Each echo reached the datagram's own sender (the from-address per datagram), intact and in order, including
        // those too big for a send slot (sent directly, after what was queued before them).
        Assert.Equal(Enumerable.Range(0, perSender), await ReceiveEchoes(first, 1, perSender));
        Assert.Equal(Enumerable.Range(0, perSender), await ReceiveEchoes(second, 2, perSender));
        (long receiveAfter, long sendAfter) = socket.BatchCalls;
        if (socket.IsBatched)
        {
            // 40 datagrams in a few recvmmsg calls and their 32 small echoes in a few sendmmsg calls, not one call each.
            Assert.InRange(receiveAfter - receiveBefore, 1, 4);
            Assert.InRange(sendAfter - sendBefore, 1, 12);
        }
        else
        {
            Assert.Equal((0, 0), (receiveAfter, sendAfter));
        }
        Assert.Equal(0, socket.HandlerFaults);
        Assert.Equal(0, socket.BatchedSendFailures);

        void Echo(Span<byte> datagram, SocketAddress from)
        {
            if (datagram.Length >= 3) echoing!.SendTo(datagram, from);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Sends_from_other_threads_go_out_directly_and_disposal_stops_an_idle_loop(bool batched)
    {
        var socket = UdpDatagramSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0), (_, _) => { }, batched: batched);
        socket.Start();
        using var receiver = Sender();
        receiver.ReceiveTimeout = (int)PeerTestRig.Wait.TotalMilliseconds;
        Assert.True(socket.SendTo(Payload(3, 7, 200), receiver.LocalEndPoint!.Serialize()));
        var buffer = new byte[4096];
        Assert.Equal(200, receiver.Receive(buffer));
        Assert.Equal(7, buffer[1]);

        await socket.DisposeAsync().AsTask().WaitAsync(PeerTestRig.Wait);
        Assert.False(socket.SendTo(Payload(3, 8, 10), receiver.LocalEndPoint!.Serialize()));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => socket.InvokeAsync(() => 1));
    }

    private static Socket Sender()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    /// <summary>[sender, index, index+sender, …]: every byte depends on who sent it and when.</summary>
    private static byte[] Payload(int sender, int index, int length)
    {
        var payload = new byte[length];
        payload[0] = (byte)sender;
        payload[1] = (byte)index;
        for (int i = 2; i < length; i++) payload[i] = (byte)(i * 7 + index + sender);
        return payload;
    }

    private static async Task<List<int>> ReceiveEchoes(Socket socket, int sender, int count)
    {
        var indexes = new List<int>();
        var buffer = new byte[UdpDatagramSocket.MaxDatagramSize];
        using var timeout = new CancellationTokenSource(PeerTestRig.Wait);
        while (indexes.Count < count)
        {
            int length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            int index = buffer[1];
            Assert.Equal(sender, buffer[0]);
            Assert.Equal(Payload(sender, index, length), buffer[..length]);
            indexes.Add(index);
        }
        return indexes;
    }
}
