using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Conference.Media.Ice;
using Conference.Media.Peer;
using Conference.Media.Sdp;
using Conference.Media.Stun;

namespace Conference.Media.Tests.Peer;

/// <summary>The engine's one socket: per-peer demultiplexing, consent, and what happens to stray or hostile datagrams.</summary>
public sealed class MediaEngineDemuxTests
{
    [Fact]
    public async Task Two_peers_on_one_engine_socket_each_get_only_their_own_media()
    {
        await using var engine = MediaEngine.Start(new MediaEngineOptions());
        await using PeerTestRig first = await PeerTestRig.ConnectAsync(engine: engine, offer: PeerTestRig.AudioVideoData(0xA1, 0xB1));
        await using PeerTestRig second = await PeerTestRig.ConnectAsync(engine: engine, offer: PeerTestRig.AudioVideoData(0xA2, 0xB2));
        var atFirst = new List<uint>();
        var atSecond = new List<uint>();
        var bothArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Record(List<uint> into, ReadOnlySpan<byte> packet)
        {
            uint ssrc = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8));
            lock (atFirst)
            {
                into.Add(ssrc);
                if (atFirst.Count >= 3 && atSecond.Count >= 3) bothArrived.TrySetResult();
            }
        }
        first.Server.RtpReceived += (_, _, packet) => Record(atFirst, packet);
        second.Server.RtpReceived += (_, _, packet) => Record(atSecond, packet);

        for (ushort seq = 1; seq <= 3; seq++)
        {
            Assert.True(first.Client.SendRtp(PeerTestRig.RtpPacket(0xA1, seq, 111)));
            Assert.True(second.Client.SendRtp(PeerTestRig.RtpPacket(0xA2, seq, 111)));
        }

        await bothArrived.Task.WaitAsync(PeerTestRig.Wait);
        lock (atFirst)
        {
            Assert.Equal([0xA1u, 0xA1u, 0xA1u], atFirst);
            Assert.Equal([0xA2u, 0xA2u, 0xA2u], atSecond);
        }
        Assert.NotEqual(first.Server.RemoteEndPoint, second.Server.RemoteEndPoint);
        Assert.Equal(2, engine.Peers.Count);
    }

    [Fact]
    public async Task Datagrams_from_an_address_that_never_passed_ICE_are_dropped_counted_and_never_answered()
    {
        await using PeerTestRig rig = await PeerTestRig.ConnectAsync();
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        long before = rig.Engine.Counters.DroppedUnknownAddress;

        stranger.SendTo(PeerTestRig.RtpPacket(0x1111, 99, 111), rig.Engine.LocalEndPoint);   // SRTP-looking
        stranger.SendTo(PeerTestRig.RtcpCompound(0x1111, 1), rig.Engine.LocalEndPoint);      // SRTCP-looking
        stranger.SendTo([22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], rig.Engine.LocalEndPoint); // DTLS record

        await PeerTestRig.Eventually(() => rig.Engine.Counters.DroppedUnknownAddress >= before + 3, "3 drops counted");
        Assert.False(stranger.Poll(TimeSpan.FromMilliseconds(200), SelectMode.SelectRead), "the engine answered a stranger");
        Assert.Equal(0, rig.Engine.Counters.RtpReceived);
    }

    [Fact]
    public async Task Stun_checks_with_a_wrong_password_are_not_answered_and_do_not_validate_the_address()
    {
        await using PeerTestRig rig = await PeerTestRig.ConnectAsync();
        (string serverUfrag, _, string clientUfrag) = Credentials(rig);
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        byte[] forged = ConnectivityCheck.Build(RandomNumberGenerator.GetBytes(12), serverUfrag, clientUfrag,
            IceRole.Controlling, 1, useCandidate: true, StunCredentials.ShortTermKey("not-the-password-at-all!"));

        stranger.SendTo(forged, rig.Engine.LocalEndPoint);
        await PeerTestRig.Eventually(() => rig.Engine.Counters.StunBadIntegrity == 1, "bad integrity counted");
        stranger.SendTo(PeerTestRig.RtpPacket(0x1111, 5, 111), rig.Engine.LocalEndPoint);
        await PeerTestRig.Eventually(() => rig.Engine.Counters.DroppedUnknownAddress == 1, "media from the forger dropped");

        Assert.False(stranger.Poll(TimeSpan.FromMilliseconds(200), SelectMode.SelectRead));
        Assert.Equal(rig.Client.LocalEndPoint, rig.Server.RemoteEndPoint);
    }

    [Fact]
    public async Task Srtp_that_fails_authentication_from_a_validated_address_is_dropped_and_counted()
    {
        await using PeerTestRig rig = await PeerTestRig.ConnectAsync();
        (string serverUfrag, string serverPwd, string clientUfrag) = Credentials(rig);
        using var second = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        second.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        // A correctly authenticated check (not nominating) validates this second address for the session.
        byte[] check = ConnectivityCheck.Build(RandomNumberGenerator.GetBytes(12), serverUfrag, clientUfrag,
            IceRole.Controlling, 1, useCandidate: false, StunCredentials.ShortTermKey(serverPwd));
        second.SendTo(check, rig.Engine.LocalEndPoint);
        var response = new byte[512];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        second.ReceiveTimeout = (int)PeerTestRig.Wait.TotalMilliseconds;
        int length = second.ReceiveFrom(response, ref from);
        Assert.True(StunMessage.TryParse(response.AsSpan(0, length), out StunMessageView answer));
        Assert.Equal(StunClass.SuccessResponse, answer.Class);

        var forged = PeerTestRig.RtpPacket(0x1111, 1000, 111, 100);
        second.SendTo(forged, rig.Engine.LocalEndPoint); // 100 bytes of "payload" cannot carry a valid tag

        await PeerTestRig.Eventually(() => rig.Engine.Counters.SrtpAuthenticationFailures == 1, "SRTP authentication failure counted");
        Assert.Equal(0, rig.Engine.Counters.RtpReceived);
        Assert.Equal(rig.Client.LocalEndPoint, rig.Server.RemoteEndPoint); // not nominated: media still goes to the client
    }

    [Fact]
    public async Task Garbage_datagrams_are_dropped_and_counted_and_the_engine_keeps_working()
    {
        await using PeerTestRig rig = await PeerTestRig.ConnectAsync();
        using var noise = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        noise.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var random = new Random(1234);
        const int count = 300;
        for (int i = 0; i < count; i++)
        {
            var datagram = new byte[random.Next(1, 300)];
            random.NextBytes(datagram);
            if (i % 3 == 0) datagram[0] = (byte)random.Next(0, 4); // STUN range: exercises the STUN parser
            noise.SendTo(datagram, rig.Engine.LocalEndPoint);
        }
        MediaEngineCounters c = rig.Engine.Counters;
        await PeerTestRig.Eventually(
            () => c.DroppedUnclassified + c.DroppedUnknownAddress + c.StunMalformed + c.StunUnknownUsername + c.StunIgnored + c.StunBadIntegrity >= count,
            $"{count} garbage datagrams accounted for");

        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Server.RtpReceived += (_, _, _) => received.TrySetResult();
        Assert.True(rig.Client.SendRtp(PeerTestRig.RtpPacket(0x1111, 1, 111)));
        await received.Task.WaitAsync(PeerTestRig.Wait);
        Assert.Equal(PeerState.Connected, rig.Server.State);
    }

    private static (string ServerUfrag, string ServerPwd, string ClientUfrag) Credentials(PeerTestRig rig)
    {
        Assert.True(SessionDescription.TryParse(rig.Answer, out SessionDescription answer, out _));
        Assert.True(SessionDescription.TryParse(rig.Offer, out SessionDescription offer, out _));
        return (answer.Media[0].IceUfrag!, answer.Media[0].IcePwd!, offer.Media[0].IceUfrag!);
    }
}
