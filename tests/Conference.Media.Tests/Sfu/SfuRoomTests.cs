using System.Buffers.Binary;
using System.Collections.Concurrent;
using Conference.Media.Peer;
using Conference.Media.Rtp;
using Conference.Media.Sdp;
using Conference.Media.Sfu.Rooms;
using Conference.Media.Tests.Peer;

namespace Conference.Media.Tests.Sfu;

/// <summary>
/// A room on a real engine with our own clients on both legs: a publisher (offers sendonly audio+video) and a
/// subscriber (answers the room's offers), over UDP with ICE, DTLS and SRTP. What the room wiring must do: pair the
/// room's track records with the publisher's sections, forward with rewritten SSRCs, start video at a keyframe it
/// asks for, stop a muted track, renegotiate when a publisher leaves, count it all.
/// </summary>
public sealed class SfuRoomTests : IAsyncLifetime
{
    private MediaEngine _engine = null!;
    private SfuRoom _room = null!;
    private readonly SfuCounters _counters = new();
    private ushort _audioSeq = 100, _videoSeq = 100; // one sequence per stream: a jump back would read as stale packets

    public Task InitializeAsync()
    {
        _engine = MediaEngine.Start(new MediaEngineOptions());
        _room = new SfuRoom("room-1", _engine, _counters);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _room.DisposeAsync();
        await _engine.DisposeAsync();
    }

