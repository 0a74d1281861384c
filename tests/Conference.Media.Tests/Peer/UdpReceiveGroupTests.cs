using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Conference.Media.Peer;
using Conference.Media.Transport;

namespace Conference.Media.Tests.Peer;

/// <summary>One thread receiving for many sockets (UdpReceiveGroup), and a client peer's SRTP filter on it.</summary>
public sealed class UdpReceiveGroupTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(500)]
    public async Task One_thread_serves_every_member_each_datagram_intact_in_order_with_its_sender_and_members_leave_cleanly(int spinMicroseconds)
    {
        if (!UdpReceiveGroup.IsSupported)
        {
            Assert.Throws<PlatformNotSupportedException>(() => new UdpReceiveGroup());
            return;
        }
        const int perSocket = 40;
        using var group = new UdpReceiveGroup("test group", TimeSpan.FromMicroseconds(spinMicroseconds));
        var received = new ConcurrentQueue<(int Socket, byte[] Datagram, int Thread, bool OnLoop)>();
        var sockets = new UdpDatagramSocket[3];
        for (int s = 0; s < sockets.Length; s++)
        {
            int index = s;
            sockets[s] = UdpDatagramSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0),
                (datagram, from) =>
                {
                    received.Enqueue((index, datagram.ToArray(), Environment.CurrentManagedThreadId, sockets[index].IsOnLoop));
                    sockets[index].SendTo(datagram[..1], from); // an echo from the handler goes out directly
                },
                batched: true, group: group);
            Assert.False(sockets[s].IsBatched);
            sockets[s].Start();
        }
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        // Posted work runs on the group's thread, as the socket's loop.
        int workThread = await sockets[1].InvokeAsync(() => sockets[1].IsOnLoop ? Environment.CurrentManagedThreadId : -1).WaitAsync(PeerTestRig.Wait);
        Assert.NotEqual(-1, workThread);
        Assert.Equal(3, group.Count);

        for (int i = 0; i < perSocket; i++)
        {
            for (int s = 0; s < sockets.Length; s++) sender.SendTo(Payload(s, i), sockets[s].LocalEndPoint);
        }
        using (var timeout = new CancellationTokenSource(PeerTestRig.Wait))
        {
            var echo = new byte[16];
            for (int i = 0; i < perSocket * sockets.Length; i++) await sender.ReceiveAsync(echo, SocketFlags.None, timeout.Token);
        }

        Assert.Equal(perSocket * sockets.Length, received.Count);
        Assert.All(received, r => Assert.True(r.OnLoop));
        Assert.Single(received.Select(r => r.Thread).Append(workThread).Distinct());
        for (int s = 0; s < sockets.Length; s++)
        {
            Assert.Equal(Enumerable.Range(0, perSocket).Select(i => Payload(s, i)), received.Where(r => r.Socket == s).Select(r => r.Datagram));
        }

        // A member that leaves stops receiving; the others carry on.
        await sockets[0].DisposeAsync().AsTask().WaitAsync(PeerTestRig.Wait);
        received.Clear();
        sender.SendTo(Payload(2, 99), sockets[2].LocalEndPoint);
        await WaitUntil(() => received.Any(r => r.Socket == 2));
        Assert.Equal(2, group.Count);

        // A socket joining later (most likely on the descriptor number the leaver freed) is served too.
        await using var late = UdpDatagramSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0),
            (datagram, _) => received.Enqueue((3, datagram.ToArray(), Environment.CurrentManagedThreadId, true)), batched: true, group: group);
        late.Start();
        sender.SendTo(Payload(3, 1), late.LocalEndPoint);
        await WaitUntil(() => received.Any(r => r.Socket == 3));
        Assert.Equal(3, group.Count);
        await late.DisposeAsync();
        Assert.All(sockets, s => Assert.Equal(0, s.HandlerFaults));
        foreach (UdpDatagramSocket socket in sockets[1..]) await socket.DisposeAsync().AsTask().WaitAsync(PeerTestRig.Wait);
        await WaitUntil(() => group.Count == 0);
    }

    [Fact]
    public async Task A_client_in_a_group_sees_every_srtp_packet_with_its_header_in_clear_and_only_accepted_ones_are_decrypted()
    {
        if (!UdpReceiveGroup.IsSupported) return; // the group itself is covered above
        using var group = new UdpReceiveGroup("test clients");
        var seen = new ConcurrentQueue<(ushort Sequence, uint Ssrc, byte[] Packet)>();
        var options = new WebRtcClientOptions
        {
            ReceiveGroup = group,
            SrtpFilter = packet =>
            {
                ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
                seen.Enqueue((sequence, BinaryPrimitives.ReadUInt32BigEndian(packet[8..]), packet.ToArray()));
                return sequence % 2 == 0; // a 1-in-2 sample
            },
        };
        await using PeerTestRig rig = await PeerTestRig.ConnectAsync(clientOptions: options);
        PeerTrack serverVideo = rig.Server.Tracks.Single(t => t.Kind == "video");
        byte vp8 = (byte)serverVideo.Codecs.First(c => c.Name == "VP8").PayloadType;
        var delivered = new ConcurrentQueue<byte[]>();
        rig.Client.RtpReceived += (_, _, packet) => delivered.Enqueue(packet.ToArray());

        byte[][] sent = Enumerable.Range(1, 10).Select(i => PeerTestRig.RtpPacket(serverVideo.LocalSsrc, (ushort)i, vp8, 300, fill: (byte)i)).ToArray();
        foreach (byte[] packet in sent) Assert.True(rig.Server.SendRtp(packet));
        await WaitUntil(() => seen.Count == 10 && delivered.Count == 5);

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (ushort)i), seen.Select(s => s.Sequence));
        Assert.All(seen, s => Assert.Equal(serverVideo.LocalSsrc, s.Ssrc));
        // The filter saw the packets as sent on the wire: the header as sent, the payload encrypted.
        Assert.All(seen, s => Assert.Equal(sent[s.Sequence - 1][..12], s.Packet[..12]));
        Assert.All(seen, s => Assert.NotEqual(sent[s.Sequence - 1][12..], s.Packet[12..sent[s.Sequence - 1].Length]));
        // Refused packets were neither authenticated nor delivered; the accepted ones (after gaps) decrypt intact.
        Assert.Equal(sent.Where((_, i) => (i + 1) % 2 == 0), delivered);
        Assert.Equal(0, rig.Client.Counters.SrtpAuthenticationFailures);
        Assert.Equal(5, rig.Client.Counters.RtpReceived);
    }

    private static byte[] Payload(int socket, int index)
    {
        var payload = new byte[64 + index];
        payload[0] = (byte)socket;
        payload[1] = (byte)index;
        for (int i = 2; i < payload.Length; i++) payload[i] = (byte)(i * 13 + index + socket);
        return payload;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(PeerTestRig.Wait);
        while (!condition()) await Task.Delay(10, timeout.Token);
    }
}
