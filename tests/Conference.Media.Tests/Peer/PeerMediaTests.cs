using Conference.Media.Dtls;
using Conference.Media.Peer;
using Conference.Media.Sctp;

namespace Conference.Media.Tests.Peer;

/// <summary>SRTP/SRTCP media and SCTP data channels between our client peer and our engine.</summary>
public sealed class PeerMediaTests
{
    [Theory]
    [InlineData(DtlsRole.Client)]
    [InlineData(DtlsRole.Server)]
    public async Task Rtp_arrives_decrypted_and_byte_identical_both_ways(DtlsRole serverRole)
    {
        await using PeerTestRig rig = await PeerTestRig.ConnectAsync(serverRole);
        PeerTrack serverVideo = rig.Server.Tracks.Single(t => t.Kind == "video");
        PeerTrack clientVideo = rig.Client.Tracks.Single(t => t.Kind == "video");
        byte vp8 = (byte)serverVideo.Codecs.First(c => c.Name == "VP8").PayloadType;
        var atServer = new TaskCompletionSource<(PeerTrack, byte[])>(TaskCreationOptions.RunContinuationsAsynchronously);
        var atClient = new TaskCompletionSource<(PeerTrack, byte[])>(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Server.RtpReceived += (peer, track, packet) => atServer.TrySetResult((track, packet.ToArray()));
        rig.Client.RtpReceived += (peer, track, packet) => atClient.TrySetResult((track, packet.ToArray()));

        byte[] up = PeerTestRig.RtpPacket(0x2222, 1, vp8, 1000);
        byte[] down = PeerTestRig.RtpPacket(serverVideo.LocalSsrc, 7, vp8, 1100, fill: 0x11);
        Assert.True(rig.Client.SendRtp(up));
        Assert.True(rig.Server.SendRtp(down));

        (PeerTrack upTrack, byte[] upReceived) = await atServer.Task.WaitAsync(PeerTestRig.Wait);
        (PeerTrack downTrack, byte[] downReceived) = await atClient.Task.WaitAsync(PeerTestRig.Wait);
        Assert.Equal(up, upReceived);
        Assert.Same(serverVideo, upTrack);
        Assert.Equal(down, downReceived);
        Assert.Same(clientVideo, downTrack);
        Assert.Equal(1, rig.Engine.Counters.RtpReceived);
    }

    [Fact]
    public async Task Rtcp_arrives_decrypted_and_byte_identical_both_ways()
    {
        await using PeerTestRig rig = await PeerTestRig.ConnectAsync();
        var atServer = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var atClient = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Server.RtcpReceived += (peer, packet) => atServer.TrySetResult(packet.ToArray());
        rig.Client.RtcpReceived += (peer, packet) => atClient.TrySetResult(packet.ToArray());

        byte[] up = PeerTestRig.RtcpCompound(0x1111, rig.Server.Tracks[1].LocalSsrc);
        byte[] down = PeerTestRig.RtcpCompound(rig.Server.Tracks[0].LocalSsrc, 0x2222);
        Assert.True(rig.Client.SendRtcp(up));
        Assert.True(rig.Server.SendRtcp(down));

        Assert.Equal(up, await atServer.Task.WaitAsync(PeerTestRig.Wait));
        Assert.Equal(down, await atClient.Task.WaitAsync(PeerTestRig.Wait));
    }

    [Fact]
    public async Task Server_routes_by_mid_extension_when_the_ssrc_was_not_signalled()
    {
        await using PeerTestRig rig = await PeerTestRig.ConnectAsync();
        PeerTrack audio = rig.Server.Tracks.Single(t => t.Kind == "audio");
        byte midId = audio.HeaderExtensions[Conference.Media.Rtp.RtpExtensionUris.Mid];
        var received = new TaskCompletionSource<PeerTrack>(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Server.RtpReceived += (peer, track, packet) => received.TrySetResult(track);

        // RFC 8285 §4.2 one-byte extension carrying the audio section's mid, on an SSRC the SDP never named.
        byte[] body = PeerTestRig.RtpPacket(0x5555, 3, 111, 20);
        byte[] mid = System.Text.Encoding.ASCII.GetBytes(audio.Mid);
        var packet = new byte[body.Length + 8];
        body.AsSpan(0, 12).CopyTo(packet);
        packet[0] |= 0x10;
        packet[12] = 0xBE; packet[13] = 0xDE; packet[14] = 0; packet[15] = 1;
        packet[16] = (byte)((midId << 4) | (mid.Length - 1));
        mid.CopyTo(packet.AsSpan(17));
        body.AsSpan(12).CopyTo(packet.AsSpan(20));
        Assert.True(rig.Client.SendRtp(packet));

        Assert.Same(audio, await received.Task.WaitAsync(PeerTestRig.Wait));
        Assert.Contains(0x5555u, audio.RemoteSsrcs);
    }

    [Fact]
    public async Task Data_channel_text_binary_and_100_KiB_both_ways()
    {
        await using PeerTestRig rig = await PeerTestRig.ConnectAsync();
        var serverChannel = new TaskCompletionSource<DataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        var serverInbox = new MessageInbox();
        rig.Server.DataChannelOpened += channel =>
        {
            channel.MessageReceived += serverInbox.Add;
            serverChannel.TrySetResult(channel);
        };
        var clientInbox = new MessageInbox();
        var clientOpened = new TaskCompletionSource<DataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Client.DataChannelOpened += channel => clientOpened.TrySetResult(channel);

        DataChannel chat = rig.Client.CreateDataChannel("chat");
        chat.MessageReceived += clientInbox.Add;
        Assert.Same(chat, await clientOpened.Task.WaitAsync(PeerTestRig.Wait));
        var big = new byte[100 * 1024];
        new Random(7).NextBytes(big);
        chat.Send("hello server");
        chat.Send([1, 2, 3]);
        chat.Send(big);

        DataChannel remote = await serverChannel.Task.WaitAsync(PeerTestRig.Wait);
        Assert.Equal("chat", remote.Label);
        await serverInbox.Expect(false, "hello server"u8.ToArray());
        await serverInbox.Expect(true, new byte[] { 1, 2, 3 });
        await serverInbox.Expect(true, big);

        remote.Send("hello client");
        remote.Send([4, 5]);
        remote.Send(big.Reverse().ToArray());
        await clientInbox.Expect(false, "hello client"u8.ToArray());
        await clientInbox.Expect(true, new byte[] { 4, 5 });
        await clientInbox.Expect(true, big.Reverse().ToArray());
    }

    [Fact]
    public async Task Server_opened_data_channel_reaches_the_client()
    {
        await using PeerTestRig rig = await PeerTestRig.ConnectAsync(DtlsRole.Server);
        var atClient = new TaskCompletionSource<DataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        var inbox = new MessageInbox();
        rig.Client.DataChannelOpened += channel =>
        {
            channel.MessageReceived += inbox.Add;
            atClient.TrySetResult(channel);
        };
        var serverOpened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Server.DataChannelOpened += _ => serverOpened.TrySetResult();

        DataChannel events = rig.Server.CreateDataChannel("events");
        await serverOpened.Task.WaitAsync(PeerTestRig.Wait);
        events.Send("joined");

        Assert.Equal("events", (await atClient.Task.WaitAsync(PeerTestRig.Wait)).Label);
        await inbox.Expect(false, "joined"u8.ToArray());
    }

    /// <summary>Collects (isBinary, data) messages in arrival order.</summary>
    private sealed class MessageInbox
    {
        private readonly System.Threading.Channels.Channel<(bool, byte[])> _messages =
            System.Threading.Channels.Channel.CreateUnbounded<(bool, byte[])>();

        public void Add(bool isBinary, byte[] data) => _messages.Writer.TryWrite((isBinary, data));

        public async Task Expect(bool isBinary, byte[] data)
        {
            (bool binary, byte[] received) = await _messages.Reader.ReadAsync().AsTask().WaitAsync(PeerTestRig.Wait);
            Assert.Equal(isBinary, binary);
            Assert.Equal(data, received);
        }
    }
}