    [Fact]
    public async Task Forwards_a_publishers_tracks_to_a_subscriber_from_a_requested_keyframe_and_stops_a_muted_one()
    {
        // The publisher: its client track ids are what its offer's a=msid says (ClientOffer: "<kind>-<mid>").
        await using var publisher = WebRtcClientPeer.Create();
        var publisherRtcp = new ConcurrentQueue<byte[]>();
        publisher.RtcpReceived += (_, rtcp) => publisherRtcp.Enqueue(rtcp.ToArray());
        var tracks = new List<SfuTrackInfo>
        {
            new("mic", "audio-0", "audio", "microphone", false),
            new("cam", "video-1", "video", "camera", false),
        };
        await _room.SetTracksAsync("alice", tracks);
        var offer = publisher.CreateOffer(new ClientOfferOptions { DataChannel = false }
            .WithAudio(0xA0D10, MediaDirection.SendOnly).WithVideo(0x71DE0, direction: MediaDirection.SendOnly));
        var answer = await Published(_room.PublishAsync("alice", offer));
        string? error;
        publisher.SetAnswer(answer);
        await publisher.Connected.WaitAsync(PeerTestRig.Wait);
        Assert.Equal(2, _room.PublishedTrackCount);

        // The subscriber: its first offer already carries both tracks, named by the publisher's participant id.
        await using var subscriber = WebRtcClientPeer.Create();
        var received = new ConcurrentQueue<(string? TrackId, byte[] Packet)>();
        var subscriberRtcp = new ConcurrentQueue<byte[]>();
        subscriber.RtcpReceived += (_, rtcp) => subscriberRtcp.Enqueue(rtcp.ToArray());
        subscriber.RtpReceived += (_, track, packet) => received.Enqueue((track.RemoteMsid?.TrackId, packet.ToArray()));
        var first = await _room.SubscribeAsync("bob");
        Assert.True(subscriber.TryAcceptOffer(first.Sdp, null, out var subscriberAnswer, out error), error);
        Assert.Null(await _room.SetSubscriberAnswerAsync("bob", first.Revision, subscriberAnswer!));
        await subscriber.Connected.WaitAsync(PeerTestRig.Wait);
        Assert.Equal(["cam", "mic"], subscriber.Tracks.Select(t => t.RemoteMsid?.TrackId)); // per publisher, by track id
        Assert.All(subscriber.Tracks, t => Assert.Equal("alice", t.RemoteMsid?.StreamId));
        Assert.Equal(2, _room.SubscriptionCount);

        var audio = publisher.Tracks.Single(t => t.Kind == "audio");
        var video = publisher.Tracks.Single(t => t.Kind == "video");
        byte audioPt = (byte)audio.Codecs[0].PayloadType, videoPt = (byte)video.Codecs.First(c => c.Name == "VP8").PayloadType;

        // Audio flows with the SSRC the subscriber's offer announced.
        uint offeredAudioSsrc = subscriber.Tracks.Single(t => t.Kind == "audio").RemoteSsrcs.Single();
        await SendUntil(publisher, () => PeerTestRig.RtpPacket(0xA0D10, _audioSeq++, audioPt), () => received.Any(r => r.TrackId == "mic"), "forwarded audio");
        var forwarded = received.First(r => r.TrackId == "mic").Packet;
        Assert.Equal(offeredAudioSsrc, BinaryPrimitives.ReadUInt32BigEndian(forwarded.AsSpan(8)));

        // Video waits for a keyframe and asks the publisher for one (PLI for its SSRC).
        await SendUntil(publisher, () => Vp8(0x71DE0, _videoSeq++, videoPt, keyframe: false), () => publisherRtcp.Any(IsPliFor0x71De0), "a PLI to the publisher");
        Assert.DoesNotContain(received, r => r.TrackId == "cam");
        await SendUntil(publisher, () => Vp8(0x71DE0, _videoSeq++, videoPt, keyframe: true), () => received.Any(r => r.TrackId == "cam"), "video from the keyframe on");
        Assert.True(_counters.KeyframeRequestsSent > 0);
        Assert.True(_counters.ForwardedPackets >= 2);
        Assert.Equal(["publisher", "subscriber"], _counters.FirstForwardSamples.Select(s => s.Side).Order()); // connect time, once per connection
        Assert.All(_counters.FirstForwardSamples, s => Assert.True(s.Milliseconds > 0));

        // RTCP per leg, about once a second: RR + REMB to the publisher (its video bitrate), SR to the subscriber.
        await SendUntil(publisher, () => Vp8(0x71DE0, _videoSeq++, videoPt, keyframe: false),
            () => publisherRtcp.Any(c => Has(c, p => ReceiverEstimatedMaxBitrate.TryParse(p, out var remb) && remb.Bitrate > 0))
                && subscriberRtcp.Any(c => Has(c, p => SenderReport.TryParse(p, out _))), "RR+REMB to the publisher and an SR to the subscriber");
        Assert.True(_counters.PublisherReports > 0 && _counters.SubscriberReports > 0);

        // A NACK from the subscriber is answered from the SFU's cache: RTX (negotiated) carrying the original sequence number.
        var lostPacket = received.Last(r => r.TrackId == "cam").Packet;
        ushort lostSequence = BinaryPrimitives.ReadUInt16BigEndian(lostPacket.AsSpan(2));
        uint videoSsrc = BinaryPrimitives.ReadUInt32BigEndian(lostPacket.AsSpan(8));
        var nack = new byte[64];
        Assert.True(GenericNack.TryWrite(nack, 0x5B5C, videoSsrc, [lostSequence], out int nackLength));
        int receivedBefore = received.Count;
        Assert.True(subscriber.SendRtcp(nack.AsSpan(0, nackLength)));
        await PeerTestRig.Eventually(() => received.Skip(receivedBefore).Any(r => IsRetransmissionOf(r.Packet, lostSequence, videoSsrc)), "the retransmission");
        Assert.True(_counters.NacksReceived > 0 && _counters.Retransmissions > 0);

        // Muting stops the audio at the subscriber; nothing else changes.
        await _room.SetTracksAsync("alice", [tracks[0] with { Muted = true }, tracks[1]]);
        await Task.Delay(100); // packets in flight before the mute
        int before = received.Count(r => r.TrackId == "mic");
        for (int i = 0; i < 20; i++) publisher.SendRtp(PeerTestRig.RtpPacket(0xA0D10, _audioSeq++, audioPt));
        await SendUntil(publisher, () => Vp8(0x71DE0, _videoSeq++, videoPt, keyframe: true), () => received.Count(r => r.TrackId == "cam") > 3, "video still flowing");
        Assert.Equal(before, received.Count(r => r.TrackId == "mic"));
        Assert.Empty(_room.TakeOffers()); // a mute needs no renegotiation

        // The publisher leaves: the subscriber is offered its sections removed.
        await _room.RemoveAsync("alice");
        var reoffer = Assert.Single(_room.TakeOffers());
        Assert.Equal(("bob", 2), (reoffer.ParticipantId, reoffer.Revision));
        Assert.True(SessionDescription.TryParse(reoffer.Sdp, out var sdp, out _));
        Assert.All(sdp.Media.Where(m => m.Kind != "application"), m => Assert.True(m.IsRejected));
        Assert.Equal(0, _room.PublishedTrackCount);
        Assert.Equal(0, _room.SubscriptionCount);
    }

