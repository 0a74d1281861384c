using System.Net;
using System.Net.Sockets;
using Conference.Media.Transport;

namespace Conference.Media.Tests.Peer;

/// <summary>
/// UDP segmentation offload in the send batch (UdpBatch with segmentation: UDP_SEGMENT runs per destination) and UDP_GRO
/// on the receive side (the loop splits a coalesced train): what goes on the wire must be exactly what was queued,
/// datagram by datagram, in each destination's order, with the offload, after a refusal, and without it.
/// </summary>
public sealed class UdpSegmentationTests
{
    [Fact]
    public async Task A_run_to_one_plain_receiver_arrives_as_the_separate_datagrams_byte_exact_and_in_order()
    {
        if (!UdpDatagramSocket.BatchingSupported) return; // Linux only; elsewhere the batch is never built
        using Socket sender = Bound();
        using Socket receiver = Bound();
        using var batch = new UdpBatch(UdpDatagramSocket.SegmentedSendBatchSize, UdpDatagramSocket.SendSlotSize, segmentation: true);
        SocketAddress to = receiver.LocalEndPoint!.Serialize();
        // 40 of 1100 bytes and a shorter last one: one offloaded send (the kernel cuts it where the datagrams were).
        var sent = new List<byte[]>();
        for (int i = 0; i < 41; i++) sent.Add(Payload(1, i, i == 40 ? 333 : 1100));
        foreach (byte[] datagram in sent) Assert.True(batch.TryAdd(datagram, to));

        Assert.Equal(0, batch.Flush((int)sender.Handle));

        Assert.Equal(sent, await Receive(receiver, sent.Count));
        Assert.Equal((1L, 41L, 0L), (batch.SegmentedSends, batch.SegmentedDatagrams, batch.SegmentationRefusals));
    }

    [Fact]
    public async Task A_mixed_batch_for_several_destinations_arrives_complete_and_in_each_destinations_order()
    {
        if (!UdpDatagramSocket.BatchingSupported) return;
        using Socket sender = Bound();
        Socket[] receivers = [Bound(), Bound(), Bound()];
        try
        {
            using var batch = new UdpBatch(UdpDatagramSocket.SegmentedSendBatchSize, UdpDatagramSocket.SendSlotSize, segmentation: true);
            var expected = receivers.Select(_ => new List<byte[]>()).ToArray();
            // Interleaved destinations; per destination equal runs, a shorter one ending a run, a longer one starting the
            // next, datagrams too big to coalesce (beyond a 1500-byte MTU), an empty one, and more than one send's 64.
            int[] sizes = [1200, 1200, 1200, 80, 1200, 1200, 1300, 1300, 1600, 1600, 0, 500, 500, 500, 499, 500];
            for (int i = 0; i < 300; i++)
            {
                int to = (i * 7 / 3) % receivers.Length;
                int size = i >= 150 && to == 2 ? 700 : sizes[i % sizes.Length];
                byte[] datagram = Payload(to, expected[to].Count, size);
                expected[to].Add(datagram);
                Assert.True(batch.TryAdd(datagram, receivers[to].LocalEndPoint!.Serialize()));
            }

            Assert.Equal(0, batch.Flush((int)sender.Handle));

            for (int r = 0; r < receivers.Length; r++) Assert.Equal(expected[r], await Receive(receivers[r], expected[r].Count));
            Assert.True(batch.SegmentedSends > 0, "nothing was coalesced");
            Assert.True(batch.SegmentedDatagrams < 300, "datagrams that may not be coalesced were");
            Assert.Equal(0, batch.SegmentationRefusals);
        }
        finally
        {
            foreach (Socket receiver in receivers) receiver.Dispose();
        }
    }

