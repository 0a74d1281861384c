using System.Collections.Concurrent;
using Conference.Media.Peer;
using Conference.Media.Rtp;
using Conference.Media.Sdp;
using Conference.Media.Sfu.Rooms;
using Conference.Media.Tests.Peer;

namespace Conference.Media.Tests.Sfu;

/// <summary>
/// One participant of the churn test: a publisher client (audio + video) and a subscriber client that answers every
/// offer the room makes, counting what it receives and checking each payload arrived intact (the pattern the
/// publisher wrote). Counters of closed clients are kept, so nothing a disposed client saw is lost to the checks.
/// </summary>
internal sealed class ChurnParticipant(string id, SfuRoom room, int generation)
{
    public const int PayloadLength = 160;
    private WebRtcClientPeer? _publisher;
    private WebRtcClientPeer? _subscriber;
    private readonly List<MediaEngineCounters> _closedCounters = [];
    private long _received, _corrupt, _lastReceived;
    private ushort _sequence;
    private byte _audioPt, _videoPt;

    public string Id { get; } = id;
    public uint AudioSsrc { get; } = 0xA0000u + (uint)generation;
    public uint VideoSsrc { get; } = 0xB0000u + (uint)generation;
    public bool Muted { get; set; }
    public bool PublishesVideo { get; set; } = true;
    public long Received => Interlocked.Read(ref _received);
    public long Corrupt => Interlocked.Read(ref _corrupt);

    public IEnumerable<MediaEngineCounters> Counters =>
        _closedCounters.Concat(new[] { _publisher?.Counters, _subscriber?.Counters }.OfType<MediaEngineCounters>());

    public IReadOnlyList<SfuTrackInfo> Tracks =>
    [
        new($"{Id}-mic", "audio-0", "audio", "microphone", Muted),
        .. PublishesVideo ? [new SfuTrackInfo($"{Id}-cam", "video-1", "video", "camera", false)] : Array.Empty<SfuTrackInfo>(),
    ];

    public async Task JoinAsync()
    {
        await room.SetTracksAsync(Id, Tracks);
        var publisher = WebRtcClientPeer.Create();
        string offer = publisher.CreateOffer(new ClientOfferOptions { DataChannel = false }
            .WithAudio(AudioSsrc, MediaDirection.SendOnly).WithVideo(VideoSsrc, direction: MediaDirection.SendOnly));
        var published = await room.PublishAsync(Id, offer);
        Assert.True(published.Accepted, published.Error);
        publisher.SetAnswer(published.Sdp!);
        await publisher.Connected.WaitAsync(PeerTestRig.Wait);
        _audioPt = (byte)publisher.Tracks.Single(t => t.Kind == "audio").Codecs[0].PayloadType;
        _videoPt = (byte)publisher.Tracks.Single(t => t.Kind == "video").Codecs.First(c => c.Name == "VP8").PayloadType;
        Volatile.Write(ref _publisher, publisher);
        await SubscribeAsync();
    }

    /// <summary>A fresh subscriber connection (the old one closed), answered at once.</summary>
    public async Task SubscribeAsync()
    {
        var subscriber = WebRtcClientPeer.Create();
        subscriber.RtpReceived += (_, track, packet) => OnReceived(packet, track.Kind == "video");
        var offer = await room.SubscribeAsync(Id);
        if (Interlocked.Exchange(ref _subscriber, subscriber) is { } previous) await CloseAsync(previous);
        await AnswerAsync(offer);
    }

    /// <summary>Answers a re-offer the room made for this participant.</summary>
    public async Task AnswerAsync(SfuOffer offer)
    {
        var subscriber = Volatile.Read(ref _subscriber)!;
        Assert.True(subscriber.TryAcceptOffer(offer.Sdp, null, out var answer, out var error), error);
        string? refused = await room.SetSubscriberAnswerAsync(Id, offer.Revision, answer!);
        // A newer offer may already be on its way (it was made while this one was pending): only a stale revision is fine.
        Assert.True(refused is null || refused.Contains("revision"), refused);
    }

    /// <summary>One audio packet and one video packet (a keyframe every 10th), each payload an increasing byte pattern.</summary>
    public void SendMedia()
    {
        if (Volatile.Read(ref _publisher) is not { State: PeerState.Connected } publisher) return;
        ushort sequence = ++_sequence;
        publisher.SendRtp(Packet(AudioSsrc, sequence, _audioPt, keyframe: false, video: false));
        if (PublishesVideo) publisher.SendRtp(Packet(VideoSsrc, sequence, _videoPt, keyframe: sequence % 10 == 0, video: true));
    }

    /// <summary>Asks for the last received video packet again (the SFU answers from its cache with RTX).</summary>
    public void SendNack()
    {
        long last = Interlocked.Read(ref _lastReceived);
        if (last == 0 || Volatile.Read(ref _subscriber) is not { State: PeerState.Connected } subscriber) return;
        var nack = new byte[32];
        if (GenericNack.TryWrite(nack, 0x5EED, (uint)(last >> 16), [(ushort)last], out int length)) subscriber.SendRtcp(nack.AsSpan(0, length));
    }

    public async Task LeaveAsync()
    {
        await room.RemoveAsync(Id);
        if (Interlocked.Exchange(ref _publisher, null) is { } publisher) await CloseAsync(publisher);
        if (Interlocked.Exchange(ref _subscriber, null) is { } subscriber) await CloseAsync(subscriber);
    }

    private async Task CloseAsync(WebRtcClientPeer client)
    {
        await client.DisposeAsync();
        lock (_closedCounters) _closedCounters.Add(client.Counters);
    }

    private static byte[] Packet(uint ssrc, ushort sequence, byte payloadType, bool keyframe, bool video)
    {
        var packet = PeerTestRig.RtpPacket(ssrc, sequence, payloadType, PayloadLength, fill: (byte)sequence);
        if (video)
        {
            packet[12] = 0x10; // RFC 7741 descriptor: S=1, PID=0
            packet[13] = keyframe ? (byte)0x00 : (byte)0x01;
        }
        return packet;
    }

    /// <summary>The payload after the VP8 header bytes must still be the publisher's increasing pattern.</summary>
    private void OnReceived(ReadOnlySpan<byte> packet, bool video)
    {
        Interlocked.Increment(ref _received);
        if (!RtpPacket.TryParse(packet, out var header)) return;
        var payload = header.GetPayload(packet);
        // Video only: audio has no RTX, and a plain resend reuses an SRTP index the receiver rightly rejects as a replay.
        if (video && payload.Length == PayloadLength) Interlocked.Exchange(ref _lastReceived, (long)header.Ssrc << 16 | header.SequenceNumber);
        if (payload.Length == PayloadLength + 2) payload = payload[2..]; // RTX: the original sequence number first
        if (payload.Length != PayloadLength)
        {
            Interlocked.Increment(ref _corrupt);
            return;
        }
        for (int i = 3; i < payload.Length; i++)
        {
            if (payload[i] != (byte)(payload[i - 1] + 1))
            {
                Interlocked.Increment(ref _corrupt);
                return;
            }
        }
    }
}