    [Fact]
    public async Task A_failed_subscriber_connection_is_dropped_and_reported_so_the_participant_can_subscribe_again()
    {
        var subscriber = WebRtcClientPeer.Create();
        var offer = await _room.SubscribeAsync("bob");
        Assert.True(subscriber.TryAcceptOffer(offer.Sdp, null, out var answer, out var error), error);
        Assert.Null(await _room.SetSubscriberAnswerAsync("bob", offer.Revision, answer!));
        await subscriber.Connected.WaitAsync(PeerTestRig.Wait);
        Assert.Empty(await _room.TakeFailedSubscribersAsync());

        await subscriber.DisposeAsync(); // close_notify: the server side fails at once
        IReadOnlyList<(string ParticipantId, string Reason)> failed = [];
        await PeerTestRig.Eventually(async () => (failed = await _room.TakeFailedSubscribersAsync()).Count > 0, "the failure noticed");
        Assert.Equal("bob", failed.Single().ParticipantId);
        Assert.Empty(await _room.TakeFailedSubscribersAsync()); // reported once
        Assert.Contains("Subscribe", await _room.SetSubscriberAnswerAsync("bob", offer.Revision, answer!));

        var again = await _room.SubscribeAsync("bob"); // a fresh connection
        Assert.Equal(1, again.Revision);
    }

    [Fact]
    public async Task The_loudest_publisher_by_rfc_6464_audio_level_becomes_the_active_speaker()
    {
        await using var alice = await PublishAudio("alice", "alice-mic", 0xA11CE);
        await using var carol = await PublishAudio("carol", "carol-mic", 0xCA201);
        byte pt = (byte)alice.Tracks[0].Codecs[0].PayloadType;
        (string ParticipantId, string TrackId)? speaker = null;
        await PeerTestRig.Eventually(async () =>
        {
            // 20 ms of "audio" each: alice at -10 dBov, carol silent (-127 dBov); the detector needs ~300 ms of it.
            ushort seq = _audioSeq++;
            alice.SendRtp(WithAudioLevel(PeerTestRig.RtpPacket(0xA11CE, seq, pt), level: 10));
            carol.SendRtp(WithAudioLevel(PeerTestRig.RtpPacket(0xCA201, seq, pt), level: 127));
            await Task.Delay(20);
            speaker ??= await _room.PollActiveSpeakerAsync();
            return speaker is not null;
        }, "an active speaker");
        Assert.Equal(("alice", "alice-mic"), speaker!.Value);
        Assert.Null(await _room.PollActiveSpeakerAsync()); // reported once, until it changes
    }

    private async Task<WebRtcClientPeer> PublishAudio(string participant, string trackId, uint ssrc)
    {
        var client = WebRtcClientPeer.Create();
        await _room.SetTracksAsync(participant, [new SfuTrackInfo(trackId, "audio-0", "audio", "microphone", false)]);
        var offer = client.CreateOffer(new ClientOfferOptions { DataChannel = false }.WithAudio(ssrc, MediaDirection.SendOnly));
        var answer = await Published(_room.PublishAsync(participant, offer));
        client.SetAnswer(answer);
        await client.Connected.WaitAsync(PeerTestRig.Wait);
        return client;
    }

    /// <summary>RFC 8285 one-byte header extension (0xBEDE) carrying RFC 6464 ssrc-audio-level with our offer's id 2.</summary>
    private static byte[] WithAudioLevel(byte[] packet, byte level)
    {
        var result = new byte[packet.Length + 8];
        packet.AsSpan(0, 12).CopyTo(result);
        result[0] |= 0x10; // X
        result[12] = 0xBE; result[13] = 0xDE; result[14] = 0; result[15] = 1; // one 32-bit word of extensions
        result[16] = 2 << 4;                // id 2, length 1 byte
        result[17] = (byte)(0x80 | level);  // V=1, level in -dBov
        packet.AsSpan(12).CopyTo(result.AsSpan(20));
        return result;
    }