    [Fact]
    public async Task When_the_kernel_refuses_the_offload_the_batch_sends_each_datagram_and_counts_the_refusal()
    {
        if (!UdpDatagramSocket.BatchingSupported) return;
        using Socket sender = Bound();
        // No UDP checksum on this socket: Linux refuses UDP_SEGMENT sends from it (EINVAL), as a device without checksum
        // offload or an IPsec route would at run time.
        sender.SetRawSocketOption(1 /* SOL_SOCKET */, 11 /* SO_NO_CHECK */, [1, 0, 0, 0]);
        using Socket first = Bound();
        using Socket second = Bound();
        using var batch = new UdpBatch(UdpDatagramSocket.SegmentedSendBatchSize, UdpDatagramSocket.SendSlotSize, segmentation: true);
        var toFirst = new List<byte[]>();
        var toSecond = new List<byte[]>();
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < 10; i++)
            {
                byte[] a = Payload(1, toFirst.Count, 900), b = Payload(2, toSecond.Count, 400);
                toFirst.Add(a);
                toSecond.Add(b);
                Assert.True(batch.TryAdd(a, first.LocalEndPoint!.Serialize()));
                Assert.True(batch.TryAdd(b, second.LocalEndPoint!.Serialize()));
            }
            Assert.Equal(0, batch.Flush((int)sender.Handle)); // the second flush no longer tries
        }

        Assert.Equal(toFirst, await Receive(first, toFirst.Count));
        Assert.Equal(toSecond, await Receive(second, toSecond.Count));
        Assert.Equal(1, batch.SegmentationRefusals);
        Assert.False(batch.Segmenting);
        Assert.Equal(0, batch.SegmentedDatagrams);
    }

    [Fact]
    public async Task A_receiver_with_GRO_gets_a_coalesced_train_and_its_loop_hands_over_each_datagram()
    {
        if (!UdpDatagramSocket.BatchingSupported) return;
        var received = new List<byte[]>();
        using var group = new UdpReceiveGroup("gro test");
        await using UdpDatagramSocket receiver = UdpDatagramSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0),
            (datagram, _) => received.Add(datagram.ToArray()), group: group, receiveOffload: true);
        receiver.Start();
        Assert.True(receiver.ReceiveOffload, "UDP_GRO was not enabled");
        using Socket sender = Bound();
        using var batch = new UdpBatch(UdpDatagramSocket.SegmentedSendBatchSize, UdpDatagramSocket.SendSlotSize, segmentation: true);
        var sent = new List<byte[]>();
        for (int i = 0; i < 30; i++) sent.Add(Payload(5, i, i % 10 == 9 ? 200 : 1000)); // three runs of 9 + a shorter last
        foreach (byte[] datagram in sent) Assert.True(batch.TryAdd(datagram, receiver.LocalEndPoint.Serialize()));

        Assert.Equal(0, batch.Flush((int)sender.Handle));

        List<byte[]> got = await receiver.InvokeAsync(() => received.ToList());
        for (var wait = System.Diagnostics.Stopwatch.StartNew(); got.Count < sent.Count && wait.Elapsed < PeerTestRig.Wait;)
        {
            await Task.Delay(10);
            got = await receiver.InvokeAsync(() => received.ToList());
        }
        Assert.Equal(sent, got);
        Assert.Equal(3, batch.SegmentedSends);
        Assert.InRange(receiver.CoalescedReceives, 1, 3); // kept whole over loopback, split by the loop
        Assert.Equal(0, receiver.HandlerFaults);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_batched_loop_with_or_without_offload_sends_what_its_handler_queued(bool segmentation)
    {
        using Socket first = Bound();
        using Socket second = Bound();
        SocketAddress a = first.LocalEndPoint!.Serialize(), b = second.LocalEndPoint!.Serialize();
        var toFirst = Enumerable.Range(0, 50).Select(i => Payload(1, i, i % 7 == 6 ? 90 : 1150)).ToList();
        var toSecond = Enumerable.Range(0, 50).Select(i => Payload(2, i, 600)).ToList();
        UdpDatagramSocket? self = null;
        await using UdpDatagramSocket socket = UdpDatagramSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0), (_, _) =>
        {
            // One trigger fans out to both receivers, interleaved, as a forwarded packet's subscribers are.
            for (int i = 0; i < 50; i++)
            {
                self!.SendTo(toFirst[i], a);
                self.SendTo(toSecond[i], b);
            }
        }, batched: true, segmentation: segmentation);
        self = socket;
        Assert.Equal(segmentation && UdpDatagramSocket.BatchingSupported, socket.IsSegmenting);
        socket.Start();
        using Socket trigger = Bound();
        trigger.SendTo(Payload(9, 0, 20), socket.LocalEndPoint);

        Assert.Equal(toFirst, await Receive(first, toFirst.Count));
        Assert.Equal(toSecond, await Receive(second, toSecond.Count));
        (long sends, long datagrams, long refusals) = socket.Segmentation;
        if (socket.IsSegmenting) Assert.True(sends > 0 && datagrams > sends, $"{sends} offloaded sends, {datagrams} datagrams");
        else Assert.Equal((0L, 0L), (sends, datagrams));
        Assert.Equal(0, refusals);
        Assert.Equal(0, socket.BatchedSendFailures);
    }

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1 << 20 };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    /// <summary>[destination, index, index (high byte), …]: every byte depends on where it goes and its place there.</summary>
    private static byte[] Payload(int destination, int index, int length)
    {
        var payload = new byte[length];
        for (int i = 0; i < length; i++) payload[i] = (byte)(i * 13 + index * 7 + destination * 31);
        if (length > 0) payload[0] = (byte)destination;
        if (length > 2)
        {
            payload[1] = (byte)index;
            payload[2] = (byte)(index >> 8);
        }
        return payload;
    }

    private static async Task<List<byte[]>> Receive(Socket socket, int count)
    {
        var datagrams = new List<byte[]>();
        var buffer = new byte[UdpDatagramSocket.MaxDatagramSize];
        using var timeout = new CancellationTokenSource(PeerTestRig.Wait);
        while (datagrams.Count < count)
        {
            int length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            datagrams.Add(buffer[..length]);
        }
        return datagrams;
    }
}