    [Fact]
    public async Task Bad_signaling_gets_errors_and_leaves_the_room_as_it_was()
    {
        Assert.Contains("SDP", (await _room.PublishAsync("alice", "garbage")).Error);
        Assert.Contains("PublishOffer", await _room.AddPublisherCandidateAsync("alice", "candidate:1 1 udp 1 127.0.0.1 9 typ host"));
        Assert.Contains("Subscribe", await _room.SetSubscriberAnswerAsync("nobody", 1, "v=0"));
        var offer = await _room.SubscribeAsync("bob");
        Assert.Contains("revision", await _room.SetSubscriberAnswerAsync("bob", offer.Revision + 1, "v=0"));
        Assert.NotNull(await _room.SetSubscriberAnswerAsync("bob", offer.Revision, "garbage"));
        Assert.NotNull(await _room.AddSubscriberCandidateAsync("bob", "candidate:garbage"));
        Assert.Null(await _room.AddSubscriberCandidateAsync("bob", "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host"));
        Assert.Equal(0, _room.PublishedTrackCount);
    }

    [Fact]
    public async Task A_tap_sees_the_publishers_media_packets_but_not_its_rtx_retransmissions_or_probes()
    {
        await using var publisher = WebRtcClientPeer.Create();
        await _room.SetTracksAsync("alice", [new SfuTrackInfo("cam", "video-0", "video", "camera", false)]);
        var offer = publisher.CreateOffer(new ClientOfferOptions { DataChannel = false }.WithVideo(0x71DE0, rtxSsrc: 0x71DE1, MediaDirection.SendOnly));
        publisher.SetAnswer(await Published(_room.PublishAsync("alice", offer)));
        await publisher.Connected.WaitAsync(PeerTestRig.Wait);
        var tap = new CollectingTap();
        await _room.AddTapAsync(tap);
        var video = publisher.Tracks.Single();
        byte vp8 = (byte)video.Codecs.First(c => c.Name == "VP8").PayloadType, rtx = (byte)video.Codecs.First(c => c.Name == "rtx").PayloadType;

        // Each media packet followed by an RTX packet on the RTX SSRC (RFC 4588: the original sequence number first).
        ushort rtxSequence = 1;
        await SendUntil(publisher, () =>
        {
            ushort sequence = _videoSeq++;
            var resend = PeerTestRig.RtpPacket(0x71DE1, rtxSequence++, rtx, payloadLength: 202);
            BinaryPrimitives.WriteUInt16BigEndian(resend.AsSpan(12), sequence);
            publisher.SendRtp(resend);
            return Vp8(0x71DE0, sequence, vp8, keyframe: sequence % 10 == 0);
        }, () => tap.Count >= 20, "media packets at the tap");
        await Task.Delay(100); // the RTX packets sent last have arrived too

        Assert.All(tap.Snapshot(), p => Assert.Equal((vp8, 0x71DE0u), (p.PayloadType, p.Ssrc)));
        await _room.RemoveTapAsync(tap);
    }

    /// <summary>What a tap saw: each packet's payload type and SSRC (the receive loop adds, the test reads).</summary>
    private sealed class CollectingTap : ISfuMediaTap
    {
        private readonly ConcurrentQueue<(byte PayloadType, uint Ssrc)> _seen = new();

        public int Count => _seen.Count;

        public List<(byte PayloadType, uint Ssrc)> Snapshot() => [.. _seen];

        public void OnPublisherRtp(string participantId, string trackId, ReadOnlySpan<byte> packet, in RtpHeader header) =>
            _seen.Enqueue((header.PayloadType, header.Ssrc));
    }

    [Fact]
    public async Task A_resumed_publisher_is_told_its_simulcast_layers_again()
    {
        // Alice publishes a camera with two simulcast layers (RFC 8853: rids and the rtp-stream-id extension, lowest first).
        await using var publisher = WebRtcClientPeer.Create();
        await _room.SetTracksAsync("alice", [new SfuTrackInfo("cam", "video-0", "video", "camera", false)]);
        string offer = publisher.CreateOffer(new ClientOfferOptions { DataChannel = false }.WithVideo(0x71DE0, direction: MediaDirection.SendOnly));
        int video = offer.IndexOf("m=video", StringComparison.Ordinal);
        int end = offer.IndexOf("\r\nm=", video + 1, StringComparison.Ordinal) is var next and >= 0 ? next + 2 : offer.Length;
        offer = offer.Insert(end, "a=extmap:14 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\na=rid:q send\r\na=rid:f send\r\na=simulcast:send q;f\r\n");
        await Published(_room.PublishAsync("alice", offer));

        // Bob subscribes and hides Alice's camera: only the low layer is needed, so Alice is told to pause f — once.
        await using var subscriber = WebRtcClientPeer.Create();
        var first = await _room.SubscribeAsync("bob");
        Assert.True(subscriber.TryAcceptOffer(first.Sdp, null, out var answer, out var error), error);
        Assert.Null(await _room.SetSubscriberAnswerAsync("bob", first.Revision, answer!));
        Assert.Null(await _room.SetVideoViewAsync("bob", "cam", VideoView.Hidden));
        var change = Assert.Single(await _room.TakeLayerChangesAsync());
        Assert.Equal(("alice", "cam"), (change.PublisherId, change.TrackId));
        Assert.Equal(["q"], change.ActiveRids);
        Assert.Equal(["f"], change.PausedRids);
        Assert.Empty(await _room.TakeLayerChangesAsync());

        // Alice's signaling connection dropped meanwhile and she resumed: the same set is announced again, to her alone.
        await _room.ResendLayersAsync("alice");
        await _room.ResendLayersAsync("bob"); // publishes nothing: nothing to announce for him
        var again = Assert.Single(await _room.TakeLayerChangesAsync());
        Assert.Equal(change.PublisherId, again.PublisherId);
        Assert.Equal(change.ActiveRids, again.ActiveRids);
        Assert.Equal(change.PausedRids, again.PausedRids);
        Assert.Empty(await _room.TakeLayerChangesAsync());
    }

    private static async Task<string> Published(Task<SfuAnswer> publishing)
    {
        var published = await publishing;
        Assert.True(published.Accepted, published.Error);
        return published.Sdp!;
    }

    /// <summary>Sends one packet every 20 ms until the condition holds (UDP on a busy machine: no single send is trusted).</summary>
    private static async Task SendUntil(WebRtcClientPeer peer, Func<byte[]> packet, Func<bool> done, string what)
    {
        var deadline = DateTime.UtcNow + PeerTestRig.Wait;
        while (!done())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting for: {what}");
            peer.SendRtp(packet());
            await Task.Delay(20);
        }
    }

    /// <summary>RFC 7741: a one-byte descriptor with S=1, PID=0, then the payload header whose P bit is 0 for a key frame.</summary>
    private static byte[] Vp8(uint ssrc, ushort seq, byte payloadType, bool keyframe)
    {
        var packet = PeerTestRig.RtpPacket(ssrc, seq, payloadType, payloadLength: 200);
        packet[12] = 0x10;
        packet[13] = keyframe ? (byte)0x00 : (byte)0x01;
        return packet;
    }

    /// <summary>RFC 4588 §4: an RTX packet (another SSRC) whose payload starts with the original sequence number; or a plain resend.</summary>
    private static bool IsRetransmissionOf(byte[] packet, ushort sequence, uint mediaSsrc)
    {
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(8));
        if (ssrc == mediaSsrc) return BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2)) == sequence;
        return RtpPacket.TryParse(packet, out var header) && header.PayloadLength >= 2
            && BinaryPrimitives.ReadUInt16BigEndian(header.GetPayload(packet)) == sequence;
    }

    private static bool Has(byte[] compound, Func<ReadOnlySpan<byte>, bool> match)
    {
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out var view))
        {
            if (match(view.Packet)) return true;
        }
        return false;
    }

    private static bool IsPliFor0x71De0(byte[] compound)
    {
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out var view))
        {
            if (PictureLossIndication.TryParse(view.Packet, out _, out uint media) && media == 0x71DE0) return true;
        }
        return false;
    }
}
